"""Guides: their warning signs are the curated rules, never their own copy of them."""

import pytest
from django.test import Client

from conditions import workflow
from conditions.models import Condition, Guide, Severity, Status, WarningRule

pytestmark = pytest.mark.django_db


def page(client, slug):
    response = client.get(f"/guides/{slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_childrens_guide_puts_the_warning_signs_first(client):
    html = page(client, "leg-pain-in-children")
    assert "<h1>Leg pain in children: when to worry</h1>" in html
    box = html.index('id="is-it-an-emergency"')
    assert box < html.index('id="overview"')
    emergency = html[box : html.index('id="help-urgent"')]
    # The children's own rules, from septic arthritis and irritable hip:
    assert "a child with a limp, or who will not stand on a leg, and a temperature of 38.5" in (
        emergency
    )
    assert "a rash that does not fade when you roll a glass over it" in emergency
    # A covered condition's rule for anyone: a broken bone.
    assert "a leg that looks the wrong shape" in emergency


def test_the_pregnancy_guide_lists_the_clot_signs_and_no_childrens_rules(client):
    html = page(client, "leg-problems-in-pregnancy")
    assert "a painful, swollen leg, usually just one" in html
    assert "sudden or very bad breathlessness" in html
    assert "a child with" not in html


def test_every_guide_rule_is_a_rule_the_checker_uses(client):
    """The guide shows rule wording only: the same text the checker gives as a reason."""
    guide = Guide.objects.get(slug="leg-pain-in-children")
    texts = {rule.text for card in guide.urgent_help_cards for rule in card.rules}
    published = set(WarningRule.objects.published().values_list("text", flat=True))
    assert texts and texts <= published


def test_a_new_rule_on_a_covered_condition_appears_on_the_guide(client):
    condition = Condition.objects.get(slug="growing-pains")
    WarningRule.objects.create(
        condition=condition,
        severity=Severity.objects.get(slug="urgent"),
        text="a new sign a reviewer added",
    ).symptoms.add(condition.symptoms.first())
    assert "a new sign a reviewer added" in page(client, "leg-pain-in-children")


def test_a_draft_guide_is_hidden_from_readers_and_shown_to_editors(staff_client):
    Guide.objects.filter(slug="leg-problems-in-pregnancy").update(status=Status.DRAFT)
    reader = Client()
    assert reader.get("/guides/leg-problems-in-pregnancy/").status_code == 404
    assert staff_client.get("/guides/leg-problems-in-pregnancy/").status_code == 200
    assert "leg-problems-in-pregnancy" not in reader.get("/guides/").content.decode()


def test_guides_are_linked_from_home_and_their_conditions(client):
    home = client.get("/").content.decode()
    assert 'href="/guides/leg-pain-in-children/"' in home
    assert 'href="/guides/leg-problems-in-pregnancy/"' in home
    condition = client.get("/conditions/pelvic-girdle-pain/").content.decode()
    assert 'href="/guides/leg-problems-in-pregnancy/"' in condition
    unrelated = client.get("/conditions/gout/").content.decode()
    assert "/guides/leg-" not in unrelated


def test_a_guide_page_has_a_constant_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        page(client, "leg-pain-in-children")


def test_a_guide_goes_to_review_only_when_ready(django_user_model):
    """What docs/editorial.md promises: an overview, a covered condition, two references."""
    editor = django_user_model.objects.create_user("guide-editor", is_staff=True)
    guide = Guide.objects.create(
        title="A new guide", slug="a-new-guide", summary="For a test.", overview="Some text."
    )
    report = workflow.submit_for_review(Guide.objects.filter(pk=guide.pk), editor)
    guide.refresh_from_db()
    assert guide.status == Status.DRAFT
    assert "Choose the conditions it covers" in " ".join(report.skip_messages())
    assert "Add at least two references." in " ".join(report.skip_messages())
    guide.conditions.add(Condition.objects.get(slug="gout"))
    for number in (1, 2):
        guide.references.create(title=f"S{number}", publisher="P", url=f"https://e.org/{number}")
    workflow.submit_for_review(Guide.objects.filter(pk=guide.pk), editor)
    guide.refresh_from_db()
    assert guide.status == Status.IN_REVIEW
