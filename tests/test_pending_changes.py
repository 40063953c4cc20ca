"""Changing a live page safely: staged changes, the publish page, schedules, concurrent edits.

Each test goes through the admin as a browser would, and checks what readers see on the
public page as well as what is stored.
"""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from reversion.models import Version

from conditions import workflow
from conditions.models import Condition, PendingChange, Status
from conditions.reviews import next_review_due
from tests.admin_forms import change_url, form_data

pytestmark = pytest.mark.django_db

State = PendingChange.State
NEW_SUMMARY = "A stroke is a medical emergency. Call now if a leg suddenly goes weak."


def publish_url(item):
    return f"/admin/conditions/{item._meta.model_name}/publish/?ids={item.pk}"


def reader_sees(path):
    return Client().get(path).content.decode()


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def stage_summary(client, item, summary, button="_submit_for_review"):
    data = form_data(client.get(change_url(item)))
    data["summary"] = summary
    data[button] = "1"
    return client.post(change_url(item), data, follow=True)


def test_an_editors_change_to_a_live_page_waits_for_review(editor):
    stroke = Condition.objects.get(slug="stroke")
    old_summary, versions = stroke.summary, Version.objects.get_for_object(stroke).count()
    page = editor.get(change_url(stroke)).content.decode()
    assert "This page is live." in page
    assert 'name="_publish"' not in page

    response = stage_summary(editor, stroke, NEW_SUMMARY)

    assert response.redirect_chain[-1][0] == "/admin/conditions/condition/"
    assert messages_of(response) == [
        "Sent your change to “Stroke” to Medical reviewers for review. Readers still see "
        "the published page until a reviewer publishes the change."
    ]
    stroke.refresh_from_db()
    assert (stroke.summary, stroke.status) == (old_summary, Status.PUBLISHED)
    assert Version.objects.get_for_object(stroke).count() == versions
    assert NEW_SUMMARY not in reader_sees("/conditions/stroke/")
    change = PendingChange.objects.get(object_id=stroke.pk, state=State.IN_REVIEW)
    assert change.created_by == editor.user
    assert change.snapshot[0]["fields"]["summary"] == NEW_SUMMARY
    # Opening the form again shows the pending version, not the live one.
    assert NEW_SUMMARY in editor.get(change_url(stroke)).content.decode()


def test_the_reviewer_sees_a_word_diff_publishes_and_readers_see_the_change(editor, reviewer):
    stroke = Condition.objects.get(slug="stroke")
    stage_summary(editor, stroke, stroke.summary.replace("emergency", "urgent emergency", 1))
    page = reviewer.get(publish_url(stroke)).content.decode()
    assert "<ins>urgent </ins>emergency" in page
    assert "A change to the live page, saved by Ed Smith" in page
    assert 'value="Ann Smith"' in page  # the publisher is the reviewer by default

    response = reviewer.post(
        publish_url(stroke),
        {
            "last_reviewed": timezone.localdate().isoformat(),
            "next_review_due": next_review_due(timezone.localdate()).isoformat(),
            "reviewer_name": "Ann Smith",
            "reviewer_role": "medical reviewer",
        },
        follow=True,
    )

    assert messages_of(response) == ["Published “Stroke”. Readers see it now."]
    stroke.refresh_from_db()
    assert "urgent emergency" in stroke.summary
    assert (stroke.last_reviewed, stroke.reviewer_name) == (timezone.localdate(), "Ann Smith")
    assert "urgent emergency" in reader_sees("/conditions/stroke/")
    latest = Version.objects.get_for_object(stroke).first()
    assert latest.revision.comment == "Published by Ann Smith."
    assert PendingChange.objects.get(object_id=stroke.pk).state == State.PUBLISHED


def test_a_staged_change_to_a_reference_reaches_readers_only_when_published(editor, reviewer):
    sciatica = Condition.objects.get(slug="sciatica")
    first = sciatica.references.order_by("order", "pk").first()
    data = form_data(editor.get(change_url(sciatica)))
    assert data["references-0-id"] == first.pk
    data["references-0-title"] = "Sciatica: causes and treatment"
    data["_save_draft"] = "1"
    response = editor.post(change_url(sciatica), data, follow=True)
    assert messages_of(response)[0].startswith("Saved your change to “Sciatica” as a draft.")
    first.refresh_from_db()
    assert first.title == "Sciatica"

    page = reviewer.get(publish_url(sciatica)).content.decode()
    assert "Added: Title: Sciatica: causes and treatment; Publisher: NHS; URL: https" in page
    assert "Removed: Title: Sciatica; Publisher: NHS; URL: https" in page
    reviewer.post(publish_url(sciatica), form_data_of_publish_page(reviewer, sciatica))
    first.refresh_from_db()
    assert first.title == "Sciatica: causes and treatment"
    assert "Sciatica: causes and treatment" in reader_sees("/conditions/sciatica/")


