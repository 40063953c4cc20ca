"""The workflow's confirmation pages, messages and history, word for word as editors and
reviewers see them: who may discard a pending change, what the archive, discard,
unschedule and return-to-draft pages say, what the publish page refuses and leaves out,
what each step reports (and at which level), who the history names,
when a guide is ready, and what the preview of unsaved text shows and to whom."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from conditions import publishing, workflow
from conditions.models import Condition, Guide, PendingChange, Status
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db

State = PendingChange.State
CHANGELIST = "/admin/conditions/condition/"
NEW_SUMMARY = "A stroke is a medical emergency. Call now if a leg suddenly goes weak."


def step_url(step, item):
    return reverse(f"admin:conditions_{item._meta.model_name}_{step}", args=[item.pk])


def shown_messages(response):
    """The messages on the page, each with the level it is shown at (success, warning...)."""
    return [(str(m), m.level_tag) for m in response.context["messages"]]


def stage_summary(client, item, summary, button="_submit_for_review"):
    data = form_data(client.get(step_url("change", item)))
    data["summary"] = summary
    data[button] = "1"
    return client.post(step_url("change", item), data, follow=True)


def step_page(client, step, item):
    """The confirmation page of ``step``: its title, explanation and button as shown."""
    response = client.get(step_url(step, item))
    assert response.status_code == 200
    html = response.content.decode()
    return {
        "title": re.search(r"<title>(.*?) \| ", html).group(1),
        "heading": re.search(r"<h1>(.*?)</h1>", html).group(1),
        "explanation": re.search(r'<form method="post" novalidate>.*?<p>(.*?)</p>', html, re.S)
        .group(1)
        .strip(),
        "button": re.search(r'<input type="submit" class="default" value="([^"]*)">', html).group(
            1
        ),
        "breadcrumb": re.search(r'<div class="breadcrumbs">.*› ([^›<]*)</div>', html).group(1),
    }


def history_of(item):
    """(comment, user) of the item's latest revision: what its history page lists first."""
    revision = Version.objects.get_for_object(item).first().revision
    return revision.comment, revision.user


# Discarding a pending change


def test_a_reviewer_discards_another_editors_change_on_the_discard_page(login, reviewer):
    author = login(workflow.EDITORS_GROUP, "ed1")
    stroke = Condition.objects.get(slug="stroke")
    live_summary = stroke.summary
    stage_summary(author, stroke, NEW_SUMMARY)

    assert step_page(reviewer, "discard", stroke) == {
        "title": "Discard the change to “Stroke”",
        "heading": "Discard the change to “Stroke”",
        "explanation": "The pending change is dropped. The published page stays as it is.",
        "button": "Discard the change",
        "breadcrumb": "Discard the change",
    }
    response = reviewer.post(step_url("discard", stroke), follow=True)

    assert response.redirect_chain[-1][0] == step_url("change", stroke)
    assert shown_messages(response) == [("Discarded the pending change to “Stroke”.", "success")]
    assert PendingChange.objects.get(object_id=stroke.pk).state == State.DISCARDED
    assert publishing.open_change(stroke) is None
    page = reviewer.get(step_url("change", stroke)).content.decode()
    assert NEW_SUMMARY not in page and "This form shows the pending change" not in page
    assert Condition.objects.get(pk=stroke.pk).summary == live_summary


def test_an_editor_cannot_discard_a_change_another_editor_made(login):
    author, other = login(workflow.EDITORS_GROUP, "ed1"), login(workflow.EDITORS_GROUP, "ed2")
    stroke = Condition.objects.get(slug="stroke")
    stage_summary(author, stroke, NEW_SUMMARY)
    url = step_url("discard", stroke)

    opened = other.get(url)
    posted = other.post(url, follow=True)

    assert (opened.status_code, posted.status_code) == (403, 403)
    assert "Discard the change" not in opened.content.decode()
    change = PendingChange.objects.get(object_id=stroke.pk)
    assert (change.state, change.snapshot[0]["fields"]["summary"]) == (
        State.IN_REVIEW,
        NEW_SUMMARY,
    )
    assert NEW_SUMMARY in author.get(step_url("change", stroke)).content.decode()


