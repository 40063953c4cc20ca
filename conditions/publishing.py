"""What goes live, and when: pending changes to published pages, the publish step with its
review record, scheduled go-live and expiry.

An edit to a published condition, symptom or guide is staged as a ``PendingChange``
(draft, then in review); readers keep the live version. A medical reviewer publishes it
over the live one, now or at a set time, and the review record (who reviewed it, when, when
it is next due) is written in the same step, so nothing goes live without review dates.
Every function checks the user's role itself: the admin's buttons are not the only guard.
"""

import datetime
from dataclasses import asdict, dataclass

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from . import staging, workflow
from .models import PendingChange, Status
from .reviews import next_review_due

State = PendingChange.State


def user_name(user):
    """How a person is named in history and messages."""
    if user is None:
        return "the scheduler"
    return user.get_full_name() or user.get_username()


def open_change(item):
    """The item's pending change (draft, in review or scheduled), or None."""
    if item is None or item.pk is None:
        return None
    return PendingChange.objects.open().for_item(item).first()


def is_staged(item, change=None):
    """Whether edits to ``item`` go to a pending change instead of the live item."""
    return item.status == Status.PUBLISHED or (change or open_change(item)) is not None


def _as_text(value):
    """A date as ISO text. Not mutated: the field's DjangoJSONEncoder writes a date as the
    same text, so leaving it a date is an equivalent mutant."""
    return value.isoformat() if isinstance(value, datetime.date) else value  # pragma: no mutate


@dataclass
class ReviewRecord:
    """What readers see under a page: who reviewed it, when, and when it is next due."""

    last_reviewed: datetime.date
    next_review_due: datetime.date
    reviewer_name: str
    reviewer_role: str
    expire_at: datetime.datetime | None = None

    @classmethod
    def default_for(cls, user, today=None):
        """The publisher reviewed it today; the next review is after the set interval."""
        today = today or timezone.localdate()
        return cls(today, next_review_due(today), user_name(user), workflow.REVIEWER_ROLE)

    def problems(self):
        problems = []
        if self.next_review_due <= self.last_reviewed:
            problems.append("The next review must be due after the last review.")
        if not (self.reviewer_name.strip() and self.reviewer_role.strip()):
            problems.append("Record who reviewed it (name and role).")
        return problems

    def as_json(self):
        return {key: _as_text(value) for key, value in asdict(self).items()}

    @classmethod
    def from_json(cls, data):
        expire_at = data.get("expire_at")
        return cls(
            datetime.date.fromisoformat(data["last_reviewed"]),
            datetime.date.fromisoformat(data["next_review_due"]),
            data["reviewer_name"],
            data["reviewer_role"],
            datetime.datetime.fromisoformat(expire_at) if expire_at else None,
        )


def _require_publisher(user, item):
    if not workflow.can_publish(user, type(item)):
        raise PermissionDenied("Only medical reviewers can publish, schedule or return changes.")


def stage(item, rows, user, state, change=None):
    """Save ``rows`` (a snapshot of the edited item) as the item's pending change."""
    if change is None:
        change = PendingChange(
            content_type=ContentType.objects.get_for_model(type(item)),
            object_id=item.pk,
            created_by=user,
        )
    change.snapshot = rows
    change.object_repr = str(item)[:200]
    change.state = state
    change.updated_by = user
    if state == State.IN_REVIEW:
        change.review_comment = ""
    change.save()
    return change


def submit_change(change, user):
    """Send a draft pending change to review (scheduled or reviewed ones stay as they are)."""
    if change.state == State.DRAFT:
        change.state = State.IN_REVIEW
        change.review_comment = ""
        change.updated_by = user
        change.save()


def return_change(change, user, comment):
    """Send a pending change back to its editor with a comment; the live page stays."""
    _require_publisher(user, change.item)
    change.state = State.DRAFT
    change.review_comment = comment
    change.go_live_at = None
    change.decided_by, change.decided_at = user, timezone.now()
    change.save()


def discard_change(change, user):
    """Drop a pending change (its author or a reviewer): the live page stays as it is."""
    if user != change.created_by:
        _require_publisher(user, change.item)
    change.state = State.DISCARDED
    change.decided_by, change.decided_at = user, timezone.now()
    change.save()


