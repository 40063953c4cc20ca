"""The workflow's less travelled paths: what stops a guide or symptom going to review, two
editors saving at once, schedules that can no longer go live, review records refused below
the admin, and the editorial form's own widgets."""

import datetime

import pytest
from django import forms
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from reversion.models import Version

from conditions import publishing, staging, workflow
from conditions.admin_forms import CountedTextarea, ErrorRow, error_rows
from conditions.models import (
    BodyArea,
    Condition,
    Guide,
    PendingChange,
    Reference,
    Status,
    Symptom,
)
from tests.admin_forms import change_url, form_data, publish, review_record

pytestmark = pytest.mark.django_db

State = PendingChange.State
STALE = "Someone else saved this page after you opened it"


def changelist(model):
    return f"/admin/conditions/{model._meta.model_name}/"


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def stage(client, item, button="_submit_for_review", **fields):
    data = form_data(client.get(change_url(item)))
    data.update(fields, **{button: "1"})
    return client.post(change_url(item), data, follow=True)


def schedule_in_an_hour(item, user, change=None):
    go_live = timezone.now() + datetime.timedelta(hours=1)
    assert publishing.schedule(item, user, review_record(), go_live, change) == []
    return PendingChange.objects.open().for_item(item).get()


# What stops a guide or a symptom from going to review


def test_a_guide_without_an_overview_or_a_symptom_without_a_description_stays_a_draft(
    editor, make_symptom
):
    guide = Guide.objects.create(
        title="Empty guide", slug="empty-guide", summary="A guide.", overview="  "
    )
    response = editor.post(
        changelist(Guide),
        {"action": "submit_for_review", "_selected_action": [guide.pk]},
        follow=True,
    )
    assert messages_of(response) == [
        "Submitted for review: 0 items changed.",
        "Skipped “Empty guide”: Write the overview. Choose the conditions it covers: their "
        "warning signs head the guide. Add at least two references.",
    ]
    symptom = make_symptom(name="Blank tingle", status=Status.DRAFT, description=" ")
    response = editor.post(
        changelist(Symptom),
        {"action": "submit_for_review", "_selected_action": [symptom.pk]},
        follow=True,
    )
    assert messages_of(response)[1] == "Skipped “Blank tingle”: Write a description."
    assert Guide.objects.get(pk=guide.pk).status == Status.DRAFT
    assert Symptom.objects.get(pk=symptom.pk).status == Status.DRAFT


def test_a_symptom_no_rule_uses_is_archived(reviewer, make_symptom):
    symptom = make_symptom(name="Lonely tingle")
    response = reviewer.post(
        f"/admin/conditions/symptom/{symptom.pk}/archive/", {"confirm": "1"}, follow=True
    )
    assert messages_of(response) == ["Archived: 1 item changed."]
    assert Symptom.objects.get(pk=symptom.pk).status == Status.ARCHIVED
    assert Version.objects.get_for_object(symptom).first().revision.comment == (
        "Archived by Ann Smith."
    )


# Two people saving the same draft


def test_the_second_editor_is_told_which_links_differ(login, make_condition):
    first, second = login(workflow.EDITORS_GROUP, "ed1"), login(workflow.EDITORS_GROUP, "ed2")
    knee, ankle = BodyArea.objects.get(name="Knee"), BodyArea.objects.exclude(name="Knee")[0]
    condition = make_condition(status=Status.DRAFT)
    form_one = form_data(first.get(change_url(condition)))
    form_two = form_data(second.get(change_url(condition)))
    first.post(change_url(condition), {**form_one, "body_areas": [knee.pk], "_save_draft": "1"})

    refused = second.post(
        change_url(condition), {**form_two, "body_areas": [ankle.pk], "_save_draft": "1"}
    )

    page = refused.content.decode()
    assert STALE in page
    assert "How your version differs from the one saved now is listed below the form." in page
    assert "(Fields: Body areas.)" in page
    assert list(Condition.objects.get(pk=condition.pk).body_areas.all()) == [knee]


