"""The workflow's own rules, called directly (below the admin) and through its bulk actions.

Every refusal is checked by what the user is told (the exact skip reason or message) and
by what is stored afterwards: nothing.
"""

import datetime

import pytest
import reversion
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone
from reversion.models import Version

from conditions import publishing, workflow
from conditions.models import Condition, PendingChange, Status, Symptom
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db

State = PendingChange.State
CHANGELIST = "/admin/conditions/condition/"
ONLY_REVIEWERS = "only medical reviewers can do this."


@pytest.fixture
def user_in(django_user_model):
    def make(role, username=None):
        user = django_user_model.objects.create_user(
            username or role.split()[0].lower(), password="pw", is_staff=True,
            first_name="Ann", last_name="Smith",
        )  # fmt: skip
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def editor(user_in):
    return user_in(workflow.EDITORS_GROUP)


@pytest.fixture
def reviewer(user_in):
    return user_in(workflow.REVIEWERS_GROUP)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def stored(item):
    """What is stored of ``item`` that the workflow steps can change."""
    fresh = type(item).objects.get(pk=item.pk)
    return (
        fresh.status,
        fresh.review_comment,
        fresh.last_reviewed,
        fresh.next_review_due,
        fresh.reviewer_name,
        fresh.reviewer_role,
        Version.objects.get_for_object(fresh).count(),
    )


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


# Reviewer-only steps refuse an editor, whatever the item


@pytest.mark.parametrize(
    "step",
    [
        lambda items, user: workflow.return_to_draft(items, user, "Please fix."),
        workflow.archive,
        workflow.mark_reviewed,
    ],
    ids=["return_to_draft", "archive", "mark_reviewed"],
)
def test_reviewer_only_steps_skip_every_item_for_an_editor(step, editor, make_condition):
    items = [
        Condition.objects.get(slug="stroke"),  # published
        make_condition(status=Status.IN_REVIEW),
        make_condition(status=Status.DRAFT),
    ]
    before = [stored(item) for item in items]
    report = step(items, editor)
    assert report.changed == []
    assert report.skipped == [(item, ONLY_REVIEWERS) for item in items]
    assert report.skip_messages() == [f"Skipped “{item}”: {ONLY_REVIEWERS}" for item in items]
    assert [stored(item) for item in items] == before


def test_publish_schedule_and_return_refuse_an_editor_and_change_nothing(editor, make_condition):
    stroke = Condition.objects.get(slug="stroke")
    draft = make_condition(status=Status.IN_REVIEW)
    review = publishing.ReviewRecord.default_for(editor)
    go_live = timezone.now() + datetime.timedelta(hours=1)
    before = stored(stroke), stored(draft)
    for item in (stroke, draft):
        with pytest.raises(PermissionDenied):
            publishing.publish(item, editor, review)
        with pytest.raises(PermissionDenied):
            publishing.schedule(item, editor, review, go_live)
    assert (stored(stroke), stored(draft)) == before
    assert not PendingChange.objects.filter(state=State.SCHEDULED).exists()


def test_returning_a_pending_change_refuses_an_editor(editor, user_in):
    author = user_in(workflow.EDITORS_GROUP, "author")
    stroke = Condition.objects.get(slug="stroke")
    client = client_for(author)
    url = f"{CHANGELIST}{stroke.pk}/change/"
    data = form_data(client.get(url))
    data.update(summary="A staged summary.", _submit_for_review="1")
    assert client.post(url, data).status_code == 302
    change = PendingChange.objects.get(object_id=stroke.pk, state=State.IN_REVIEW)
    with pytest.raises(PermissionDenied):
        publishing.return_change(change, editor, "No.")
    change.refresh_from_db()
    assert (change.state, change.review_comment, change.decided_by) == (State.IN_REVIEW, "", None)


# Each step's other skip reasons, for reviewers


