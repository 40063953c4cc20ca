"""The editorial dashboard on the admin's front page, and the review reminders.

The dashboard shows, for conditions, symptoms and guides: what waits for review, what was
sent back with a comment, which reviews are overdue or due soon, and what changed lately.
``reviews_due`` is also what the weekly reminder email lists
(``manage.py send_review_reminders``). Every list is one query, however long it is.
"""

import datetime
import functools
import operator
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from .history import describe_revision
from .models import Condition, Guide, PendingChange, Status, Symptom
from .workflow import REVIEW_DUE_SOON_DAYS, can_publish

# What the dashboard and the reminders cover: (heading, model, singular noun).
KINDS = [
    ("Conditions", Condition, "condition"),
    ("Symptoms", Symptom, "symptom"),
    ("Guides", Guide, "guide"),
]
# Items shown per list; the heading gives the full count.
SHOWN = 10
# Whose changes "Recently changed" lists: the pages and the data readers see on them.
RECENT_MODELS = {
    "conditions": [
        "condition",
        "symptom",
        "guide",
        "bodyarea",
        "trigger",
        "severity",
        "synonym",
        "audience",
    ],
    "taggit": ["tag"],
}


def change_url(item):
    """The item's change page in the admin."""
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


@dataclass
class DueReview:
    """A published item whose review is overdue or due soon."""

    item: object
    kind: str
    due: datetime.date
    today: datetime.date

    @property
    def days_overdue(self):
        return max((self.today - self.due).days, 0)

    @property
    def days_left(self):
        return max((self.due - self.today).days, 0)

    @property
    def is_overdue(self):
        return self.due < self.today

    @property
    def url(self):
        return change_url(self.item)


def _due_items(model, today, days):
    return (
        model.objects.published()
        .filter(next_review_due__lte=today + datetime.timedelta(days=days))
        .order_by("next_review_due", "pk")
    )


def reviews_due(today=None, days=REVIEW_DUE_SOON_DAYS):
    """Published conditions, symptoms and guides whose review is overdue or due within
    ``days`` days, overdue first (earliest date first). One query per kind."""
    today = today or timezone.localdate()
    due = [
        DueReview(item, noun, item.next_review_due, today)
        for _heading, model, noun in KINDS
        for item in _due_items(model, today, days)
    ]
    return sorted(due, key=lambda review: (review.due, review.kind, str(review.item)))


def _recent_changes():
    """The last changes to pages and reader data, with links to items that still exist."""
    versions = list(
        Version.objects.select_related("revision__user", "content_type")
        .filter(
            functools.reduce(
                operator.or_,
                (
                    Q(content_type__app_label=app_label, content_type__model__in=models)
                    for app_label, models in RECENT_MODELS.items()
                ),
            )
        )
        .order_by("-revision__date_created", "-pk")[:SHOWN]
    )
    # One query per kind of item shown, to leave deleted items unlinked.
    existing = {}
    for content_type in {version.content_type for version in versions}:
        ids = {version.object_id for version in versions if version.content_type == content_type}
        model = content_type.model_class()
        found = model._default_manager.filter(pk__in=ids).values_list("pk", flat=True)
        existing[content_type.pk] = {str(pk) for pk in found}
    changes = []
    for version in versions:
        url = None
        if version.object_id in existing.get(version.content_type_id, ()):
            # Every kind in RECENT_MODELS has an admin page (tests/test_dashboard.py).
            url = reverse(
                f"admin:{version.content_type.app_label}_{version.content_type.model}_change",
                args=[version.object_id],
            )
        changes.append(
            {
                "name": version.object_repr,
                "kind": version.content_type.name,
                "url": url,
                "user": version.revision.user,
                "date": version.revision.date_created,
                "comment": describe_revision(version),
            }
        )
    return changes


def dashboard(user, today=None):
    """What the admin's front page shows this user."""
    today = today or timezone.localdate()
    data = {
        "today": today,
        "is_reviewer": can_publish(user, Condition),
        "due_days": REVIEW_DUE_SOON_DAYS,
        "kinds": [],
    }
    for heading, model, noun in KINDS:
        items = model.objects.order_by("next_review_due", "pk")
        waiting = items.filter(status=Status.IN_REVIEW)
        due = _due_items(model, today, REVIEW_DUE_SOON_DAYS)
        sent_back = items.filter(status=Status.DRAFT).exclude(review_comment="")
        data["kinds"].append(
            {
                "heading": heading,
                "noun": noun,
                "changelist": reverse(
                    f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
                ),
                "waiting": [(item, change_url(item)) for item in waiting[:SHOWN]],
                "waiting_count": waiting.count(),
                "reviews_due": [
                    DueReview(item, noun, item.next_review_due, today) for item in due[:SHOWN]
                ],
                "due_count": due.count(),
                "sent_back": [(item, change_url(item)) for item in sent_back[:SHOWN]],
            }
        )
    data["pending_changes"] = _pending_changes()
    data["recent_changes"] = _recent_changes()
    return data


def _pending_changes():
    """Changes to live pages not yet published: in review first, then drafts, scheduled."""
    order = {PendingChange.State.IN_REVIEW: 0, PendingChange.State.DRAFT: 1}
    changes = PendingChange.objects.open().select_related("content_type", "updated_by")
    rows = []
    for change in changes[:50]:
        opts = change.content_type.model_class()._meta
        rows.append(
            {
                "change": change,
                "url": reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_change", args=[change.object_id]
                ),
                "publish_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_publish")
                + f"?ids={change.object_id}",
            }
        )
    return sorted(rows, key=lambda row: (order.get(row["change"].state, 2), row["change"].pk))
