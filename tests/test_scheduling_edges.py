"""Scheduled publishing at its edges: an end date given with a schedule, a run in which one
change can no longer go live, a schedule that fails for two reasons, the history sentence
an expiry leaves, a returned change sent back to review, and one warning sign at two levels.
"""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from reversion.models import Version

from conditions import publishing, workflow
from conditions.checker import warning_signs
from conditions.models import Condition, PendingChange, Severity, Status, WarningRule
from tests.admin_forms import change_url, form_data, review_record

pytestmark = pytest.mark.django_db

State = PendingChange.State


def publish_url(item):
    return f"/admin/conditions/{item._meta.model_name}/publish/?ids={item.pk}"


def history_url(item):
    return f"/admin/conditions/{item._meta.model_name}/{item.pk}/history/"


def reader_sees(path):
    response = Client().get(path)
    return response.status_code, response.content.decode()


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def stage_summary(client, item, summary, button="_submit_for_review"):
    data = form_data(client.get(change_url(item)))
    data.update({"summary": summary, button: "1"})
    return client.post(change_url(item), data, follow=True)


def schedule_in_an_hour(item, user):
    go_live = timezone.now() + datetime.timedelta(hours=1)
    change = PendingChange.objects.open().for_item(item).get()
    assert publishing.schedule(item, user, review_record(), go_live, change) == []
    change.refresh_from_db()
    return change


def latest_history_sentence(item):
    return Version.objects.get_for_object(item).first().revision.comment


class _Output:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text if text.endswith("\n") else text + "\n"

    def flush(self):
        pass


# A schedule with an end date


def test_a_change_scheduled_with_an_end_date_goes_live_with_it_and_leaves_the_site_then(
    editor, reviewer
):
    stroke = Condition.objects.get(slug="stroke")
    summary = "Stroke: call now if a leg suddenly goes weak or numb on one side."
    stage_summary(editor, stroke, summary)
    form = reviewer.get(publish_url(stroke)).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    go_live = timezone.localtime() + datetime.timedelta(hours=1)
    end = timezone.localtime() + datetime.timedelta(days=30)
    data["go_live_at"] = go_live.strftime("%Y-%m-%dT%H:%M")
    data["expire_at"] = end.strftime("%Y-%m-%dT%H:%M")
    response = reviewer.post(publish_url(stroke), data, follow=True)
    assert messages_of(response)[0].startswith("Scheduled “Stroke” to go live at")
    end = end.replace(second=0, microsecond=0)
    # Not live yet, and no end date on the live page yet.
    assert Condition.objects.get(pk=stroke.pk).expire_at is None
    assert summary not in reader_sees("/conditions/stroke/")[1]

    PendingChange.objects.filter(object_id=stroke.pk, state=State.SCHEDULED).update(
        go_live_at=timezone.now()
    )
    call_command("publish_scheduled", stdout=(out := _Output()))

    assert out.text == "Published: Stroke\n1 published, 0 not published, 0 archived.\n"
    stroke.refresh_from_db()
    assert (stroke.status, stroke.summary) == (Status.PUBLISHED, summary)
    assert stroke.expire_at == end  # the end date the reviewer gave with the schedule
    assert summary in reader_sees("/conditions/stroke/")[1]

    # The end date passes: the scheduler takes the page off the site.
    after_end = end + datetime.timedelta(minutes=1)
    assert publishing.expire_due([Condition], now=after_end) == [(stroke, "")]
    stroke.refresh_from_db()
    assert stroke.status == Status.ARCHIVED
    assert reader_sees("/conditions/stroke/")[0] == 404
    assert latest_history_sentence(stroke) == "Taken off the site: its end date passed."


def test_expiry_leaves_its_sentence_on_the_history_page(reviewer):
    Condition.objects.filter(slug="shin-splints").update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("publish_scheduled", stdout=(out := _Output()))

    assert out.text.endswith("Archived (end date passed): Shin splints\n0 published, "
                             "0 not published, 1 archived.\n")  # fmt: skip
    shin = Condition.objects.get(slug="shin-splints")
    assert latest_history_sentence(shin) == "Taken off the site: its end date passed."
    assert "Taken off the site: its end date passed." in (
        reviewer.get(history_url(shin)).content.decode()
    )


# One run of the scheduler, several changes