# Archive and unschedule pages


def test_the_archive_page_says_what_happens_and_reports_who_archived_it(reviewer):
    shin = Condition.objects.get(slug="shin-splints")

    assert step_page(reviewer, "archive", shin) == {
        "title": "Archive “Shin splints”",
        "heading": "Archive “Shin splints”",
        "explanation": "Readers will no longer see this page. It is kept with its history "
        "and can be published again.",
        "button": "Archive",
        "breadcrumb": "Archive",
    }
    assert Condition.objects.get(pk=shin.pk).status == Status.PUBLISHED
    response = reviewer.post(step_url("archive", shin), follow=True)

    assert shown_messages(response) == [("Archived: 1 item changed.", "success")]
    assert Condition.objects.get(pk=shin.pk).status == Status.ARCHIVED
    assert history_of(shin) == ("Archived by Ann Smith.", reviewer.user)
    assert Client().get("/conditions/shin-splints/").status_code == 404


def test_archiving_an_archived_page_again_is_a_warning_not_a_success(reviewer, make_condition):
    condition = make_condition(name="Old page", status=Status.ARCHIVED)
    response = reviewer.post(
        CHANGELIST, {"action": "archive", "_selected_action": [condition.pk]}, follow=True
    )
    assert shown_messages(response) == [
        ("Archived: 0 items changed.", "success"),
        ("Skipped “Old page”: it is already archived.", "warning"),
    ]


def test_the_unschedule_page_and_its_message(editor, reviewer):
    stroke = Condition.objects.get(slug="stroke")
    stage_summary(editor, stroke, NEW_SUMMARY)
    url = f"{CHANGELIST}publish/?ids={stroke.pk}"
    form = reviewer.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    go_live = timezone.localtime() + datetime.timedelta(hours=1)
    data["go_live_at"] = go_live.strftime("%Y-%m-%dT%H:%M")
    reviewer.post(url, data)

    assert step_page(reviewer, "unschedule", stroke) == {
        "title": "Cancel the schedule of “Stroke”",
        "heading": "Cancel the schedule of “Stroke”",
        "explanation": f"It was due to go live at {go_live:%d %b %Y %H:%M}.",
        "button": "Cancel the schedule",
        "breadcrumb": "Cancel the schedule",
    }
    response = reviewer.post(step_url("unschedule", stroke), follow=True)

    assert response.redirect_chain[-1][0] == step_url("change", stroke)
    assert shown_messages(response) == [
        ("Cancelled the schedule of “Stroke”. The change is back in review.", "success")
    ]
    change = PendingChange.objects.get(object_id=stroke.pk)
    assert (change.state, change.go_live_at) == (State.IN_REVIEW, None)


# The return-to-draft page


def test_returning_a_pending_change_tells_the_reviewer_readers_still_see_the_published_page(
    editor, reviewer
):
    stroke = Condition.objects.get(slug="stroke")
    live_summary = stroke.summary
    stage_summary(editor, stroke, NEW_SUMMARY)

    assert step_page(reviewer, "return", stroke) == {
        "title": "Return “Stroke” to draft",
        "heading": "Return “Stroke” to draft",
        "explanation": "The pending change goes back to its editor with your comment. The "
        "published page stays as it is.",
        "button": "Return to draft",
        "breadcrumb": "Return to draft",
    }
    response = reviewer.post(step_url("return", stroke), {"comment": "Say which leg."}, follow=True)

    assert response.redirect_chain[-1][0] == CHANGELIST
    assert shown_messages(response) == [
        (
            "Returned the change to “Stroke” to its editor with your comment. "
            "Readers still see the published page.",
            "success",
        )
    ]
    change = PendingChange.objects.get(object_id=stroke.pk)
    assert (change.state, change.review_comment, change.decided_by) == (
        State.DRAFT,
        "Say which leg.",
        reviewer.user,
    )
    assert Condition.objects.get(pk=stroke.pk).status == Status.PUBLISHED
    assert live_summary in Client().get("/conditions/stroke/").content.decode()