def test_two_editors_making_the_same_change_the_second_is_told_nothing_differs(
    login, make_condition
):
    first, second = login(workflow.EDITORS_GROUP, "ed1"), login(workflow.EDITORS_GROUP, "ed2")
    condition = make_condition(status=Status.DRAFT)
    form_one = form_data(first.get(change_url(condition)))
    form_two = form_data(second.get(change_url(condition)))
    same = {"summary": "The same new summary.", "_save_draft": "1"}
    first.post(change_url(condition), {**form_one, **same})

    refused = second.post(change_url(condition), {**form_two, **same})

    page = refused.content.decode()
    assert STALE in page
    assert "Your version has the same text as the one saved now." in page
    assert "(Fields:" not in page


# Changes to live pages


def test_a_reviewer_cannot_stage_a_live_page_without_its_reviewer(reviewer):
    stroke = Condition.objects.get(slug="stroke")
    response = stage(reviewer, stroke, button="_save_draft", reviewer_name="")
    assert "Before publishing: Record who reviewed it (name and role)." in (
        response.content.decode()
    )
    assert not PendingChange.objects.for_item(stroke).exists()
    assert Condition.objects.get(pk=stroke.pk).reviewer_name == stroke.reviewer_name


def test_editors_who_open_a_live_page_later_continue_the_same_change(login):
    first, second = login(workflow.EDITORS_GROUP, "ed1"), login(workflow.EDITORS_GROUP, "ed2")
    stroke = Condition.objects.get(slug="stroke")
    stage(first, stroke, button="_save_draft", summary="First editor's summary.")
    stage(second, stroke, button="_save_draft", overview="Second editor's overview.")

    change = PendingChange.objects.open().for_item(stroke).get()
    fields = change.snapshot[0]["fields"]
    assert (fields["summary"], fields["overview"]) == (
        "First editor's summary.",
        "Second editor's overview.",
    )
    assert (change.created_by, change.updated_by) == (first.user, second.user)
    assert Condition.objects.get(pk=stroke.pk).summary == stroke.summary


def test_submitting_a_change_already_in_review_leaves_it_in_review(editor):
    stroke = Condition.objects.get(slug="stroke")
    stage(editor, stroke, summary="A summary in review.")
    response = editor.post(
        changelist(Condition),
        {"action": "submit_for_review", "_selected_action": [stroke.pk]},
        follow=True,
    )
    assert messages_of(response) == ["Sent your change to “Stroke” for review."]
    change = PendingChange.objects.open().for_item(stroke).get()
    assert (change.state, change.updated_by) == (State.IN_REVIEW, editor.user)


def test_a_scheduled_change_offers_reviewers_only_cancelling_it(editor, reviewer):
    stroke = Condition.objects.get(slug="stroke")
    stage(editor, stroke, summary="A scheduled summary.")
    schedule_in_an_hour(stroke, reviewer.user, PendingChange.objects.for_item(stroke).get())

    page = reviewer.get(change_url(stroke)).content.decode()
    assert f'href="/admin/conditions/condition/{stroke.pk}/unschedule/">Cancel the schedule…' in (
        page
    )
    for other in ("Save draft", "Submit for review", "Publish…", "Archive…"):
        assert f'value="{other}"' not in page and f">{other}</a>" not in page, other
    assert "nothing can be edited until a reviewer cancels the schedule" in (
        editor.get(change_url(stroke)).content.decode()
    )


def test_a_deleted_item_has_no_change_or_history_page(reviewer, make_condition):
    condition = make_condition(status=Status.DRAFT, name="Deleted shin", slug="deleted-shin")
    pk = condition.pk
    condition.delete()
    for path in (
        f"/admin/conditions/condition/{pk}/change/",
        f"/admin/conditions/condition/{pk}/history/",
    ):
        response = reviewer.get(path, follow=True)
        assert messages_of(response) == [
            f"condition with ID “{pk}” doesn’t exist. Perhaps it was deleted?"
        ], path