def problems_before_publishing(item, change=None):
    """Why the version to publish cannot go live (empty: it can), checked on that version."""
    with staging.trial():
        if change is not None:
            try:
                item = staging.apply(item, change.snapshot)
            except staging.StaleSnapshot as error:
                return [str(error)]
        problems = workflow.readiness_problems(item)
    return problems


def publish(item, user, review, change=None, *, as_scheduled=False):
    """Put the item live now: its pending change if it has one, with the review record.

    ``as_scheduled``: the scheduler publishes what ``user`` approved earlier (the role was
    checked then). Returns the problems that stopped it (empty list: published).
    """
    if not as_scheduled:
        _require_publisher(user, item)
    problems = review.problems()
    if problems:
        return problems
    if change is not None and (missing := staging.missing_links(change.snapshot)):
        return ["It links to something deleted since it was saved: " + ", ".join(missing) + "."]
    with transaction.atomic():
        with reversion.create_revision():
            if change is not None:
                item = staging.apply(item, change.snapshot)
            problems = workflow.readiness_problems(item)
            if problems:
                transaction.set_rollback(True)
                return problems
            item.status = Status.PUBLISHED
            item.review_comment = ""
            for name in ("last_reviewed", "next_review_due", "reviewer_name", "reviewer_role"):
                setattr(item, name, getattr(review, name))
            item.expire_at = review.expire_at
            item.save()
            reversion.add_to_revision(item)
            reversion.set_user(user)
            if as_scheduled:
                reversion.set_comment(f"Published as scheduled; approved by {user_name(user)}.")
            else:
                reversion.set_comment(f"Published by {user_name(user)}.")
        if change is not None:
            change.state = State.PUBLISHED
            change.decided_by, change.decided_at = user, timezone.now()
            change.save()
    # Warning signs follow by themselves: saving the condition re-derives them
    # (checker/signals.py), as it does for every other save.
    return []


def schedule(item, user, review, go_live_at, change=None):
    """Approve the version to publish and put it live at ``go_live_at``.

    What goes live is fixed now: later edits cannot slip in unreviewed (the item is locked
    for editing until the change goes live or the schedule is cancelled).
    """
    _require_publisher(user, item)
    problems = review.problems() + problems_before_publishing(item, change)
    if go_live_at <= timezone.now():
        problems.append("Choose a time in the future, or publish now.")
    if problems:
        return problems
    if change is None:
        change = stage(item, staging.snapshot(item), user, State.SCHEDULED)
    change.state = State.SCHEDULED
    change.go_live_at = go_live_at
    change.review_data = review.as_json()
    change.decided_by, change.decided_at = user, timezone.now()
    change.save()
    return []


def cancel_schedule(change, user):
    """Take an approved change off the schedule: it goes back to review."""
    _require_publisher(user, change.item)
    change.state = State.IN_REVIEW
    change.go_live_at = None
    change.save()


def publish_due(now=None):
    """Publish every scheduled change whose time has come; safe to run twice or at once.

    Each change is locked and re-read before it is published, so two runs never publish
    the same change twice. Returns (change, problems) pairs.
    """
    results = []
    # values_list(flat=True) alone gives the first field, the pk too: an equivalent mutant.
    for pk in PendingChange.objects.due(now).values_list("pk", flat=True):  # pragma: no mutate
        with transaction.atomic():
            change = PendingChange.objects.select_for_update().filter(pk=pk).due(now).first()
            if change is None:  # another run got there first
                continue
            item = change.item
            review = ReviewRecord.from_json(change.review_data)
            if item is None:
                problems = ["the item no longer exists."]
            else:
                problems = publish(item, change.decided_by, review, change, as_scheduled=True)
            if problems:
                change.state = State.IN_REVIEW
                change.review_comment = "Could not go live as scheduled: " + " ".join(problems)
                change.save()
            results.append((change, problems))
    return results


def expire_due(models, now=None):
    """Archive published items whose "take off the site at" time has passed.

    A symptom that live rules still use stays published (archiving it would silently stop
    those rules); it is reported instead. Returns (item, problem or "") pairs.
    """
    now = now or timezone.now()
    results = []
    for model in models:
        for item in model.objects.published().filter(expire_at__lte=now):
            reason = workflow.needed_by_rules(item)
            if reason is None:
                with reversion.create_revision():
                    item.status = Status.ARCHIVED
                    item.save()
                    reversion.set_comment("Taken off the site: its end date passed.")
            results.append((item, reason or ""))
    return results