def form_data_of_publish_page(client, item):
    form = client.get(publish_url(item)).context["form"]
    return {name: form[name].value() or "" for name in form.fields}


def test_editors_cannot_publish_by_crafted_posts(editor):
    stroke = Condition.objects.get(slug="stroke")
    stage_summary(editor, stroke, NEW_SUMMARY)
    assert editor.get(publish_url(stroke)).status_code == 403
    posted = {"last_reviewed": "2026-01-01", "next_review_due": "2027-01-01",
              "reviewer_name": "x", "reviewer_role": "y"}  # fmt: skip
    assert editor.post(publish_url(stroke), posted).status_code == 403
    data = form_data(editor.get(change_url(stroke)))
    assert editor.post(change_url(stroke), {**data, "_publish": "1"}).status_code == 403
    for step in ("return", "archive", "unschedule"):
        url = change_url(stroke).replace("change/", f"{step}/")
        assert editor.post(url, {"comment": "x"}).status_code == 403, step
    stroke.refresh_from_db()
    assert (stroke.summary != NEW_SUMMARY, stroke.status) == (True, Status.PUBLISHED)
    assert PendingChange.objects.get(object_id=stroke.pk).state == State.IN_REVIEW


def test_returning_a_change_needs_a_comment_and_keeps_the_live_page(editor, reviewer):
    stroke = Condition.objects.get(slug="stroke")
    stage_summary(editor, stroke, NEW_SUMMARY)
    url = change_url(stroke).replace("change/", "return/")
    refused = reviewer.post(url, {"comment": "  "})
    assert "Write a comment for the editor." in refused.content.decode()
    assert PendingChange.objects.get(object_id=stroke.pk).state == State.IN_REVIEW

    reviewer.post(url, {"comment": "Say which leg."})

    change = PendingChange.objects.get(object_id=stroke.pk)
    assert (change.state, change.review_comment) == (State.DRAFT, "Say which leg.")
    assert Condition.objects.get(slug="stroke").status == Status.PUBLISHED
    assert "Say which leg." in editor.get(change_url(stroke)).content.decode()