def test_each_steps_skip_reasons(reviewer, make_condition):
    draft = make_condition(status=Status.DRAFT)
    archived = make_condition(status=Status.ARCHIVED)
    stroke = Condition.objects.get(slug="stroke")
    incomplete = make_condition(status=Status.DRAFT)  # no symptoms, areas, references

    assert workflow.return_to_draft([draft], reviewer, "x").skipped == [
        (draft, "it is already a draft.")
    ]
    assert workflow.archive([archived], reviewer).skipped == [(archived, "it is already archived.")]
    assert workflow.submit_for_review([stroke], reviewer).skipped == [
        (stroke, "it is published, not a draft.")
    ]
    assert workflow.submit_for_review([incomplete], reviewer).skipped == [
        (
            incomplete,
            "Link at least three symptoms. Choose at least one body area. "
            "Add at least two references.",
        )
    ]
    assert stored(draft)[0] == Status.DRAFT and stored(archived)[0] == Status.ARCHIVED
    assert stored(stroke)[0] == Status.PUBLISHED and stored(incomplete)[0] == Status.DRAFT


def test_a_symptom_live_rules_need_is_neither_archived_nor_returned(reviewer):
    symptom = next(s for s in Symptom.objects.published() if workflow.symptom_in_use(s))
    users = ", ".join(workflow.symptom_in_use(symptom))
    reason = (
        f"the 'when to get help' rules of these published conditions use it: {users}. "
        "Change those rules first."
    )
    assert workflow.archive([symptom], reviewer).skipped == [(symptom, reason)]
    assert workflow.return_to_draft([symptom], reviewer, "x").skipped == [(symptom, reason)]
    assert Symptom.objects.get(pk=symptom.pk).status == Status.PUBLISHED


def test_bulk_actions_tell_the_reviewer_what_was_skipped_and_why(reviewer, make_condition):
    client = client_for(reviewer)
    draft = make_condition(name="Plain draft", status=Status.DRAFT)
    archived = make_condition(name="Old page", status=Status.ARCHIVED)

    def act(name, *items, **extra):
        response = client.post(
            CHANGELIST,
            {"action": name, "_selected_action": [i.pk for i in items], **extra},
            follow=True,
        )
        return messages_of(response)

    assert act("archive", draft, archived) == [
        "Archived: 1 item changed.",
        "Skipped “Old page”: it is already archived.",
    ]
    restored = make_condition(name="Second draft", status=Status.DRAFT)
    assert act("return_to_draft", restored, comment="Redo", apply="1") == [
        "Returned to draft: 0 items changed.",
        "Skipped “Second draft”: it is already a draft.",
    ]


# Recovering deleted items, previews


def test_recovering_a_deleted_item_is_for_reviewers_only(editor, reviewer, make_condition):
    with reversion.create_revision():
        condition = make_condition(name="Deleted page", status=Status.PUBLISHED)
    version = Version.objects.get_for_object(condition).get()
    condition.delete()
    url = f"{CHANGELIST}recover/{version.pk}/"
    editor_client = client_for(editor)
    assert editor_client.get(url).status_code == 403
    assert editor_client.post(url, {}).status_code == 403
    assert not Condition.objects.filter(name="Deleted page").exists()
    assert client_for(reviewer).get(url).status_code == 200


def test_preview_needs_change_permission(editor, user_in, make_condition):
    condition = make_condition(status=Status.DRAFT)
    url = f"{CHANGELIST}{condition.pk}/change/"
    data = form_data(client_for(editor).get(url))
    data["overview"] = "A **secret** overview."
    refused = "Preview works from the edit form: press “Preview” there."
    for url_ in (url + "preview/", f"{CHANGELIST}add/preview/"):
        no_role = client_for(user_in(None, f"staff{len(url_)}")).post(url_, data)
        assert no_role.status_code == 400
        assert refused in no_role.content.decode()
        assert "secret" not in no_role.content.decode()
    allowed = client_for(editor).post(url + "preview/", data)
    assert "<strong>secret</strong>" in allowed.content.decode()


# The review-due filter


