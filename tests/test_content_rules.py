"""The shipped library meets the editorial rules, and keeps meeting them after edits.

These run over whatever is published, so an edit that breaks a rule fails here. The checks
against the commissioning files themselves are in tests/content (`make content-check`).
"""

import json

import pytest

from conditions.loading import LIBRARY_DIR
from conditions.models import (
    SUMMARY_MAX_LENGTH,
    Condition,
    Guide,
    Severity,
    Status,
    Symptom,
    WarningRule,
)

pytestmark = pytest.mark.django_db


def published_conditions():
    return Condition.objects.published().for_page()


def test_library_size():
    assert Condition.objects.published().count() >= 20
    assert Symptom.objects.published().count() >= 25


def test_every_published_condition_is_complete():
    problems = []
    for condition in published_conditions():
        for field, heading, _aspect in Condition.SECTIONS:
            if len(getattr(condition, field).strip()) < 80:
                problems.append(f"{condition}: section '{heading}' is missing or too short")
        if len(condition.summary) > SUMMARY_MAX_LENGTH or not condition.summary.strip():
            problems.append(f"{condition}: summary missing or over {SUMMARY_MAX_LENGTH}")
        if len(condition.symptom_links.all()) < 3:
            problems.append(f"{condition}: fewer than three published symptoms")
        if not condition.body_areas.all():
            problems.append(f"{condition}: no body area")
        if not condition.tags.all():
            problems.append(f"{condition}: no tags")
        references = condition.references.all()
        if len(references) < 2:
            problems.append(f"{condition}: fewer than two references")
        problems.extend(
            f"{condition}: reference URL {ref.url} is not http(s)"
            for ref in references
            if not ref.url.startswith(("https://", "http://"))
        )
        problems.extend(f"{condition}: {problem}" for problem in condition.review_problems())
        if not (condition.last_reviewed and condition.next_review_due):
            problems.append(f"{condition}: review dates missing")
        elif condition.next_review_due <= condition.last_reviewed:
            problems.append(f"{condition}: next review due is not after last review")
        if condition.severity.is_urgent and not condition.warning_rules.all():
            problems.append(f"{condition}: urgent or emergency but no 'when to get help' rule")
    assert problems == []


def test_every_published_symptom_is_complete():
    problems = []
    for symptom in Symptom.objects.published():
        if not symptom.description.strip():
            problems.append(f"{symptom}: no description")
        if not symptom.alias_list:
            problems.append(f"{symptom}: no lay aliases")
        problems.extend(f"{symptom}: {problem}" for problem in symptom.review_problems())
    assert problems == []


def test_red_flags_send_readers_to_urgent_care():
    """Every red flag demands urgent or emergency care and leads to the conditions it signals."""
    problems = []
    red_flags = Symptom.objects.published().red_flags().prefetch_related("conditions__severity")
    assert red_flags, "the library has no red-flag symptoms"
    for symptom in red_flags:
        if not symptom.red_flag_severity or not symptom.red_flag_severity.is_urgent:
            problems.append(f"{symptom}: red flag without urgent or emergency severity")
        signals = [
            condition
            for condition in symptom.conditions.all()
            if condition.status == Status.PUBLISHED
            and condition.warning_rules.filter(symptoms=symptom).exists()
        ]
        if not signals:
            problems.append(f"{symptom}: no published condition has a rule naming it")
    assert problems == []


def test_serious_conditions_are_emergency_or_urgent():
    emergency = Severity.objects.get(slug="emergency")
    for slug in ["stroke", "cauda-equina-syndrome", "acute-limb-ischaemia"]:
        assert Condition.objects.get(slug=slug).severity == emergency


def test_article_themes_are_covered():
    """The commissioning article's symptom themes each have a published symptom page."""
    names = " | ".join(Symptom.objects.published().values_list("name", flat=True)).lower()
    for theme in ["upper leg", "legs and feet", "burning", "dizziness with weak legs"]:
        assert theme in names


def test_references_only_cite_the_briefs_sources():
    """No invented sources: every reference URL is one of the brief's listed sources."""
    sources = json.loads((LIBRARY_DIR / "sources.json").read_text())
    allowed = {source["url"] for source in sources}
    used = set(Condition.objects.published().values_list("references__url", flat=True))
    assert used <= allowed


def test_every_symptom_a_rule_names_is_linked_to_its_condition():
    """The page's symptom list shows every symptom its warning signs are made of."""
    missing = [
        f"{rule.condition}: “{symptom}”"
        for rule in WarningRule.objects.published().prefetch_related(
            "symptoms", "any_symptoms", "condition__symptoms"
        )
        for symptom in [*rule.symptoms.all(), *rule.any_symptoms.all()]
        if symptom not in rule.condition.symptoms.all()
    ]
    assert missing == []


def test_the_library_covers_the_second_brief():
    """All 48 conditions, both guides, and children and pregnancy curated."""
    assert Condition.objects.published().count() == 48
    assert set(Guide.objects.published().values_list("slug", flat=True)) == {
        "leg-pain-in-children",
        "leg-problems-in-pregnancy",
    }
    assert set(
        Condition.objects.filter(audiences__slug="pregnant")
        .exclude(audiences__slug="adult")
        .values_list("slug", flat=True)
    ) == {"pelvic-girdle-pain", "leg-cramps-in-pregnancy"}
    children_only = Condition.objects.filter(audiences__group="child").exclude(
        audiences__group__in=["adult", "pregnant"]
    )
    assert set(children_only.values_list("slug", flat=True)) == {
        "growing-pains",
        "osgood-schlatter-disease",
        "irritable-hip",
    }


def test_every_guide_is_complete_and_cites_the_briefs_sources():
    sources = {source["url"] for source in json.loads((LIBRARY_DIR / "sources.json").read_text())}
    for guide in Guide.objects.published().prefetch_related("references", "conditions"):
        assert guide.review_problems() == []
        assert len(guide.references.all()) >= 2
        assert {ref.url for ref in guide.references.all()} <= sources
        assert guide.conditions.exists() and guide.urgent_help_cards
