"""The symptom checker at its edges: a warning sign whose more urgent combination needs
another warning sign the reader did not tick, and a rule that names no symptom at all.
"""

import re

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.http import QueryDict

from conditions.checker import warning_signs
from conditions.checker.answers import read_answers
from conditions.checker.outcome import assess, met_rules, settled_by_signs
from conditions.models import Condition, Severity, Status, Symptom, WarningRule

pytestmark = pytest.mark.django_db

# Every step answered: calf pain in one leg that came on suddenly, nothing else.
EVERYDAY = (
    "signs=none&who=not-sure&area=lower-leg-calf&side=one&symptom=calf-pain"
    "&onset=sudden&trigger=none"
)


def levels_on(html):
    return re.findall(r'data-level="([^"]+)"', html)


def test_a_sign_whose_emergency_needs_another_unticked_sign_goes_straight_to_same_day_help(
    client,
):
    """Red, hot skin is a same-day sign. Cellulitis has an emergency rule for it with
    sudden confusion, but confusion is itself a warning sign on the same first screen:
    a reader who did not tick it cannot meet that rule later, so the questions stop."""
    skin = Symptom.objects.get(slug="red-hot-skin")
    assert skin.red_flag_severity.slug == "urgent"
    combination = WarningRule.objects.get(
        condition__slug="cellulitis", text="confusion with a skin infection"
    )
    assert combination.severity.slug == "emergency"
    assert [s.slug for s in combination.symptoms.all()] == ["sudden-confusion"]
    assert Symptom.objects.get(slug="sudden-confusion").is_red_flag

    assert settled_by_signs(read_answers(QueryDict("symptom=red-hot-skin")))
    response = client.get("/check/", {"symptom": "red-hot-skin", "go": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/check/result/?symptom=red-hot-skin"
    html = client.get(response["Location"]).content.decode()
    assert levels_on(html) == ["urgent"]
    assert "confusion with a skin infection" not in html


@pytest.fixture
def rule_without_symptoms():
    """A rule saved past the admin's form (a script, an old import) naming no symptom."""
    return WarningRule.objects.create(
        condition=Condition.objects.get(slug="stroke"),
        severity=Severity.objects.get(slug="emergency"),
        text="it all came on suddenly",
        onset=WarningRule.Onset.SUDDEN,
    )


def test_a_rule_naming_no_symptom_never_decides_the_level_of_care(client, rule_without_symptoms):
    outcome = assess(read_answers(QueryDict(EVERYDAY)))
    assert outcome.level.slug == "see-a-doctor"
    assert outcome.reasons == []
    html = client.get(f"/check/result/?{EVERYDAY}").content.decode()
    assert levels_on(html) == ["see-a-doctor"]
    assert "it all came on suddenly" not in html


def test_a_rule_naming_no_symptom_fails_the_system_check(rule_without_symptoms):
    assert "Stroke: rule “it all came on suddenly” names no symptom" in (
        warning_signs.rule_problems()
    )
    with pytest.raises(SystemCheckError) as error:
        call_command("check", "--database", "default")
    assert "legpain.E004" in str(error.value)
    assert "Stroke: rule “it all came on suddenly” names no symptom" in str(error.value)


@pytest.fixture
def same_day_sign(make_symptom, make_condition):
    """A new same-day warning sign (a rule naming it alone), an everyday symptom, and a
    way to add an emergency rule naming them: ``emergency(symptoms, any_symptoms)``."""
    sign, everyday = make_symptom(), make_symptom()
    condition = make_condition()
    urgent = WarningRule.objects.create(
        condition=condition, severity=Severity.objects.get(slug="urgent"), text="the sign"
    )
    urgent.symptoms.add(sign)

    def emergency(symptoms, any_symptoms=()):
        rule = WarningRule.objects.create(
            condition=condition, severity=Severity.objects.get(slug="emergency"), text="worse"
        )
        rule.symptoms.add(*symptoms)
        rule.any_symptoms.add(*any_symptoms)

    sign.refresh_from_db()
    assert sign.red_flag_severity.slug == "urgent"
    return sign, everyday, emergency


@pytest.mark.parametrize(
    "shape",
    [
        "all of: sign, everyday",
        "all of: sign; one of: everyday, another",
        "all of: everyday; one of: sign",
    ],
)
def test_a_same_day_sign_asks_on_while_a_later_answer_could_make_it_an_emergency(
    client, same_day_sign, make_symptom, shape
):
    """Stopping at the sign would tell someone who may have an emergency to get help
    today: the questions go on to the next one."""
    sign, everyday, emergency = same_day_sign
    if shape == "all of: sign, everyday":
        emergency([sign, everyday])
    elif shape == "all of: sign; one of: everyday, another":
        emergency([sign], [everyday, make_symptom()])
    else:
        emergency([everyday], [sign])
    response = client.get("/check/", {"symptom": sign.slug, "go": "1"})
    assert response["Location"] == f"/check/who/?symptom={sign.slug}"


def test_a_same_day_sign_settles_when_the_emergency_needs_one_of_other_unticked_signs(
    client, same_day_sign
):
    """The other signs were on the same first screen and left unticked: no later answer
    can meet that emergency, so the reader goes straight to the advice."""
    sign, _everyday, emergency = same_day_sign
    other_sign = Symptom.objects.get(slug="sudden-confusion")
    assert other_sign.is_red_flag
    emergency([sign], [other_sign])
    response = client.get("/check/", {"symptom": sign.slug, "go": "1"})
    assert response["Location"] == f"/check/result/?symptom={sign.slug}"


def test_a_new_gentler_level_does_not_lower_the_usual_care_of_the_likely_causes(client):
    """Editors may add a routine level below self-care: the cap on usual care is still the
    most cautious routine level, so calf pain that needs a doctor still says so."""
    Severity.objects.create(
        rank=0,
        name="Nothing to do",
        slug="nothing-to-do",
        colour="#ffffff",
        card_style=Severity.CardStyle.SELF_CARE,
        card_heading="Nothing to do",
        advice="It will pass.",
    )
    html = client.get(f"/check/result/?{EVERYDAY}").content.decode()
    assert levels_on(html) == ["see-a-doctor"]


def test_the_rules_are_read_once_per_content_version_and_afresh_after_any_edit(
    django_assert_num_queries,
):
    """The checker keeps the published rules per content version (outcome.published_rules):
    a second answer reads none, and an edit (a rule's level, its condition's status) is in
    the very next answer, not after a restart."""
    answers = read_answers(QueryDict("symptom=red-hot-skin"))
    rule = WarningRule.objects.get(condition__slug="cellulitis", symptoms__slug="red-hot-skin")
    assert assess(answers).level.slug == "urgent"
    with django_assert_num_queries(0):
        assert rule in met_rules(answers)

    rule.severity = Severity.objects.get(slug="emergency")
    rule.save()
    outcome = assess(answers)
    assert outcome.level.slug == "emergency"
    assert [reason.text for reason in outcome.reasons] == [rule.text]

    cellulitis = rule.condition
    cellulitis.status = Status.DRAFT
    cellulitis.save()
    assert rule not in met_rules(answers)
    assert assess(answers).level.slug == "see-a-doctor"