def test_the_review_filter_lists_exactly_the_overdue_and_the_soon(reviewer, make_condition):
    today = timezone.localdate()

    def due(days, name):
        return make_condition(name=name, next_review_due=today + datetime.timedelta(days=days))

    due(-1, "Qxfilter overdue yesterday")
    due(0, "Qxfilter due today")
    due(workflow.REVIEW_DUE_SOON_DAYS, "Qxfilter due at the limit")
    due(workflow.REVIEW_DUE_SOON_DAYS + 1, "Qxfilter due after the limit")
    client = client_for(reviewer)

    def listed(value):
        response = client.get(CHANGELIST, {"review": value, "q": "Qxfilter"})
        return sorted(str(item) for item in response.context["cl"].result_list)

    library_overdue = set(
        Condition.objects.filter(next_review_due__lt=today).values_list("name", flat=True)
    )
    assert not library_overdue & {"Qxfilter due today"}
    assert listed("overdue") == ["Qxfilter overdue yesterday"]
    assert listed("soon") == ["Qxfilter due at the limit", "Qxfilter due today"]
    # The sidebar's links are the ones the filter understands.
    sidebar = client.get(CHANGELIST).content.decode()
    assert '<a href="?review=overdue">Review overdue</a>' in sidebar
    soon = workflow.REVIEW_DUE_SOON_DAYS
    assert f'<a href="?review=soon">Due within {soon} days</a>' in sidebar


# What each step changes, and the words it leaves


def test_each_step_reports_the_items_it_changed_and_signs_history_in_plain_words(
    reviewer, make_condition, enrich
):
    """A step changes the items it accepts, no others; the reviewer is told how many, and
    each item's history says what happened, by whom, with the comment when there is one."""
    ready = enrich(make_condition(name="Ready draft", status=Status.DRAFT), 3)
    stroke = Condition.objects.get(slug="stroke")
    returned = make_condition(name="Sent back", status=Status.IN_REVIEW)
    archived = make_condition(name="Retired", status=Status.PUBLISHED)
    checked = make_condition(name="Checked", status=Status.PUBLISHED)

    def last_comment(item):
        return Version.objects.get_for_object(item).first().revision.comment

    steps = [
        (workflow.submit_for_review([ready, stroke], reviewer), [ready],
         "Submitted for review", "Submitted for review by Ann Smith."),
        (workflow.return_to_draft([returned], reviewer, "Add a source."), [returned],
         "Returned to draft", "Returned to draft by Ann Smith: Add a source."),
        (workflow.archive([archived], reviewer), [archived],
         "Archived", "Archived by Ann Smith."),
        (workflow.mark_reviewed([checked], reviewer), [checked],
         "Marked as reviewed", "Marked as reviewed by Ann Smith."),
    ]  # fmt: skip
    for report, changed, verb, sentence in steps:
        assert report.changed == changed
        noun = "item" if len(changed) == 1 else "items"
        assert report.summary() == f"{verb}: {len(changed)} {noun} changed."
        assert [last_comment(item) for item in changed] == [sentence]
    assert stored(ready)[0] == Status.IN_REVIEW and stored(stroke)[0] == Status.PUBLISHED
    assert stored(returned)[:2] == (Status.DRAFT, "Add a source.")
    assert stored(archived)[0] == Status.ARCHIVED


def test_an_urgent_condition_is_ready_with_one_rule_and_not_without(reviewer):
    stroke = Condition.objects.get(slug="stroke")
    first = stroke.warning_rules.order_by("pk").first()
    stroke.warning_rules.exclude(pk=first.pk).delete()
    assert workflow.readiness_problems(stroke) == []
    first.delete()
    assert workflow.readiness_problems(stroke) == [
        "Urgent and emergency conditions need at least one 'when to get help' rule."
    ]


def test_the_refusal_below_the_admin_says_who_may_publish(editor):
    stroke = Condition.objects.get(slug="stroke")
    review = publishing.ReviewRecord.default_for(editor)
    refusal = "^Only medical reviewers can publish, schedule or return changes.$"
    with pytest.raises(PermissionDenied, match=refusal):
        publishing.publish(stroke, editor, review)