def test_a_change_skipped_mid_run_does_not_stop_the_changes_after_it(editor, reviewer, monkeypatch):
    slugs = ("stroke", "sciatica", "shin-splints")
    first, skipped, last = (Condition.objects.get(slug=slug) for slug in slugs)
    for item in (first, skipped, last):
        stage_summary(editor, item, f"{item.name}: the scheduled summary.")
    changes = [schedule_in_an_hour(item, reviewer.user) for item in (first, skipped, last)]
    now = timezone.now()
    for minutes, change in enumerate(changes):  # the run takes them newest first
        PendingChange.objects.filter(pk=change.pk).update(
            go_live_at=now, updated_at=now - datetime.timedelta(minutes=minutes)
        )
    assert list(PendingChange.objects.due().values_list("pk", flat=True)) == [c.pk for c in changes]
    real_publish = publishing.publish

    def publish_and_cancel_the_next(item, *args, **kwargs):
        if item.pk == first.pk:  # another reviewer cancels the middle one meanwhile
            publishing.cancel_schedule(PendingChange.objects.get(pk=changes[1].pk), reviewer.user)
        return real_publish(item, *args, **kwargs)

    monkeypatch.setattr(publishing, "publish", publish_and_cancel_the_next)
    results = publishing.publish_due()

    assert [(change.pk, problems) for change, problems in results] == [
        (changes[0].pk, []),
        (changes[2].pk, []),
    ]
    assert "Shin splints: the scheduled summary." in reader_sees("/conditions/shin-splints/")[1]
    assert "Sciatica: the scheduled summary." not in reader_sees("/conditions/sciatica/")[1]
    assert PendingChange.objects.get(pk=changes[1].pk).state == State.IN_REVIEW
    assert PendingChange.objects.get(pk=changes[2].pk).state == State.PUBLISHED


def test_a_schedule_that_fails_for_two_reasons_gives_both_to_the_reviewer(editor, reviewer):
    stroke = Condition.objects.get(slug="stroke")
    stage_summary(editor, stroke, "Never goes live.")
    change = schedule_in_an_hour(stroke, reviewer.user)
    # The stored review record was spoilt behind the admin's back (e.g. in SQL).
    today = timezone.localdate().isoformat()
    spoilt = {**change.review_data, "next_review_due": today, "last_reviewed": today}
    PendingChange.objects.filter(pk=change.pk).update(
        go_live_at=timezone.now(), review_data={**spoilt, "reviewer_name": " "}
    )

    call_command("publish_scheduled", stdout=(out := _Output()), stderr=_Output())

    assert out.text == "0 published, 1 not published, 0 archived.\n"
    change.refresh_from_db()
    assert change.state == State.IN_REVIEW
    assert change.review_comment == (
        "Could not go live as scheduled: The next review must be due after the last review. "
        "Record who reviewed it (name and role)."
    )
    page = editor.get(change_url(stroke)).content.decode()
    assert (
        "<strong>Reviewer’s comment:</strong> Could not go live as scheduled: The next review "
        "must be due after the last review. Record who reviewed it (name and role)."
    ) in page
    assert "Never goes live." not in reader_sees("/conditions/stroke/")[1]


def test_a_run_told_a_later_time_publishes_what_is_due_by_then(editor, reviewer):
    """``publish_due(now)`` uses the time it is given, both to list and to re-read."""
    stroke = Condition.objects.get(slug="stroke")
    stage_summary(editor, stroke, "Due within the hour.")
    change = schedule_in_an_hour(stroke, reviewer.user)

    assert publishing.publish_due(timezone.now()) == []
    results = publishing.publish_due(change.go_live_at + datetime.timedelta(minutes=1))

    assert [(c.pk, problems) for c, problems in results] == [(change.pk, [])]
    assert "Due within the hour." in reader_sees("/conditions/stroke/")[1]


# Sending a returned change back to review


def test_resubmitting_a_returned_change_clears_the_comment_and_names_who_sent_it(login, reviewer):
    first = login(workflow.EDITORS_GROUP, "ed")
    second = login(workflow.EDITORS_GROUP, "edna")
    second.user.first_name = "Edna"
    second.user.save()
    stroke = Condition.objects.get(slug="stroke")
    stage_summary(first, stroke, "A summary the reviewer sends back.")
    reviewer.post(
        f"/admin/conditions/condition/{stroke.pk}/return/", {"comment": "Cite the source."}
    )
    page = second.get(change_url(stroke)).content.decode()
    assert "<strong>Reviewer’s comment:</strong> Cite the source." in page

    response = second.post(
        "/admin/conditions/condition/",
        {"action": "submit_for_review", "_selected_action": [stroke.pk]},
        follow=True,
    )

    assert messages_of(response) == ["Sent your change to “Stroke” for review."]
    change = PendingChange.objects.open().for_item(stroke).get()
    assert (change.state, change.review_comment, change.updated_by) == (
        State.IN_REVIEW,
        "",
        second.user,
    )
    page = second.get(change_url(stroke)).content.decode()
    assert "Reviewer’s comment" not in page
    assert "This form shows the pending change (in review), last saved by Edna Smith on" in page
    history = reviewer.get(history_url(stroke)).content.decode()
    assert "In review: saved by Edna Smith on" in history
    assert "Cite the source." not in history


# Warning signs


def test_a_sign_at_two_levels_names_both_levels(make_symptom):
    symptom = make_symptom(name="Sudden cold foot")
    for slug, level in (("stroke", "emergency"), ("cellulitis", "urgent")):
        rule = WarningRule.objects.create(
            condition=Condition.objects.get(slug=slug),
            severity=Severity.objects.get(slug=level),
            text="a sign",
        )
        rule.symptoms.add(symptom)
    assert [Severity.objects.get(slug=s).name for s in ("emergency", "urgent")] == [
        "Emergency: call now",
        "Urgent: get help today",
    ]

    problems = warning_signs.rule_problems()

    assert [p for p in problems if p.startswith("“Sudden cold foot”")] == [
        "“Sudden cold foot” is a warning sign at more than one level: "
        "Emergency: call now, Urgent: get help today"
    ]