def test_returning_a_published_page_warns_the_reviewer_it_leaves_the_site(reviewer):
    shin = Condition.objects.get(slug="shin-splints")

    assert step_page(reviewer, "return", shin) == {
        "title": "Return “Shin splints” to draft",
        "heading": "Return “Shin splints” to draft",
        "explanation": "The page goes back to draft with your comment. It disappears from "
        "the site until it is published again.",
        "button": "Return to draft",
        "breadcrumb": "Return to draft",
    }
    response = reviewer.post(
        step_url("return", shin), {"comment": "Check the dosage."}, follow=True
    )

    assert response.redirect_chain[-1][0] == CHANGELIST
    assert shown_messages(response) == [("Returned to draft: 1 item changed.", "success")]
    shin.refresh_from_db()
    assert (shin.status, shin.review_comment) == (Status.DRAFT, "Check the dosage.")
    assert Client().get("/conditions/shin-splints/").status_code == 404


def test_returning_a_page_in_review_only_says_it_goes_back_to_draft(reviewer, make_condition):
    condition = make_condition(name="Waiting page", status=Status.IN_REVIEW)

    assert step_page(reviewer, "return", condition) == {
        "title": "Return “Waiting page” to draft",
        "heading": "Return “Waiting page” to draft",
        "explanation": "The page goes back to draft with your comment.",
        "button": "Return to draft",
        "breadcrumb": "Return to draft",
    }


# The publish page: its review record, and what it leaves out


def test_a_next_review_due_the_same_day_as_the_review_is_refused_at_that_field(editor, reviewer):
    stroke = Condition.objects.get(slug="stroke")
    stage_summary(editor, stroke, NEW_SUMMARY)
    url = f"{CHANGELIST}publish/?ids={stroke.pk}"
    form = reviewer.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    today = timezone.localdate().isoformat()
    data["last_reviewed"] = data["next_review_due"] = today

    response = reviewer.post(url, data)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "next_review_due": ["The next review must be due after the last."]
    }
    html = response.content.decode()
    assert (
        '<p class="errornote" id="id_next_review_due-error">'
        "The next review must be due after the last.</p>"
    ) in html
    assert '<div class="errornote"><ul class="errorlist nonfield">' not in html
    assert shown_messages(response) == []
    change = PendingChange.objects.get(object_id=stroke.pk)
    assert change.state == State.IN_REVIEW
    assert NEW_SUMMARY not in Client().get("/conditions/stroke/").content.decode()


def test_a_scheduled_page_does_not_hide_the_pages_chosen_after_it_from_the_publish_page(
    editor, reviewer
):
    stroke = Condition.objects.get(slug="stroke")
    later = Condition.objects.filter(status=Status.PUBLISHED, pk__gt=stroke.pk).order_by("pk")[0]
    stage_summary(editor, stroke, NEW_SUMMARY)
    url = f"{CHANGELIST}publish/?ids={stroke.pk}"
    form = reviewer.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    go_live = timezone.localtime() + datetime.timedelta(hours=1)
    data["go_live_at"] = go_live.strftime("%Y-%m-%dT%H:%M")
    reviewer.post(url, data)
    stage_summary(editor, later, "A new summary for the later page.")

    response = reviewer.get(f"{CHANGELIST}publish/?ids={stroke.pk},{later.pk}")

    rows = response.context["rows"]
    assert [(row["item"], row.get("skip")) for row in rows] == [
        (stroke, "It is already scheduled."),
        (later, None),
    ]
    assert [row["item"] for row in response.context["ready"]] == [later]
    html = response.content.decode()
    assert "Not included: It is already scheduled." in html
    assert f'<h2 id="item-{later.pk}">' in html
    assert 'value="Publish 1 item (or schedule)"' in html


# What each workflow step reports, and who the history names


