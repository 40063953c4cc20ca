"""Judged queries: what readers type, and the page that must come up.

Written as readers would type them (lay words, typos, abbreviations, descriptions), not
copied from titles. Runs on whichever engine the test database uses; CI runs it on both.
"""

import pytest

from conditions.search.service import search

pytestmark = pytest.mark.django_db

# (query, condition slug that must be in the top 3)
TOP_3 = [
    ("dvt", "deep-vein-thrombosis"),
    ("blood clot in my leg", "deep-vein-thrombosis"),
    ("swollen red calf", "deep-vein-thrombosis"),
    ("ms", "multiple-sclerosis"),
    ("rls", "restless-legs-syndrome"),
    ("pad", "peripheral-arterial-disease"),
    ("charley horse", "leg-cramps"),
    ("cramp in my calf at night", "leg-cramps"),
    ("pins and needles in my feet", "peripheral-neuropathy"),
    ("burning feet", "peripheral-neuropathy"),
    ("burning outer thigh", "meralgia-paraesthetica"),
    ("pain down the back of my leg", "sciatica"),
    ("shooting pain from lower back to foot", "sciatica"),
    ("calf pain when walking goes away when i rest", "peripheral-arterial-disease"),
    ("legs ache when walking better when i sit down", "lumbar-spinal-stenosis"),
    ("hot red swollen skin on my shin with a fever", "cellulitis"),
    ("sudden weakness in one leg", "stroke"),
    ("face drooping and arm weak", "stroke"),
    ("numb bum and cant pee", "cauda-equina-syndrome"),
    ("numbness between my legs", "cauda-equina-syndrome"),
    ("tingling spreading up both legs after a cold", "guillain-barre-syndrome"),
    ("leg suddenly cold and pale", "acute-limb-ischaemia"),
    ("dark urine and muscle pain after the gym", "rhabdomyolysis"),
    ("cola coloured pee", "rhabdomyolysis"),
    ("dizzy when i stand up", "postural-hypotension"),
    ("dizziness with weak legs", "postural-hypotension"),
    ("thirsty dark pee and dizzy", "dehydration"),
    ("sore legs after running", "muscle-strain"),
    ("statins muscle ache", "medication-side-effects"),
    ("water tablets and cramps", "medication-side-effects"),
    ("low vitamin d", "nutrient-deficiencies"),
    ("magnesium cramps", "nutrient-deficiencies"),
    ("urge to move my legs at night", "restless-legs-syndrome"),
    ("creepy crawly legs in bed", "restless-legs-syndrome"),
    ("tired pale and out of breath", "iron-deficiency-anaemia"),
    ("back ache from sitting at my desk", "poor-posture"),
    ("bulging disc", "slipped-disc"),
    ("anemia", "iron-deficiency-anaemia"),
    ("ischemia", "acute-limb-ischaemia"),
    ("pulled a muscle in my thigh", "muscle-strain"),
    # typos
    ("nueropathy", "peripheral-neuropathy"),
    ("thrombosys", "deep-vein-thrombosis"),
    ("cellulitus", "cellulitis"),
    ("restles legs", "restless-legs-syndrome"),
    ("dehidration", "dehydration"),
]

# (query, condition slug that must come first): people typing a condition's name.
TOP_1 = [
    ("sciatica", "sciatica"),
    ("deep vein thrombosis", "deep-vein-thrombosis"),
    ("stroke", "stroke"),
    ("cellulitis", "cellulitis"),
    ("restless legs syndrome", "restless-legs-syndrome"),
    ("peripheral neuropathy", "peripheral-neuropathy"),
    ("guillain barre", "guillain-barre-syndrome"),
    ("multiple sclerosis", "multiple-sclerosis"),
    ("leg cramps", "leg-cramps"),
    ("slipped disc", "slipped-disc"),
    ("rhabdomyolysis", "rhabdomyolysis"),
    ("meralgia paresthetica", "meralgia-paraesthetica"),
    ("cauda equina", "cauda-equina-syndrome"),
    ("spinal stenosis", "lumbar-spinal-stenosis"),
    ("sciatca", "sciatica"),
]


# The article's symptom themes: every one of the top 3 must be a cause the content brief
# lists for that theme.
THEMES = [
    (
        "pain in upper legs",
        {"muscle-strain", "sciatica", "meralgia-paraesthetica", "lumbar-spinal-stenosis",
         "peripheral-arterial-disease", "deep-vein-thrombosis", "leg-cramps"},
    ),
    (
        "pain in legs and feet",
        {"peripheral-neuropathy", "peripheral-arterial-disease", "sciatica", "leg-cramps",
         "acute-limb-ischaemia", "stress-fracture", "diabetic-foot-problems"},
    ),
    # Not in the briefs as a condition of its own: the knee's causes, nothing else.
    ("runner's knee",
     {"knee-ligament-and-cartilage-injuries", "osteoarthritis", "bursitis", "bakers-cyst",
      "osgood-schlatter-disease", "gout", "septic-arthritis"}),
    ("burning legs",
     {"peripheral-neuropathy", "meralgia-paraesthetica", "sciatica", "shingles",
      "varicose-veins"}),
    (
        "dizzy and weak legs",
        {"dehydration", "postural-hypotension", "iron-deficiency-anaemia",
         "medication-side-effects", "stroke", "multiple-sclerosis"},
    ),
]  # fmt: skip