def test_a_scheduled_change_goes_live_once(editor, reviewer):
    stroke = Condition.objects.get(slug="stroke")
    stage_summary(editor, stroke, NEW_SUMMARY)
    data = form_data_of_publish_page(reviewer, stroke)
    go_live = timezone.localtime() + datetime.timedelta(hours=1)
    data["go_live_at"] = go_live.strftime("%Y-%m-%dT%H:%M")
    response = reviewer.post(publish_url(stroke), data, follow=True)
    assert messages_of(response)[0].startswith("Scheduled “Stroke” to go live at")
    assert NEW_SUMMARY not in reader_sees("/conditions/stroke/")
    # Nobody edits an approved change until the schedule is cancelled.
    refused = stage_summary(editor, stroke, "Something else.")
    assert "This change is approved and scheduled." in messages_of(refused)[0]

    call_command("publish_scheduled", stdout=(early := _Output()))
    assert early.text.endswith("0 published, 0 not published, 0 archived.\n")
    PendingChange.objects.filter(object_id=stroke.pk).update(
        go_live_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("publish_scheduled", stdout=(first := _Output()))
    call_command("publish_scheduled", stdout=(second := _Output()))

    assert "Published: Stroke" in first.text and "1 published" in first.text
    assert second.text == "0 published, 0 not published, 0 archived.\n"
    assert NEW_SUMMARY in reader_sees("/conditions/stroke/")
    comments = [v.revision.comment for v in Version.objects.get_for_object(stroke)[:2]]
    assert comments[0] == "Published as scheduled; approved by Ann Smith."
    assert not comments[1].startswith("Published")  # published once, not twice


def test_pages_past_their_end_date_are_archived(reviewer):
    Condition.objects.filter(slug="shin-splints").update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("publish_scheduled", stdout=(out := _Output()))
    assert "Archived (end date passed): Shin splints" in out.text
    assert Condition.objects.get(slug="shin-splints").status == Status.ARCHIVED
    assert Client().get("/conditions/shin-splints/").status_code == 404


class _Output:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text if text.endswith("\n") else text + "\n"

    def flush(self):
        pass


def test_two_editors_saving_the_same_item_the_second_is_refused(login, make_condition):
    first, second = login(workflow.EDITORS_GROUP, "ed1"), login(workflow.EDITORS_GROUP, "ed2")
    condition = make_condition(status=Status.DRAFT, overview="Old overview.")
    form_one = form_data(first.get(change_url(condition)))
    form_two = form_data(second.get(change_url(condition)))
    form_one.update(overview="Overview by the first editor.", _save_draft="1")
    assert first.post(change_url(condition), form_one).status_code == 302

    form_two.update(summary="Summary by the second editor.", _save_draft="1")
    refused = second.post(change_url(condition), form_two)

    page = refused.content.decode()
    assert refused.status_code == 200
    assert "Someone else saved this page after you opened it" in page
    assert "How your version differs from the one saved now" in page
    condition.refresh_from_db()
    assert condition.overview == "Overview by the first editor."
    assert condition.summary == "A condition made by a test."


def test_two_editors_staging_changes_to_a_live_page_the_second_is_refused(login):
    first, second = login(workflow.EDITORS_GROUP, "ed1"), login(workflow.EDITORS_GROUP, "ed2")
    stroke = Condition.objects.get(slug="stroke")
    form_one = form_data(first.get(change_url(stroke)))
    form_two = form_data(second.get(change_url(stroke)))
    first.post(change_url(stroke), {**form_one, "summary": NEW_SUMMARY, "_save_draft": "1"})
    refused = second.post(change_url(stroke), {**form_two, "overview": "x", "_save_draft": "1"})
    assert "Someone else saved this page after you opened it" in refused.content.decode()
    change = PendingChange.objects.get(object_id=stroke.pk)
    assert change.snapshot[0]["fields"]["summary"] == NEW_SUMMARY
    assert change.snapshot[0]["fields"]["overview"] != "x"


def test_draft_buttons_say_what_happened(editor, make_condition):
    condition = make_condition(status=Status.DRAFT)
    page = editor.get(change_url(condition)).content.decode()
    assert 'name="_save_draft"' in page and 'name="_submit_for_review"' in page
    assert 'name="_publish"' not in page and "Archive…" not in page
    data = form_data(editor.get(change_url(condition)))
    saved = editor.post(change_url(condition), {**data, "_save_draft": "1"}, follow=True)
    assert messages_of(saved) == [f"Saved “{condition}” as a draft."]
    assert (
        Version.objects.get_for_object(condition)
        .first()
        .revision.comment.startswith("Saved as a draft by Ed Smith.")
    )


def test_a_reviewer_publishes_a_new_page_with_its_review_record(reviewer):
    condition = ready_draft()
    page = reviewer.get(change_url(condition)).content.decode()
    assert 'name="_publish"' in page and "Archive…" in page
    data = form_data(reviewer.get(change_url(condition)))
    response = reviewer.post(change_url(condition), {**data, "_publish": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == publish_url(condition)
    assert "A new page: readers have not seen it yet." in response.content.decode()
    reviewer.post(publish_url(condition), form_data_of_publish_page(reviewer, condition))
    condition.refresh_from_db()
    today = timezone.localdate()
    assert (condition.status, condition.last_reviewed) == (Status.PUBLISHED, today)
    assert condition.next_review_due == next_review_due(today)
    assert (condition.reviewer_name, condition.reviewer_role) == ("Ann Smith", "medical reviewer")


def ready_draft():
    """A draft copy of sciatica, with what a condition needs before review."""
    original = Condition.objects.get(slug="sciatica")
    condition = Condition.objects.get(slug="sciatica")
    condition.pk = condition.id = None
    condition.name, condition.slug, condition.status = "Sciatica copy", "sciatica-copy", "draft"
    condition.last_reviewed = condition.next_review_due = None
    condition.reviewer_name = condition.reviewer_role = ""
    condition.save()
    condition.body_areas.set(original.body_areas.all())
    for link in original.symptom_links.all():
        condition.symptom_links.create(symptom=link.symptom, typicality=link.typicality)
    for reference in original.references.all()[:2]:
        condition.references.create(title=reference.title, publisher=reference.publisher,
                                    url=reference.url)  # fmt: skip
    return condition


def test_reverting_a_live_page_from_history_stages_the_old_version(reviewer, editor):
    stroke = Condition.objects.get(slug="stroke")
    first_version = Version.objects.get_for_object(stroke).last()
    stage_summary(reviewer, stroke, NEW_SUMMARY)
    reviewer.post(publish_url(stroke), form_data_of_publish_page(reviewer, stroke))
    assert NEW_SUMMARY in reader_sees("/conditions/stroke/")

    revert_url = change_url(stroke).replace("change/", f"history/{first_version.pk}/")
    data = form_data(editor.get(revert_url))
    response = editor.post(revert_url, {**data, "_submit_for_review": "1"})

    assert response.status_code == 302
    assert NEW_SUMMARY in reader_sees("/conditions/stroke/")
    change = PendingChange.objects.get(object_id=stroke.pk, state=State.IN_REVIEW)
    assert change.snapshot[0]["fields"]["summary"] == first_version.field_dict["summary"]
    assert change.snapshot[0]["fields"]["status"] == Status.PUBLISHED


def test_the_history_shows_the_pending_change(editor, reviewer):
    stroke = Condition.objects.get(slug="stroke")
    stage_summary(editor, stroke, NEW_SUMMARY, button="_save_draft")
    history_url = change_url(stroke).replace("change/", "history/")
    page = reviewer.get(history_url).content.decode()
    assert "Pending change (not live yet)" in page
    assert "Draft (not sent for review): saved by Ed Smith on" in page
    assert f'href="{publish_url(stroke)}"' in page
    assert f'href="{publish_url(stroke)}"' not in editor.get(history_url).content.decode()


def test_only_its_editor_or_a_reviewer_discards_a_change(login, reviewer):
    author, other = login(workflow.EDITORS_GROUP, "ed1"), login(workflow.EDITORS_GROUP, "ed2")
    stroke = Condition.objects.get(slug="stroke")
    stage_summary(author, stroke, NEW_SUMMARY)
    url = change_url(stroke).replace("change/", "discard/")
    assert other.post(url).status_code == 403
    assert PendingChange.objects.get(object_id=stroke.pk).state == State.IN_REVIEW
    response = author.post(url, follow=True)
    assert messages_of(response) == ["Discarded the pending change to “Stroke”."]
    assert PendingChange.objects.get(object_id=stroke.pk).state == State.DISCARDED
    assert "This page is live." in author.get(change_url(stroke)).content.decode()


def test_archive_and_return_pages_take_the_page_off_the_site_only_when_confirmed(reviewer):
    shin = Condition.objects.get(slug="shin-splints")
    url = change_url(shin).replace("change/", "archive/")
    page = reviewer.get(url).content.decode()
    assert "Readers will no longer see this page." in page
    assert Condition.objects.get(pk=shin.pk).status == Status.PUBLISHED
    response = reviewer.post(url, follow=True)
    assert messages_of(response) == ["Archived: 1 item changed."]
    assert Client().get("/conditions/shin-splints/").status_code == 404
    comment = Version.objects.get_for_object(shin).first().revision.comment
    assert comment == "Archived by Ann Smith."


def test_a_change_linking_to_something_deleted_since_is_refused_not_a_crash(
    editor, reviewer, make_symptom
):
    stroke = Condition.objects.get(slug="stroke")
    doomed = make_symptom(status=Status.DRAFT)
    data = form_data(editor.get(change_url(stroke)))
    total = int(data["symptom_links-TOTAL_FORMS"])
    data.update(
        {
            f"symptom_links-{total - 1}-symptom": doomed.pk,
            f"symptom_links-{total - 1}-typicality": 2,
            "_submit_for_review": "1",
        }
    )
    assert editor.post(change_url(stroke), data).status_code == 302
    doomed.delete()

    page = reviewer.get(publish_url(stroke)).content.decode()
    assert "It links to something deleted since it was saved: symptom #" in page
    opened = editor.get(change_url(stroke), follow=True)
    assert opened.redirect_chain[-1][0] == change_url(stroke).replace("change/", "discard/")
    assert "links to something deleted since it was saved" in messages_of(opened)[-1]
    assert Condition.objects.get(slug="stroke").status == Status.PUBLISHED


def test_history_sentences_for_form_saves(editor, make_condition):
    condition = make_condition(status=Status.DRAFT)
    data = form_data(editor.get(change_url(condition)))
    editor.post(change_url(condition), {**data, "overview": "New words.", "_save_draft": "1"})
    comment = Version.objects.get_for_object(condition).first().revision.comment
    assert comment == "Saved as a draft by Ed Smith. Changed Overview."
    add = editor.get("/admin/conditions/condition/add/")
    assert add.status_code == 200


def test_two_reviewers_saving_the_same_body_area_the_second_is_refused(login):
    from conditions.models import BodyArea

    first = login(workflow.REVIEWERS_GROUP, "rev1")
    second = login(workflow.REVIEWERS_GROUP, "rev2")
    knee = BodyArea.objects.get(slug="knee")
    url = f"/admin/conditions/bodyarea/{knee.pk}/change/"
    form_one, form_two = form_data(first.get(url)), form_data(second.get(url))
    assert first.post(url, {**form_one, "description": "First words."}).status_code == 302
    refused = second.post(url, {**form_two, "name": "Knee joint"})
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "Someone else saved this page after you opened it" in page
    assert "(Fields: Name, Description.)" in page  # theirs is kept, yours listed
    knee.refresh_from_db()
    assert (knee.name, knee.description) == ("Knee", "First words.")


def test_deleting_an_item_deletes_its_pending_changes(editor, reviewer, make_condition):
    condition = ready_draft()
    reviewer.post(change_url(condition), {**form_data(reviewer.get(change_url(condition))),
                                          "_publish": "1"})  # fmt: skip
    reviewer.post(publish_url(condition), form_data_of_publish_page(reviewer, condition))
    stage_summary(editor, condition, NEW_SUMMARY)
    assert PendingChange.objects.for_item(condition).open().count() == 1
    pk = condition.pk
    Condition.objects.filter(pk=pk).update(status=Status.ARCHIVED)
    Condition.objects.get(pk=pk).delete()
    assert PendingChange.objects.filter(object_id=pk).count() == 0


def test_submit_for_review_in_the_list_sends_a_live_pages_draft_change(editor):
    stroke = Condition.objects.get(slug="stroke")
    stage_summary(editor, stroke, NEW_SUMMARY, button="_save_draft")
    response = editor.post(
        "/admin/conditions/condition/",
        {"action": "submit_for_review", "_selected_action": [stroke.pk]},
        follow=True,
    )
    assert "Sent your change to “Stroke” for review." in messages_of(response)
    assert PendingChange.objects.get(object_id=stroke.pk).state == State.IN_REVIEW
    assert Condition.objects.get(pk=stroke.pk).status == Status.PUBLISHED


def test_publishing_refuses_an_editor_even_without_the_admin(editor):
    from django.core.exceptions import PermissionDenied

    from conditions import publishing

    stroke = Condition.objects.get(slug="stroke")
    review = publishing.ReviewRecord.default_for(editor.user)
    with pytest.raises(PermissionDenied):
        publishing.publish(stroke, editor.user, review)
    go_live = timezone.now() + datetime.timedelta(hours=1)
    with pytest.raises(PermissionDenied):
        publishing.schedule(stroke, editor.user, review, go_live)


def test_a_page_published_with_an_end_date_leaves_the_site_then(reviewer):
    condition = ready_draft()
    data = form_data_of_publish_page(reviewer, condition)
    end = timezone.localtime() + datetime.timedelta(days=30)
    data["expire_at"] = end.strftime("%Y-%m-%dT%H:%M")
    reviewer.post(publish_url(condition), data)
    condition.refresh_from_db()
    assert condition.status == Status.PUBLISHED
    assert condition.expire_at == end.replace(second=0, microsecond=0)


def test_a_symptom_that_live_rules_use_is_not_archived_by_its_end_date():
    from conditions.models import Symptom

    Symptom.objects.filter(slug="sudden-loss-of-sight").update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    out, err = _Output(), _Output()
    call_command("publish_scheduled", stdout=out, stderr=err)
    assert err.text.startswith(
        "Not archived: Sudden loss of sight or blurred sight for no clear reason: the 'when "
        "to get help' rules of these published conditions use it"
    )
    assert Symptom.objects.get(slug="sudden-loss-of-sight").status == Status.PUBLISHED
    assert out.text.endswith("0 published, 0 not published, 0 archived.\n")


def test_publish_itself_refuses_an_item_that_is_not_ready(reviewer, make_condition):
    from conditions import publishing

    bare = make_condition(status=Status.DRAFT)
    review = publishing.ReviewRecord.default_for(reviewer.user)
    problems = publishing.publish(bare, reviewer.user, review)
    assert problems == [
        "Link at least three symptoms.",
        "Choose at least one body area.",
        "Add at least two references.",
    ]
    assert Condition.objects.get(pk=bare.pk).status == Status.DRAFT


def test_staff_preview_the_pending_change_as_readers_will_see_it(editor, login):
    stroke = Condition.objects.get(slug="stroke")
    stage_summary(editor, stroke, NEW_SUMMARY, button="_save_draft")
    preview_url = change_url(stroke).replace("change/", "pending/")
    assert preview_url in editor.get(change_url(stroke)).content.decode()
    page = editor.get(preview_url).content.decode()
    assert NEW_SUMMARY in page and "Pending change, not live." in page
    assert NEW_SUMMARY not in reader_sees("/conditions/stroke/")
    assert Condition.objects.get(slug="stroke").summary != NEW_SUMMARY
    no_role = login(workflow.EDITORS_GROUP, "nobody")
    no_role.user.groups.clear()
    assert no_role.get(preview_url).status_code == 403


def test_discarding_someone_elses_change_is_refused_below_the_admin(login):
    from django.core.exceptions import PermissionDenied

    from conditions import publishing

    author, other = login(workflow.EDITORS_GROUP, "ed1"), login(workflow.EDITORS_GROUP, "ed2")
    stroke = Condition.objects.get(slug="stroke")
    stage_summary(author, stroke, NEW_SUMMARY)
    change = PendingChange.objects.get(object_id=stroke.pk)
    with pytest.raises(PermissionDenied):
        publishing.discard_change(change, other.user)
    assert PendingChange.objects.get(pk=change.pk).state == State.IN_REVIEW


def test_publish_on_a_live_page_sends_the_change_to_review_first(reviewer):
    stroke = Condition.objects.get(slug="stroke")
    data = form_data(reviewer.get(change_url(stroke)))
    response = reviewer.post(change_url(stroke), {**data, "summary": NEW_SUMMARY, "_publish": "1"})
    assert response["Location"] == publish_url(stroke)
    # Leaving the publish page without publishing leaves the change waiting in review.
    assert PendingChange.objects.get(object_id=stroke.pk).state == State.IN_REVIEW


def test_a_guide_not_ready_for_review_stays_a_draft_with_the_reasons(editor):
    from conditions.models import Guide

    guide = Guide.objects.create(
        title="Test guide", slug="test-guide", summary="A guide.", overview="Some words."
    )
    url = f"/admin/conditions/guide/{guide.pk}/change/"
    data = form_data(editor.get(url))
    response = editor.post(url, {**data, "_submit_for_review": "1"}, follow=True)
    assert messages_of(response) == [
        "Saved “Test guide” as a draft, but not sent for review: Choose the conditions it "
        "covers: their warning signs head the guide. Add at least two references."
    ]
    assert Guide.objects.get(pk=guide.pk).status == Status.DRAFT


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"last_reviewed": "2999-01-01", "next_review_due": "2999-06-01"}, "last_reviewed",
         "A review cannot be in the future."),
        ({"expire_at": "2020-01-01T10:00"}, "expire_at", "Choose a time after the page goes live."),
        ({"go_live_at": "2020-01-01T10:00"}, "go_live_at",
         "Choose a time in the future, or leave it empty."),
        ({"go_live_at": "2999-01-01T10:00", "expire_at": "2999-01-01T10:00"}, "expire_at",
         "Choose a time after the page goes live."),
    ],
)  # fmt: skip
def test_the_publish_page_refuses_impossible_dates(reviewer, changes, field, message):
    condition = ready_draft()
    data = {**form_data_of_publish_page(reviewer, condition), **changes}
    response = reviewer.post(publish_url(condition), data)
    assert response.context["form"].errors[field] == [message]
    assert Condition.objects.get(pk=condition.pk).status == Status.DRAFT