# What the schedule step itself refuses


def test_a_pending_change_that_is_not_ready_cannot_be_scheduled_though_the_live_page_is(
    editor, reviewer
):
    """The checks run on the version that would go live, not on the live page."""
    stroke = Condition.objects.get(slug="stroke")
    stage_summary(editor, stroke, "A change that drops every reference.")
    change = PendingChange.objects.open().for_item(stroke).get()
    change.snapshot = [row for row in change.snapshot if row["model"] != "conditions.reference"]
    change.save()
    go_live = timezone.now() + datetime.timedelta(hours=1)

    problems = publishing.schedule(stroke, reviewer.user, review_record(), go_live, change)

    assert problems == ["Add at least two references."]
    change.refresh_from_db()
    assert (change.state, change.go_live_at) == (State.IN_REVIEW, None)
    assert workflow.readiness_problems(stroke) == []  # the live page itself is ready


def test_a_schedule_for_this_very_moment_is_refused(editor, reviewer, monkeypatch):
    stroke = Condition.objects.get(slug="stroke")
    stage_summary(editor, stroke, "Goes live right now?")
    change = PendingChange.objects.open().for_item(stroke).get()
    moment = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: moment)

    problems = publishing.schedule(stroke, reviewer.user, review_record(), moment, change)

    assert problems == ["Choose a time in the future, or publish now."]
    change.refresh_from_db()
    assert (change.state, change.go_live_at) == (State.IN_REVIEW, None)


def test_scheduling_a_page_never_published_names_the_reviewer_on_its_history(reviewer):
    """A draft with no pending change: the schedule stages one, saved by the reviewer."""
    Condition.objects.filter(slug="shin-splints").update(status=Status.IN_REVIEW)
    shin = Condition.objects.get(slug="shin-splints")
    assert publishing.open_change(shin) is None
    form = reviewer.get(publish_url(shin)).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["go_live_at"] = (timezone.localtime() + datetime.timedelta(hours=1)).strftime(
        "%Y-%m-%dT%H:%M"
    )

    response = reviewer.post(publish_url(shin), data, follow=True)

    assert messages_of(response)[0].startswith("Scheduled “Shin splints” to go live at")
    change = PendingChange.objects.open().for_item(shin).get()
    assert (change.state, change.created_by, change.updated_by) == (
        State.SCHEDULED,
        reviewer.user,
        reviewer.user,
    )
    history = reviewer.get(history_url(shin)).content.decode()
    assert "Approved, scheduled: saved by Ann Smith on" in history


# What publishing itself does


def test_publishing_a_change_that_is_not_ready_leaves_the_live_page_as_it_was(editor, reviewer):
    """The change is applied to check it; refused, every bit of it is undone."""
    stroke = Condition.objects.get(slug="stroke")
    references = sorted(stroke.references.values_list("title", flat=True))
    stage_summary(editor, stroke, "A change that drops every reference.")
    change = PendingChange.objects.open().for_item(stroke).get()
    change.snapshot = [row for row in change.snapshot if row["model"] != "conditions.reference"]
    change.save()

    problems = publishing.publish(stroke, reviewer.user, review_record(), change)

    assert problems == ["Add at least two references."]
    stroke = Condition.objects.get(slug="stroke")
    assert sorted(stroke.references.values_list("title", flat=True)) == references
    assert stroke.summary != "A change that drops every reference."
    change.refresh_from_db()
    assert change.state == State.IN_REVIEW


def test_a_change_linking_to_two_deleted_symptoms_names_both(editor, reviewer):
    stroke = Condition.objects.get(slug="stroke")
    stage_summary(editor, stroke, "A change whose symptoms went away.")
    change = PendingChange.objects.open().for_item(stroke).get()
    links = [row for row in change.snapshot if row["model"] == "conditions.conditionsymptom"]
    links[0]["fields"]["symptom"], links[1]["fields"]["symptom"] = 999998, 999999
    change.save()

    problems = publishing.publish(stroke, reviewer.user, review_record(), change)

    assert problems == [
        "It links to something deleted since it was saved: symptom #999998, symptom #999999."
    ]
    change.refresh_from_db()
    assert change.state == State.IN_REVIEW


def test_publishing_clears_the_reviewers_comment_and_signs_history_with_their_name(reviewer):
    Condition.objects.filter(slug="shin-splints").update(
        status=Status.IN_REVIEW, review_comment="Add how long rest takes."
    )
    shin = Condition.objects.get(slug="shin-splints")

    assert publishing.publish(shin, reviewer.user, review_record()) == []

    shin = Condition.objects.get(slug="shin-splints")
    assert (shin.status, shin.review_comment) == (Status.PUBLISHED, "")
    revision = Version.objects.get_for_object(shin).first().revision
    assert (revision.user, revision.comment) == (reviewer.user, "Published by Ann Smith.")