def test_deleting_an_archived_page_lists_its_pending_change(editor, reviewer, make_condition):
    condition = make_condition(name="Retired shin", slug="retired-shin")
    publishing.stage(condition, staging.snapshot(condition), editor.user, State.DRAFT)
    reviewer.post(f"/admin/conditions/condition/{condition.pk}/archive/", {"confirm": "1"})

    page = reviewer.get(f"/admin/conditions/condition/{condition.pk}/delete/").content.decode()
    assert "Pending change to Retired shin (draft (not sent for review))" in page


# Publishing below the admin


def test_publishing_refuses_a_review_record_due_before_it_was_made(reviewer):
    stroke = Condition.objects.get(slug="stroke")
    today = timezone.localdate()
    review = review_record(next_review_due=today - datetime.timedelta(days=1))
    versions = Version.objects.get_for_object(stroke).count()
    assert publishing.publish(stroke, reviewer.user, review) == [
        "The next review must be due after the last review."
    ]
    assert Version.objects.get_for_object(stroke).count() == versions
    assert Condition.objects.get(pk=stroke.pk).last_reviewed == stroke.last_reviewed


def test_scheduling_refuses_a_time_in_the_past(editor, reviewer):
    stroke = Condition.objects.get(slug="stroke")
    stage(editor, stroke, summary="Too late a summary.")
    change = PendingChange.objects.open().for_item(stroke).get()
    past = timezone.now() - datetime.timedelta(minutes=5)
    assert publishing.schedule(stroke, reviewer.user, review_record(), past, change) == [
        "Choose a time in the future, or publish now."
    ]
    change.refresh_from_db()
    assert (change.state, change.go_live_at) == (State.IN_REVIEW, None)


def test_a_change_whose_reviewer_left_still_goes_live_as_scheduled(editor, login):
    leaving = login(workflow.REVIEWERS_GROUP, "leaver")
    stroke = Condition.objects.get(slug="stroke")
    stage(editor, stroke, summary="Approved before the reviewer left.")
    change = schedule_in_an_hour(stroke, leaving.user, PendingChange.objects.for_item(stroke).get())
    leaving.user.delete()
    PendingChange.objects.filter(pk=change.pk).update(go_live_at=timezone.now())

    call_command("publish_scheduled", stdout=(out := _Output()))

    assert "Published: Stroke" in out.text
    assert Condition.objects.get(pk=stroke.pk).summary == "Approved before the reviewer left."
    assert Version.objects.get_for_object(stroke).first().revision.comment == (
        "Published as scheduled; approved by the scheduler."
    )


def test_a_schedule_cancelled_while_the_scheduler_runs_is_not_published(
    editor, reviewer, monkeypatch
):
    stroke, sciatica = Condition.objects.get(slug="stroke"), Condition.objects.get(slug="sciatica")
    stage(editor, stroke, summary="Stroke goes live.")
    stage(editor, sciatica, summary="Sciatica was cancelled.")
    first = schedule_in_an_hour(stroke, reviewer.user, PendingChange.objects.for_item(stroke).get())
    second = schedule_in_an_hour(
        sciatica, reviewer.user, PendingChange.objects.for_item(sciatica).get()
    )
    PendingChange.objects.filter(pk__in=[first.pk, second.pk]).update(go_live_at=timezone.now())
    real_publish = publishing.publish

    def publish_then_cancel_the_other(item, *args, **kwargs):
        # Another reviewer cancels the other schedule while this run is under way.
        other = second if item.pk == stroke.pk else first
        publishing.cancel_schedule(PendingChange.objects.get(pk=other.pk), reviewer.user)
        return real_publish(item, *args, **kwargs)

    monkeypatch.setattr(publishing, "publish", publish_then_cancel_the_other)
    results = publishing.publish_due()

    assert len(results) == 1
    ((published, problems),) = results
    assert problems == []
    cancelled = second if published.pk == first.pk else first
    cancelled.refresh_from_db()
    assert cancelled.state == State.IN_REVIEW
    still_live = Condition.objects.get(pk=cancelled.object_id)
    assert still_live.summary != cancelled.snapshot[0]["fields"]["summary"]