def test_the_publish_page_says_why_an_item_is_left_out(editor, reviewer):
    sciatica, stroke = Condition.objects.get(slug="sciatica"), Condition.objects.get(slug="stroke")
    stage_summary(editor, stroke, NEW_SUMMARY)
    data = form_data_of_publish_page(reviewer, stroke)
    data["go_live_at"] = (timezone.localtime() + datetime.timedelta(hours=1)).strftime(
        "%Y-%m-%dT%H:%M"
    )
    reviewer.post(publish_url(stroke), data)
    url = f"/admin/conditions/condition/publish/?ids={sciatica.pk},{stroke.pk}"
    page = reviewer.get(url).content.decode()
    assert "Not included: It is published and has no pending change." in page
    assert "Not included: It is already scheduled." in page
    assert "Publish 1 item" not in page and "Publish 0 items" not in page


def test_cancelling_a_schedule_sends_the_change_back_to_review(editor, reviewer):
    stroke = Condition.objects.get(slug="stroke")
    stage_summary(editor, stroke, NEW_SUMMARY)
    data = form_data_of_publish_page(reviewer, stroke)
    data["go_live_at"] = (timezone.localtime() + datetime.timedelta(hours=1)).strftime(
        "%Y-%m-%dT%H:%M"
    )
    reviewer.post(publish_url(stroke), data)
    url = change_url(stroke).replace("change/", "unschedule/")
    assert "It was due to go live at" in reviewer.get(url).content.decode()
    response = reviewer.post(url, follow=True)
    assert messages_of(response) == [
        "Cancelled the schedule of “Stroke”. The change is back in review."
    ]
    change = PendingChange.objects.get(object_id=stroke.pk)
    assert (change.state, change.go_live_at) == (State.IN_REVIEW, None)
    assert reviewer.post(url).status_code == 404  # nothing scheduled any more


