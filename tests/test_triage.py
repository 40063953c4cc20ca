"""The symptom checker, case by case: written descriptions, the answers a reader would tick,
the causes that must come up, and the care that must be advised.

Every red-flag case must produce an urgent or emergency card. This must never regress.
"""

import pytest
from django.http import QueryDict

from conditions import triage
from conditions.models import Condition, ConditionSymptom, Status
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db

# (description, answers as a query string, a cause that must be in the top 3, care level)
CASES = [
    (
        "A 55-year-old with calf pain when walking that goes away at rest",
        "symptom=pain-when-walking&symptom=calf-pain&side=both&onset=gradual&trigger=walking-eased-by-rest",
        "peripheral-arterial-disease",
        "see-a-doctor",
    ),
    (
        "Burning and pins and needles in both feet, slowly getting worse, worse at night",
        "symptom=burning-feeling&symptom=tingling&symptom=numbness&area=ankle-and-foot&side=both&onset=gradual&trigger=night-or-rest",
        "peripheral-neuropathy",
        "see-a-doctor",
    ),
    (
        "Pain shooting from the lower back down the back of one leg",
        "symptom=pain-spreading-down-leg&symptom=lower-back-pain&symptom=buttock-pain&side=one",
        "sciatica",
        "see-a-doctor",
    ),
    (
        "Back pain with pain down one leg and a numb foot",
        "symptom=lower-back-pain&symptom=pain-spreading-down-leg&symptom=numbness&side=one",
        "slipped-disc",
        "see-a-doctor",
    ),
    (
        "Legs heavy and sore when standing or walking, better sitting down, for months",
        "symptom=pain-when-walking&symptom=leg-weakness&symptom=buttock-pain&onset=gradual&trigger=walking-eased-by-rest",
        "lumbar-spinal-stenosis",
        "see-a-doctor",
    ),
    (
        "Sore thighs the day after a long run",
        "symptom=aching-muscles&symptom=thigh-pain&area=upper-leg-thigh&trigger=exercise-or-injury",
        "muscle-strain",
        "self-care",
    ),
    (
        "A sudden tight cramp in the calf at night",
        "symptom=muscle-cramps&symptom=calf-pain&onset=sudden&trigger=night-or-rest",
        "leg-cramps",
        "self-care",
    ),
    (
        "An urge to move the legs in bed, with a crawling feeling",
        "symptom=urge-to-move-legs&symptom=tingling&side=both&trigger=night-or-rest",
        "restless-legs-syndrome",
        "see-a-doctor",
    ),
    (
        "Dizzy when standing up, and the legs feel weak",
        "symptom=dizziness&symptom=leg-weakness&side=both&onset=sudden",
        "postural-hypotension",
        "see-a-doctor",
    ),
    (
        "Thirsty and dizzy with cramps after sweating a lot at the gym",
        "symptom=dizziness&symptom=muscle-cramps&symptom=tiredness&trigger=exercise-or-injury",
        "dehydration",
        "self-care",
    ),
    (
        "Mild aching muscles since starting a statin (rhabdomyolysis fits as well: same day)",
        "symptom=aching-muscles&trigger=new-medicine",
        "medication-side-effects",
        "urgent",
    ),
    (
        "Burning and numbness on the outside of one thigh",
        "symptom=burning-feeling&symptom=numbness&symptom=thigh-pain&area=upper-leg-thigh&side=one",
        "meralgia-paraesthetica",
        "see-a-doctor",
    ),
    (
        "Tired all the time, pale, weak legs and dizzy",
        "symptom=tiredness&symptom=leg-weakness&symptom=dizziness",
        "iron-deficiency-anaemia",
        "see-a-doctor",
    ),
    (
        "Numbness and tingling that come and go, blurred vision, poor balance",
        "symptom=numbness&symptom=tingling&symptom=blurred-vision&symptom=poor-balance&onset=gradual",
        "multiple-sclerosis",
        "urgent",
    ),
    (
        "Back ache and stiff legs after long days at a desk",
        "symptom=lower-back-pain&symptom=stiffness&symptom=aching-muscles",
        "poor-posture",
        "self-care",
    ),
    (
        "Cramps, weak legs and tiredness, eating badly",
        "symptom=muscle-cramps&symptom=leg-weakness&symptom=tiredness",
        "nutrient-deficiencies",
        "see-a-doctor",
    ),
    (
        "Red, hot, swollen skin on the shin with a fever",
        "symptom=red-hot-skin&symptom=leg-swelling&symptom=fever&area=lower-leg-calf",
        "cellulitis",
        "urgent",
    ),
]