def test_a_scheduled_page_removed_behind_the_admins_back_goes_back_to_review(
    reviewer, make_symptom
):
    symptom = make_symptom(name="Vanishing tingle", status=Status.DRAFT)
    change = schedule_in_an_hour(symptom, reviewer.user)
    Symptom.objects.filter(pk=symptom.pk)._raw_delete(Symptom.objects.db)  # e.g. in SQL
    PendingChange.objects.filter(pk=change.pk).update(go_live_at=timezone.now())

    call_command("publish_scheduled", stdout=_Output(), stderr=(err := _Output()))

    assert err.text.startswith("Not published: Vanishing tingle: the item no longer exists.")
    change.refresh_from_db()
    assert change.state == State.IN_REVIEW
    assert change.review_comment == "Could not go live as scheduled: the item no longer exists."


def test_a_change_whose_row_numbers_belong_to_another_page_leaves_that_page_alone(reviewer):
    """A pending change made elsewhere (imported) may carry ids that other pages use here."""
    stroke, sciatica = Condition.objects.get(slug="stroke"), Condition.objects.get(slug="sciatica")
    theirs = sciatica.references.order_by("pk").first()
    rows = staging.snapshot(stroke)
    row = next(r for r in rows if r["model"] == "conditions.reference")
    row["pk"] = theirs.pk
    row["fields"]["title"] = "Stroke source with a borrowed number"
    change = publishing.stage(stroke, rows, reviewer.user, State.IN_REVIEW)

    publish(reviewer, stroke)

    change.refresh_from_db()
    assert change.state == State.PUBLISHED
    theirs_now = Reference.objects.get(pk=theirs.pk)
    assert (theirs_now.condition, theirs_now.title) == (sciatica, theirs.title)
    assert stroke.references.filter(title="Stroke source with a borrowed number").exists()


def test_a_symptom_deleted_while_publishing_is_reported_not_published(
    editor, reviewer, make_symptom, monkeypatch
):
    stroke = Condition.objects.get(slug="stroke")
    doomed = make_symptom(name="Short-lived tingle")
    doomed_pk = doomed.pk
    data = form_data(editor.get(change_url(stroke)))
    last = int(data["symptom_links-TOTAL_FORMS"]) - 1
    editor.post(
        change_url(stroke),
        {**data, f"symptom_links-{last}-symptom": doomed.pk, "_submit_for_review": "1"},
    )
    url = f"/admin/conditions/condition/publish/?ids={stroke.pk}"
    form = reviewer.get(url).context["form"]
    checked = publishing.problems_before_publishing

    def checked_then_deleted(item, change=None):
        problems = checked(item, change)
        doomed.delete()  # someone else, between the check and the publishing
        return problems

    monkeypatch.setattr(publishing, "problems_before_publishing", checked_then_deleted)
    response = reviewer.post(
        url, {name: form[name].value() or "" for name in form.fields}, follow=True
    )

    assert messages_of(response) == [
        "Not published: “Stroke”: It links to something deleted since it was saved: "
        f"symptom #{doomed_pk}."
    ]
    assert "Short-lived tingle" not in Client().get("/conditions/stroke/").content.decode()
    assert PendingChange.objects.open().for_item(stroke).get().state == State.IN_REVIEW


# The editorial form's widgets


def test_a_summary_box_without_an_id_points_at_no_hint():
    class Form(forms.Form):
        summary = forms.CharField(widget=CountedTextarea(160))

    html = str(Form(auto_id=False)["summary"])
    assert 'data-max-length="160"' in html
    assert "aria-describedby" not in html and "_hint" not in html
    assert "Up to 160 characters" not in html


def test_a_whole_form_problem_with_no_field_to_jump_to_links_to_nothing():
    class Form(forms.Form):
        edit_token = forms.CharField(widget=forms.HiddenInput)

        def clean(self):
            raise forms.ValidationError("Someone else saved this page.")

    class AdminForm:
        form = Form(data={"edit_token": "x"})
        fieldsets = [(None, {"fields": ["edit_token", "status"]})]  # status: read-only

    assert error_rows(AdminForm(), []) == [ErrorRow("", "", "Someone else saved this page.")]


class _Output:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text if text.endswith("\n") else text + "\n"

    def flush(self):
        pass