def test_returning_an_item_in_review_without_a_pending_change(reviewer, make_condition):
    condition = ready_draft()
    Condition.objects.filter(pk=condition.pk).update(status=Status.IN_REVIEW)
    url = change_url(condition).replace("change/", "return/")
    page = reviewer.get(url).content.decode()
    assert "The page goes back to draft with your comment." in page
    response = reviewer.post(url, {"comment": "Add a source for the numbness."}, follow=True)
    assert messages_of(response) == ["Returned to draft: 1 item changed."]
    condition.refresh_from_db()
    assert (condition.status, condition.review_comment) == (
        Status.DRAFT,
        "Add a source for the numbness.",
    )
    comment = Version.objects.get_for_object(condition).first().revision.comment
    assert comment == "Returned to draft by Ann Smith: Add a source for the numbness."


def test_workflow_pages_of_missing_items_are_404(reviewer):
    stroke = Condition.objects.get(slug="stroke")
    assert reviewer.get("/admin/conditions/condition/999999/return/").status_code == 404
    assert reviewer.get(change_url(stroke).replace("change/", "discard/")).status_code == 404
    assert reviewer.get(change_url(stroke).replace("change/", "pending/")).status_code == 404


def test_a_new_page_can_be_scheduled_and_goes_live_when_due(reviewer):
    condition = ready_draft()
    data = form_data_of_publish_page(reviewer, condition)
    data["go_live_at"] = (timezone.localtime() + datetime.timedelta(days=1)).strftime(
        "%Y-%m-%dT%H:%M"
    )
    reviewer.post(publish_url(condition), data)
    change = PendingChange.objects.get(object_id=condition.pk)
    assert (change.state, Condition.objects.get(pk=condition.pk).status) == (
        State.SCHEDULED,
        Status.DRAFT,
    )
    PendingChange.objects.filter(pk=change.pk).update(go_live_at=timezone.now())
    call_command("publish_scheduled", stdout=(out := _Output()))
    assert "Published: Sciatica copy" in out.text
    condition.refresh_from_db()
    assert (condition.status, condition.reviewer_name) == (Status.PUBLISHED, "Ann Smith")
    assert Client().get("/conditions/sciatica-copy/").status_code == 200