# Red-flag cases: the care card must be urgent or emergency, whatever else is ticked.
RED_FLAG_CASES = [
    ("Sudden weakness in one leg and the face drooping",
     "symptom=one-sided-weakness&symptom=leg-weakness&side=one&onset=sudden",
     "stroke", "emergency"),
    ("A swollen, red, painful calf in one leg after a long flight",
     "symptom=painful-swollen-leg&symptom=calf-pain&symptom=red-hot-skin&symptom=leg-swelling&side=one",
     "deep-vein-thrombosis", "urgent"),
    ("A leg that suddenly went cold, pale and numb",
     "symptom=cold-pale-leg&symptom=numbness&side=one&onset=sudden",
     "acute-limb-ischaemia", "emergency"),
    ("Numb between the legs and trouble peeing, with back pain",
     "symptom=saddle-numbness&symptom=bladder-bowel-problems&symptom=lower-back-pain",
     "cauda-equina-syndrome", "emergency"),
    ("Tingling and weakness creeping up both legs after a stomach bug",
     "symptom=spreading-weakness&symptom=tingling&symptom=leg-weakness&side=both",
     "guillain-barre-syndrome", "emergency"),
    ("Severe muscle pain and dark pee after a very hard workout",
     "symptom=dark-urine&symptom=aching-muscles&symptom=leg-weakness&trigger=exercise-or-injury",
     "rhabdomyolysis", "emergency"),
    ("Chest pain and a swollen calf",
     "symptom=chest-pain-breathlessness&symptom=painful-swollen-leg",
     "deep-vein-thrombosis", "emergency"),
    ("Heard a snap and cannot stand on the leg",
     "symptom=cannot-bear-weight&symptom=calf-pain&trigger=exercise-or-injury",
     "muscle-strain", "emergency"),
    ("Suddenly confused with weak legs",
     "symptom=sudden-confusion&symptom=leg-weakness&onset=sudden",
     "stroke", "emergency"),
    ("Pain far worse than expected after an injury, with a tight swollen calf",
     "symptom=severe-pain-after-injury&symptom=calf-pain&symptom=leg-swelling&trigger=exercise-or-injury",
     "muscle-strain", "emergency"),
]  # fmt: skip


def run(query):
    return triage.assess(triage.read_answers(QueryDict(query)))


@pytest.mark.parametrize("description, query, cause, care", CASES + RED_FLAG_CASES)
def test_case(description, query, cause, care):
    assessment = run(query)
    top3 = [c.condition.slug for c in assessment.causes[:3]]
    assert cause in top3, (description, top3)
    assert assessment.advice.slug == care, (description, assessment.advice.slug)


@pytest.mark.parametrize("description, query, cause, care", RED_FLAG_CASES)
def test_red_flags_always_lead_with_an_urgent_or_emergency_card(
    client, description, query, cause, care
):
    assessment = run(query)
    assert assessment.red_flags and all(s.red_flag_severity.is_urgent for s in assessment.red_flags)
    html = client.get("/check/?" + query).content.decode()
    result = html.split('id="result-heading"')[1]
    first_card = result.index("care-card--")
    assert result[first_card:].startswith(("care-card--emergency", "care-card--urgent"))
    assert first_card < result.index("Possible causes")


def test_matches_are_explained_in_plain_words():
    assessment = run(CASES[0][1])
    matched = assessment.causes[0].matched
    assert "calf pain" in matched and "both legs" in matched and "came on gradually" in matched


def test_changing_typicality_in_the_admin_changes_the_ranking(admin_client):
    query = "symptom=blurred-vision"  # "sometimes" for each of its three causes
    before = [c.condition.slug for c in run(query).causes]
    link = ConditionSymptom.objects.get(condition__slug=before[-1], symptom__slug="blurred-vision")
    assert link.typicality == ConditionSymptom.Typicality.SOMETIMES
    url = f"/admin/conditions/condition/{link.condition_id}/change/"
    data = form_data(admin_client.get(url))
    prefix = next(
        key.removesuffix("-id")
        for key, value in data.items()
        if key.startswith("symptom_links-") and key.endswith("-id") and value == link.pk
    )
    data[f"{prefix}-typicality"] = ConditionSymptom.Typicality.COMMON
    assert admin_client.post(url, data).status_code == 302

    after = [c.condition.slug for c in run(query).causes]
    assert after[0] == link.condition.slug != before[0]


def test_no_match_says_so_with_general_advice(client):
    Condition.objects.filter(slug="muscle-strain").update(
        status=Status.DRAFT
    )  # bruising's only cause
    html = client.get("/check/?symptom=bruising").content.decode()
    assert "None of the conditions on this site fits your answers well" in html
    assert "See a doctor if your symptoms do not get better" in html
    assert "This is not a diagnosis" in html


@pytest.mark.parametrize(
    "query",
    [
        "symptom=no-such-thing",
        "symptom=tingling&symptom=tingling&symptom=tingling",
        "side=one&side=both&symptom=numbness",
        "onset=yesterday&symptom=numbness",
        "area=elbow&trigger=%00&symptom=%3Cscript%3E",
        "&".join(f"symptom=s{i}" for i in range(500)),
        "symptom=" + "x" * 5000,
        "page=1&q=abc",
    ],
)
def test_bad_input_gets_a_normal_page_with_a_note(client, query):
    response = client.get("/check/?" + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html.split("</head>")[1]


def test_only_published_conditions_take_part():
    query = "symptom=one-sided-weakness&symptom=leg-weakness"
    assert "stroke" in [c.condition.slug for c in run(query).causes]
    Condition.objects.filter(slug="stroke").update(status=Status.DRAFT)
    assert "stroke" not in [c.condition.slug for c in run(query).causes]
    # The warning sign itself still leads with its emergency card.
    assert run(query).red_flags[0].slug == "one-sided-weakness"
