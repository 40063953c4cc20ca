"""The History and compare pages as editors and reviewers read them: every kind of saved
comment as a sentence, dates, numbers and yes/no values in words, links named as they were,
rows that no longer load or were added again, and who may open which page."""

import datetime
import html
import re

import pytest
import reversion
from django.contrib import admin
from django.http import Http404
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone
from django.utils.formats import date_format
from reversion.models import Version

from conditions.models import (
    BodyArea,
    Condition,
    ConditionSymptom,
    Reference,
    Severity,
    Status,
    Symptom,
)
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db

SAME = "Nothing that editors write changed between these two versions."


def save_revision(item, user, comment, *also):
    """Save ``item`` (and ``also``) as one revision, as the workflow and the admin do."""
    with reversion.create_revision():
        item.save()
        for other in also:
            reversion.add_to_revision(other)
        reversion.set_user(user)
        reversion.set_comment(comment)
    return Version.objects.get_for_object(item).order_by("-pk").first()


def text(fragment):
    """What a reader sees of an HTML fragment: tags dropped, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def history_url(item):
    return f"/admin/conditions/{item._meta.model_name}/{item.pk}/history/"


def compare_url(item, first, second):
    return f"{history_url(item)}compare/?version_id1={first.pk}&version_id2={second.pk}"


def sentences(client, item):
    page = client.get(history_url(item)).content.decode()
    return [text(s) for s in re.findall(r'<td class="history-sentence">(.*?)</td>', page, re.S)]


def differences(client, item, first, second):
    """{label: [lines]} of the compare page, one line per list item (nested ones too)."""
    response = client.get(compare_url(item, first, second))
    assert response.status_code == 200
    page = response.content.decode()
    found = {}
    body = page.split('<p class="history-links-back">')[0]
    for chunk in body.split('<h2 class="history-field">')[1:]:
        label, _, rest = chunk.partition("</h2>")
        lines = [text(part) for part in re.split(r"<li[^>]*>", rest)]
        found[text(label)] = [line for line in lines if line]
    if not found:
        assert SAME in page
    return found


def link(condition, symptom, typicality=3):
    return ConditionSymptom.objects.create(
        condition=condition, symptom=symptom, typicality=typicality
    )


# Sentences on the History page


def test_every_kind_of_saved_comment_reads_as_a_sentence(editor, reviewer, make_condition):
    condition = make_condition(status=Status.DRAFT)
    ann = reviewer.user
    comments = [
        '[{"changed": {"fields": ["Overview"]}}]',
        '[{"changed": {"name": "reference", "object": "NHS (NHS)", "fields": ["URL", "Title"]}}]',
        # A kind of message this version of Django does not write is left out.
        '[{"changed": {"fields": ["Summary"]}}, {"moved": {"name": "reference"}}]',
        "[draft] tidied the wording",
        '["Overview", "Summary"]',
        "Returned to draft.",
        "Reverted to previous version, saved on 2 March 2026, 10:15 a.m.",
    ]
    for comment in comments:
        save_revision(condition, ann, comment)
    assert sentences(editor, condition) == [
        "Reverted to the version saved on 2 March 2026, 10:15 a.m. by Ann Smith.",
        "Returned to draft by Ann Smith.",  # no comment was stored with it
        '["Overview", "Summary"] (Ann Smith)',
        "[draft] tidied the wording (Ann Smith)",
        "Changed summary by Ann Smith.",
        "Changed URL and title of reference “NHS (NHS)” by Ann Smith.",
        "Changed overview by Ann Smith.",
    ]


def test_a_returned_version_that_no_longer_loads_still_reads_as_returned(
    editor, reviewer, make_condition
):
    condition = make_condition(status=Status.DRAFT, review_comment="Add a second source.")
    returned = save_revision(condition, reviewer.user, "Returned to draft.")
    assert sentences(editor, condition) == ["Returned to draft by Ann Smith: Add a second source."]
    # Stored data that no longer loads (e.g. a field renamed since) loses only the comment.
    Version.objects.filter(pk=returned.pk).update(serialized_data="[not json")
    assert sentences(editor, condition) == ["Returned to draft by Ann Smith."]


def test_reverting_a_draft_from_its_history_says_which_version_came_back(editor, make_condition):
    condition = make_condition(status=Status.DRAFT, overview="Rest usually helps.")
    first = save_revision(condition, editor.user, "Saved as a draft by Ed Smith.")
    condition.overview = "Rest rarely helps."
    save_revision(condition, editor.user, "Saved as a draft by Ed Smith.")

    revert_url = f"{history_url(condition)}{first.pk}/"
    data = form_data(editor.get(revert_url))
    assert editor.post(revert_url, {**data, "_save_draft": "1"}).status_code == 302

    condition.refresh_from_db()
    assert (condition.overview, condition.status) == ("Rest usually helps.", Status.DRAFT)
    saved_on = date_format(timezone.localtime(first.revision.date_created), "DATETIME_FORMAT")
    assert sentences(editor, condition)[0] == (
        f"Reverted to the version saved on {saved_on} by Ed Smith."
    )


def test_a_template_asking_for_a_missing_version_shows_nothing():
    template = Template("{% load revision_history %}[{{ version|history_sentence }}]")
    assert template.render(Context({"version": None})) == "[]"
    assert template.render(Context({})) == "[]"  # a name the page was not given


# The compare page: values in words


def test_review_dates_expiry_and_reference_details_compare_in_words(reviewer, make_condition):
    condition = make_condition(status=Status.DRAFT, name="Dated shin", slug="dated-shin")
    reference = Reference.objects.create(
        condition=condition, title="Shin pain", publisher="NHS", url="https://www.nhs.uk/x"
    )
    first = save_revision(condition, reviewer.user, "Saved as a draft by Ann Smith.")

    condition.last_reviewed = datetime.date(2026, 3, 1)
    condition.expire_at = datetime.datetime(2026, 6, 1, 9, 30, tzinfo=datetime.UTC)
    reference.order, reference.date_accessed = 2, datetime.date(2026, 2, 3)
    reference.save()
    second = save_revision(condition, reviewer.user, "Saved as a draft by Ann Smith.")

    found = differences(reviewer, condition, first, second)
    assert found == {
        "Last reviewed": ["1 January 2026 → 1 March 2026"],
        "Take off the site at": ["(empty) → 1 Jun 2026, 9:30 a.m."],
        "References": [
            "Changed: Shin pain (NHS)",
            "Date accessed: (empty) → 3 February 2026",
            "Order: 0 → 2",
        ],
    }


def test_a_symptom_becoming_a_warning_sign_compares_as_yes_and_no(editor, make_symptom):
    symptom = make_symptom(status=Status.DRAFT)
    first = save_revision(symptom, editor.user, "Saved as a draft by Ed Smith.")
    symptom.is_red_flag = True
    symptom.red_flag_severity = Severity.objects.get(slug="emergency")
    second = save_revision(symptom, editor.user, "Saved as a draft by Ed Smith.")

    found = differences(editor, symptom, first, second)
    assert found["Warning sign"] == ["No → Yes"]
    assert found["Warning level"] == [f"(none) → {symptom.red_flag_severity}"]


# The compare page: links named as they were


def test_links_to_deleted_items_keep_their_last_known_name(reviewer, make_condition):
    condition = make_condition(status=Status.DRAFT)
    kept_history = BodyArea.objects.create(name="Old ankle area", slug="old-ankle-area")
    save_revision(kept_history, reviewer.user, "Added.")
    no_history = BodyArea.objects.create(name="Old heel area", slug="old-heel-area")
    condition.body_areas.set([kept_history, no_history])
    first = save_revision(condition, reviewer.user, "Saved as a draft by Ann Smith.")

    condition.body_areas.clear()
    sciatica = Condition.objects.get(slug="sciatica")
    condition.related.add(sciatica)
    second = save_revision(condition, reviewer.user, "Saved as a draft by Ann Smith.")
    gone = no_history.pk
    kept_history.delete()
    no_history.delete()

    found = differences(reviewer, condition, first, second)
    assert found["Body areas"] == [f"Removed: Old ankle area, deleted item {gone}"]
    assert found["Related"] == ["Added: Sciatica"]


def test_the_shipped_librarys_version_compares_only_this_pages_rows(reviewer):
    stroke = Condition.objects.get(slug="stroke")
    loaded = Version.objects.get_for_object(stroke).last()
    assert loaded.revision.comment == "Loaded the shipped library"
    # Renamed since the library was loaded: the comparison names it as it was then.
    area = BodyArea.objects.exclude(pk__in=stroke.body_areas.all()).order_by("pk").first()
    old_name = area.name
    stroke.body_areas.add(area)
    BodyArea.objects.filter(pk=area.pk).update(name=f"{old_name} (renamed)")
    changed = stroke.symptom_links.order_by("pk").first()
    old_typicality = changed.get_typicality_display()
    changed.typicality = 1 if changed.typicality != 1 else 2
    changed.save()
    now = save_revision(stroke, reviewer.user, "Published by Ann Smith.")

    found = differences(reviewer, stroke, loaded, now)
    assert found["Body areas"] == [f"Added: {old_name}"]
    # The library's revision holds every condition's rows; only stroke's changed one shows.
    assert found["Symptom links"] == [
        f"Changed: {changed.symptom}",
        f"Typicality: {old_typicality} → {changed.get_typicality_display()}",
    ]


# The compare page: rows added again, rows that no longer load


def test_a_symptom_link_removed_and_added_again_is_no_change(reviewer, make_condition):
    condition = make_condition(status=Status.DRAFT)
    calf, numb = Symptom.objects.get(name="Calf pain"), Symptom.objects.get(name="Numbness")
    link(condition, calf, typicality=2)
    link(condition, numb)
    first = save_revision(condition, reviewer.user, "Saved as a draft by Ann Smith.")
    condition.symptom_links.get(symptom=calf).delete()
    link(condition, calf, typicality=2)  # the same link again, as a new row
    second = save_revision(condition, reviewer.user, "Saved as a draft by Ann Smith.")

    assert differences(reviewer, condition, first, second) == {}


def test_a_link_to_a_symptom_deleted_since_is_named_as_it_was_saved(
    reviewer, make_condition, make_symptom
):
    condition = make_condition(status=Status.DRAFT, name="Linked shin", slug="linked-shin")
    doomed = make_symptom(name="Doomed tingle", status=Status.DRAFT)
    link(condition, doomed)
    first = save_revision(condition, reviewer.user, "Saved as a draft by Ann Smith.")
    doomed.delete()  # its links go with it
    second = save_revision(condition, reviewer.user, "Saved as a draft by Ann Smith.")

    found = differences(reviewer, condition, first, second)
    assert found == {"Symptom links": ["Removed: Doomed tingle (common) in Linked shin"]}


def test_a_row_that_no_longer_loads_is_left_out_and_the_rest_still_compares(
    reviewer, make_condition
):
    condition = make_condition(status=Status.DRAFT, overview="Rest helps.")
    row = link(condition, Symptom.objects.get(name="Calf pain"))
    first = save_revision(condition, reviewer.user, "Saved as a draft by Ann Smith.")
    condition.overview = "Rest helps a lot."
    second = save_revision(condition, reviewer.user, "Saved as a draft by Ann Smith.")
    Version.objects.get_for_object(row).update(serialized_data="[not json")

    found = differences(reviewer, condition, first, second)
    assert found == {"Overview": ["Rest helps a lot ."]}  # words added: underlined


# Who may open the compare page


def test_comparing_versions_of_an_item_deleted_since_is_not_found(reviewer, make_condition):
    condition = make_condition(status=Status.DRAFT, name="Gone shin", slug="gone-shin")
    first = save_revision(condition, reviewer.user, "Saved as a draft by Ann Smith.")
    second = save_revision(condition, reviewer.user, "Saved as a draft by Ann Smith.")
    url = compare_url(condition, first, second)
    condition.delete()

    response = reviewer.get(url)
    assert response.status_code == 404
    assert "Gone shin" not in response.content.decode()
    # The view itself refuses, whatever the URL routing does.
    request = RequestFactory().get(url)
    request.user = reviewer.user
    with pytest.raises(Http404, match="No such item."):
        admin.site._registry[Condition].compare_view(request, str(condition.pk))