def test_a_scheduled_change_that_can_no_longer_go_live_returns_to_review(
    editor, reviewer, make_symptom
):
    stroke = Condition.objects.get(slug="stroke")
    doomed = make_symptom(status=Status.DRAFT)
    data = form_data(editor.get(change_url(stroke)))
    last = int(data["symptom_links-TOTAL_FORMS"]) - 1
    data.update({f"symptom_links-{last}-symptom": doomed.pk, "_submit_for_review": "1"})
    editor.post(change_url(stroke), data)
    review = form_data_of_publish_page(reviewer, stroke)
    review["go_live_at"] = (timezone.localtime() + datetime.timedelta(hours=1)).strftime(
        "%Y-%m-%dT%H:%M"
    )
    reviewer.post(publish_url(stroke), review)
    doomed.delete()
    PendingChange.objects.filter(object_id=stroke.pk).update(go_live_at=timezone.now())

    call_command("publish_scheduled", stdout=(out := _Output()), stderr=(err := _Output()))

    assert "0 published, 1 not published, 0 archived." in out.text
    assert err.text.startswith("Not published: Stroke: It links to something deleted since")
    change = PendingChange.objects.get(object_id=stroke.pk)
    assert change.state == State.IN_REVIEW
    assert change.review_comment.startswith("Could not go live as scheduled: It links to")
    assert Condition.objects.get(pk=stroke.pk).status == Status.PUBLISHED


