"""Validation an editor meets on the admin form, and the review-date arithmetic."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError

from conditions.browse import a_to_z
from conditions.models import Condition, Severity, Status, Symptom, WarningRule
from conditions.reviews import add_months

pytestmark = pytest.mark.django_db


def test_summary_over_160_characters_is_refused(make_condition):
    condition = make_condition()
    condition.summary = "x" * 161
    with pytest.raises(ValidationError) as error:
        condition.full_clean()
    assert "summary" in error.value.message_dict


def test_next_review_must_come_after_last_review(make_condition):
    condition = make_condition(
        last_reviewed=datetime.date(2026, 5, 1), next_review_due=datetime.date(2026, 4, 1)
    )
    with pytest.raises(ValidationError) as error:
        condition.full_clean()
    assert "next_review_due" in error.value.message_dict


def test_a_rule_is_for_same_day_help_or_an_emergency_only(make_condition):
    rule = WarningRule(
        condition=make_condition(),
        severity=Severity.objects.get(slug="see-a-doctor"),
        text="a sign",
    )
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert error.value.message_dict["severity"] == [
        "A rule is for same-day help or an emergency only."
    ]
    rule.severity = Severity.objects.get(slug="urgent")
    rule.full_clean()


def test_severity_colour_must_be_hex():
    severity = Severity.objects.get(slug="urgent")
    severity.colour = "red"
    with pytest.raises(ValidationError):
        severity.full_clean()


def test_published_and_visible_to(django_user_model, make_condition, make_symptom):
    draft = make_condition(status=Status.DRAFT)
    draft_symptom = make_symptom(status=Status.DRAFT)
    users = django_user_model.objects
    reader = users.create_user("reader")
    staff = users.create_user("staff", is_staff=True)
    condition_viewer = users.create_user("viewer", is_staff=True)
    condition_viewer.user_permissions.add(
        Permission.objects.get(content_type__app_label="conditions", codename="view_condition")
    )
    superuser = users.create_superuser("admin")
    assert draft not in Condition.objects.published()
    assert draft not in Condition.objects.visible_to(reader)
    # Staff with no permissions are readers on public pages.
    assert draft not in Condition.objects.visible_to(staff)
    assert draft in Condition.objects.visible_to(condition_viewer)
    # The permission is per kind of item: seeing condition drafts is not seeing symptom drafts.
    assert draft_symptom not in Symptom.objects.visible_to(condition_viewer)
    assert draft in Condition.objects.visible_to(superuser)
    assert draft_symptom in Symptom.objects.visible_to(superuser)


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2026, 11, 25), 12, datetime.date(2027, 11, 25)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),
        (datetime.date(2026, 12, 15), 1, datetime.date(2027, 1, 15)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_a_to_z_lists_aliases_and_every_letter(make_condition):
    items = [make_condition(name="Élan syndrome", aliases="zed\n\n  "), make_condition(name="2x")]
    index = a_to_z(items)
    letters = {group.letter: [entry.label for entry in group.entries] for group in index}
    assert letters["E"] == ["Élan syndrome"]
    assert letters["Z"] == ["zed"]
    assert letters["#"] == ["2x"]
    assert letters["Q"] == []


def test_typed_tags_are_split_on_commas_only():
    """Editors' tags are phrases: "lower back pain" is one tag, not three (taggit's own
    splitter would split on spaces when there is no comma)."""
    from taggit.utils import edit_string_for_tags, parse_tags

    from conditions.tagging import comma_joiner, comma_splitter

    assert comma_splitter("lower back pain") == ["lower back pain"]
    assert comma_splitter(" nerves ,, lower back pain, ") == ["nerves", "lower back pain"]
    assert comma_splitter("") == []
    # The settings hand taggit these functions.
    assert parse_tags("lower back pain") == ["lower back pain"]

    class Named:
        def __init__(self, name):
            self.name = name

    assert comma_joiner([Named("nerves"), Named("lower back pain")]) == "lower back pain, nerves"
    assert edit_string_for_tags([Named("b c"), Named("a")]) == "a, b c"