def test_mark_as_reviewed_reports_and_names_the_reviewer_in_history(reviewer, make_condition):
    condition = make_condition(name="Reviewed page")
    response = reviewer.post(
        CHANGELIST, {"action": "mark_reviewed", "_selected_action": [condition.pk]}, follow=True
    )
    assert shown_messages(response) == [("Marked as reviewed: 1 item changed.", "success")]
    condition.refresh_from_db()
    assert (condition.last_reviewed, condition.reviewer_name) == (
        timezone.localdate(),
        "Ann Smith",
    )
    assert history_of(condition) == ("Marked as reviewed by Ann Smith.", reviewer.user)


def test_a_return_without_a_comment_records_no_comment(reviewer, make_condition):
    condition = make_condition(name="Returned page", status=Status.IN_REVIEW)
    report = workflow.return_to_draft([condition], reviewer.user)
    assert report.summary() == "Returned to draft: 1 item changed."
    condition.refresh_from_db()
    assert (condition.status, condition.review_comment) == (Status.DRAFT, "")
    assert history_of(condition) == ("Returned to draft by Ann Smith.", reviewer.user)
    page = reviewer.get(step_url("change", condition)).content.decode()
    assert "Review comment" not in page


def test_a_return_with_a_comment_names_the_reviewer_in_history(reviewer, make_condition):
    condition = make_condition(name="Sent back page", status=Status.IN_REVIEW)
    response = reviewer.post(
        step_url("return", condition), {"comment": "Add a second source."}, follow=True
    )
    assert shown_messages(response) == [("Returned to draft: 1 item changed.", "success")]
    assert history_of(condition) == (
        "Returned to draft by Ann Smith: Add a second source.",
        reviewer.user,
    )


def test_submitting_for_review_reports_what_changed(editor, make_condition):
    condition = make_condition(name="Not ready", status=Status.DRAFT)
    response = editor.post(
        CHANGELIST,
        {"action": "submit_for_review", "_selected_action": [condition.pk]},
        follow=True,
    )
    assert shown_messages(response) == [
        ("Submitted for review: 0 items changed.", "success"),
        (
            "Skipped “Not ready”: Link at least three symptoms. Choose at least one body area. "
            "Add at least two references.",
            "warning",
        ),
    ]


# Resubmitting a returned change


def test_resubmitting_a_returned_change_clears_the_comment_and_names_who_sent_it(login, reviewer):
    author, colleague = login(workflow.EDITORS_GROUP, "ed1"), login(workflow.EDITORS_GROUP, "ed2")
    colleague.user.first_name, colleague.user.last_name = "Eve", "Jones"
    colleague.user.save()
    stroke = Condition.objects.get(slug="stroke")
    stage_summary(author, stroke, NEW_SUMMARY)
    reviewer.post(step_url("return", stroke), {"comment": "Say which leg."})
    before = colleague.get(step_url("change", stroke)).content.decode()
    assert "<strong>Reviewer’s comment:</strong> Say which leg." in before

    response = colleague.post(
        CHANGELIST, {"action": "submit_for_review", "_selected_action": [stroke.pk]}, follow=True
    )

    assert shown_messages(response) == [("Sent your change to “Stroke” for review.", "success")]
    change = PendingChange.objects.get(object_id=stroke.pk)
    assert (change.state, change.review_comment, change.updated_by) == (
        State.IN_REVIEW,
        "",
        colleague.user,
    )
    after = colleague.get(step_url("change", stroke)).content.decode()
    assert "Reviewer’s comment" not in after
    assert "This form shows the pending change (in review), last saved by Eve Jones on" in after
    publish_page = reviewer.get(f"{CHANGELIST}publish/?ids={stroke.pk}").content.decode()
    assert "A change to the live page, saved by Eve Jones on" in publish_page


# When a guide is ready


def make_guide(conditions, references):
    guide = Guide.objects.create(
        title=f"Guide {conditions}-{references}",
        slug=f"guide-{conditions}-{references}",
        summary="For a test.",
        overview="Some text.",
    )
    guide.conditions.add(*Condition.objects.order_by("pk")[:conditions])
    for number in range(references):
        guide.references.create(title=f"S{number}", publisher="P", url=f"https://e.org/{number}")
    return guide