def test_a_review_record_must_name_the_reviewer_and_a_later_due_date():
    from conditions.publishing import ReviewRecord

    day = datetime.date(2026, 11, 30)
    assert ReviewRecord(day, day, " ", "GP").problems() == [
        "The next review must be due after the last review.",
        "Record who reviewed it (name and role).",
    ]
    assert ReviewRecord(day, day + datetime.timedelta(days=1), "A", "GP").problems() == []


def shown_messages(response):
    """The messages on the page, each with the level it is shown at (success, error...)."""
    return [(str(m), m.level_tag) for m in response.context["messages"]]


@pytest.mark.parametrize("query", ["", "?ids=", "?ids=abc"])
def test_the_publish_page_opened_with_nothing_chosen_says_so_under_its_title(reviewer, query):
    response = reviewer.get(f"/admin/conditions/condition/publish/{query}")

    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Check and publish | legpain editors</title>" in page
    assert "<h1>Check and publish</h1>" in page
    assert "<p>Nothing was chosen to publish.</p>" in page
    assert response.context["rows"] == [] and 'value="Publish' not in page


def test_the_publish_page_is_titled_check_and_publish(reviewer):
    condition = ready_draft()
    page = reviewer.get(publish_url(condition)).content.decode()
    assert "<title>Check and publish | legpain editors</title>" in page
    assert "<h1>Check and publish</h1>" in page
    assert 'value="Publish 1 item (or schedule)"' in page