# The library's second half (issue 12): lay words, body parts, nicknames and typos. At
# least 90% must find their page in the top three (the acceptance bar); the test below
# also names every query that misses, so a drop is seen at once.
NEW_CONTENT_TOP_3 = [
    ("back of knee pain", "bakers-cyst"),
    ("lump behind my knee", "bakers-cyst"),
    ("bakers cyst", "bakers-cyst"),
    ("shin splints", "shin-splints"),
    ("sore shins after running", "shin-splints"),
    ("heel pain in the morning", "plantar-fasciitis"),
    ("heel spur", "plantar-fasciitis"),
    ("plantar fascitis", "plantar-fasciitis"),
    ("achilles tendonitis", "achilles-tendinopathy"),
    ("pain at the back of my heel", "achilles-tendinopathy"),
    ("pulled hamstring", "hamstring-injury"),
    ("knee gives way", "knee-ligament-and-cartilage-injuries"),
    ("twisted my knee and it swelled up", "knee-ligament-and-cartilage-injuries"),
    ("torn meniscus", "knee-ligament-and-cartilage-injuries"),
    ("broken leg", "broken-leg"),
    ("fractured shin bone", "broken-leg"),
    ("stress fracture in my foot", "stress-fracture"),
    ("wear and tear in my knee", "osteoarthritis"),
    ("arthritis in my hip", "osteoarthritis"),
    ("gout in my big toe", "gout"),
    ("red hot swollen big toe", "gout"),
    ("joint infection", "septic-arthritis"),
    ("housemaid's knee", "bursitis"),
    ("water on the knee", "bursitis"),
    ("varicose veins", "varicose-veins"),
    ("bulging veins on my legs", "varicose-veins"),
    ("thrombophlebitis", "superficial-thrombophlebitis"),
    ("hard painful vein", "superficial-thrombophlebitis"),
    ("lymphedema", "lymphoedema"),
    ("leg swollen for months after cancer treatment", "lymphoedema"),
    ("growing pains", "growing-pains"),
    ("child legs ache at night", "growing-pains"),
    ("osgood", "osgood-schlatter-disease"),
    ("jumper's knee lump below kneecap", "osgood-schlatter-disease"),
    ("child limping hip pain after a cold", "irritable-hip"),
    ("fibromyalgia", "fibromyalgia"),
    ("hurts all over and very tired", "fibromyalgia"),
    ("shingles on my leg", "shingles"),
    ("rash with blisters on one side", "shingles"),
    ("underactive thyroid", "underactive-thyroid"),
    ("hypothyroidism cramps", "underactive-thyroid"),
    ("diabetic foot ulcer", "diabetic-foot-problems"),
    ("pelvic pain pregnant", "pelvic-girdle-pain"),
    ("spd pregnancy", "pelvic-girdle-pain"),
    ("leg cramps pregnant", "leg-cramps-in-pregnancy"),
    ("tingly feet", "peripheral-neuropathy"),
    # typos
    ("varicous veins", "varicose-veins"),
    ("guot", "gout"),
    ("osteoarthritus", "osteoarthritis"),
    ("fibromyalgia pain all over", "fibromyalgia"),
    ("lymphodema", "lymphoedema"),
]


def top_slugs(query, n):
    return [result.condition.slug for result in search(query).results[:n]]


@pytest.mark.parametrize("query, expected", TOP_3)
def test_reader_query_finds_the_condition_in_the_top_three(query, expected):
    assert expected in top_slugs(query, 3)


@pytest.mark.parametrize("query, expected", TOP_1)
def test_condition_name_comes_first(query, expected):
    assert top_slugs(query, 1) == [expected]


@pytest.mark.parametrize("query, causes", THEMES)
def test_theme_queries_only_show_causes_of_that_theme(query, causes):
    top = top_slugs(query, 3)
    assert len(top) == 3
    assert set(top) <= causes


def test_new_content_queries_find_their_page_in_the_top_three():
    assert len(NEW_CONTENT_TOP_3) >= 30
    misses = [(q, e, top_slugs(q, 3)) for q, e in NEW_CONTENT_TOP_3 if e not in top_slugs(q, 3)]
    assert len(misses) <= len(NEW_CONTENT_TOP_3) // 10, misses