def test_a_guide_needs_exactly_one_covered_condition_to_be_ready(django_user_model):
    editor = django_user_model.objects.create_user("guide-editor", is_staff=True)
    one, none = make_guide(1, 2), make_guide(0, 2)
    assert workflow.guide_problems(one) == []
    assert workflow.guide_problems(none) == [
        "Choose the conditions it covers: their warning signs head the guide."
    ]
    report = workflow.submit_for_review([one, none], editor)
    assert report.summary() == "Submitted for review: 1 item changed."
    assert Guide.objects.get(pk=one.pk).status == Status.IN_REVIEW
    assert Guide.objects.get(pk=none.pk).status == Status.DRAFT


def test_a_guide_needs_exactly_two_references_to_be_ready(django_user_model):
    editor = django_user_model.objects.create_user("guide-editor", is_staff=True)
    two, one = make_guide(1, 2), make_guide(1, 1)
    assert workflow.guide_problems(two) == []
    assert workflow.guide_problems(one) == ["Add at least two references."]
    report = workflow.submit_for_review([two, one], editor)
    assert report.summary() == "Submitted for review: 1 item changed."
    assert report.skip_messages() == ["Skipped “Guide 1-1”: Add at least two references."]


# Preview of unsaved text


def preview(client, item, **changes):
    data = form_data(client.get(step_url("change", item)))
    data.update(changes)
    return client.post(step_url("change", item) + "preview/", data)


def test_previewing_an_existing_page_shows_its_posted_text_without_errors(reviewer):
    shin = Condition.objects.get(slug="shin-splints")
    response = preview(reviewer, shin, summary="A **fresh** summary.")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Preview | legpain editors</title>" in html
    assert re.search(r"<h1>Preview</h1>\s*", html)
    assert "<h1>Shin splints</h1>" in html
    assert "A **fresh** summary." in html
    assert "errornote" not in html  # its own slug is no clash with another page
    assert re.search(r"Welcome,\s*<strong>Ann</strong>", html)
    assert "fresh" not in Condition.objects.get(pk=shin.pk).summary


def test_the_preview_lists_what_the_form_still_needs(reviewer):
    shin = Condition.objects.get(slug="shin-splints")
    html = preview(reviewer, shin, next_review_due="2020-01-01").content.decode()
    assert (
        '<div class="errornote">The form still has problems to fix before it can be saved: '
        "next_review_due: The next review must be due after the last review. </div>"
    ) in html


def test_the_preview_of_a_live_page_warns_when_it_names_no_reviewer(reviewer):
    shin = Condition.objects.get(slug="shin-splints")
    html = preview(reviewer, shin, reviewer_name="").content.decode()
    assert (
        '<div class="errornote">The form still has problems to fix before it can be saved: '
        "__all__: Before publishing: Record who reviewed it (name and role). </div>"
    ) in html


def test_an_editor_cannot_preview_edits_to_an_archived_page(editor, reviewer, make_condition):
    condition = make_condition(name="Archived page", status=Status.ARCHIVED)
    data = form_data(reviewer.get(step_url("change", condition)))
    data["overview"] = "A **secret** overview."
    url = step_url("change", condition) + "preview/"

    refused = editor.post(url, data)
    allowed = reviewer.post(url, data)

    assert refused.status_code == 400
    assert "Preview works from the edit form: press “Preview” there." in refused.content.decode()
    assert "secret" not in refused.content.decode()
    assert "<strong>secret</strong>" in allowed.content.decode()


def test_previewing_a_new_page_needs_the_add_permission(django_user_model, make_condition):
    user = django_user_model.objects.create_user("changer", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_condition", "view_condition"])
    )
    client = Client()
    client.force_login(user)
    condition = make_condition(name="Changeable page", status=Status.DRAFT)
    data = form_data(client.get(step_url("change", condition)))
    data["overview"] = "A **secret** overview."

    new = client.post(f"{CHANGELIST}add/preview/", data)
    existing = client.post(step_url("change", condition) + "preview/", data)

    assert new.status_code == 400
    assert "Preview works from the edit form: press “Preview” there." in new.content.decode()
    assert "secret" not in new.content.decode()
    assert "<strong>secret</strong>" in existing.content.decode()