def test_publishing_a_page_is_reported_as_a_success(reviewer):
    condition = ready_draft()
    data = form_data_of_publish_page(reviewer, condition)

    response = reviewer.post(publish_url(condition), data, follow=True)

    assert shown_messages(response) == [
        ("Published “Sciatica copy”. Readers see it now.", "success")
    ]
    assert Condition.objects.get(pk=condition.pk).status == Status.PUBLISHED


def test_a_page_that_stops_being_ready_while_publishing_is_an_error_naming_every_reason(
    reviewer, monkeypatch
):
    from conditions import publishing

    condition = ready_draft()
    data = form_data_of_publish_page(reviewer, condition)
    checked = publishing.problems_before_publishing

    def checked_then_emptied(item, change=None):
        problems = checked(item, change)
        # Someone else, between the check and the publishing:
        item.body_areas.clear()
        item.references.all().delete()
        return problems

    monkeypatch.setattr(publishing, "problems_before_publishing", checked_then_emptied)

    response = reviewer.post(publish_url(condition), data, follow=True)

    assert shown_messages(response) == [
        (
            "Not published: “Sciatica copy”: Choose at least one body area. "
            "Add at least two references.",
            "error",
        )
    ]
    assert Condition.objects.get(pk=condition.pk).status == Status.DRAFT
    assert Client().get("/conditions/sciatica-copy/").status_code == 404


def test_a_go_live_time_of_this_very_minute_is_refused_on_the_publish_page(reviewer, monkeypatch):
    condition = ready_draft()
    data = form_data_of_publish_page(reviewer, condition)
    moment = timezone.localtime().replace(second=0, microsecond=0) + datetime.timedelta(hours=1)
    data["go_live_at"] = moment.strftime("%Y-%m-%dT%H:%M")
    monkeypatch.setattr(timezone, "now", lambda: moment)  # it is that minute now

    response = reviewer.post(publish_url(condition), data)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "go_live_at": ["Choose a time in the future, or leave it empty."]
    }
    assert shown_messages(response) == []
    assert not PendingChange.objects.filter(object_id=condition.pk).exists()
    assert Condition.objects.get(pk=condition.pk).status == Status.DRAFT
