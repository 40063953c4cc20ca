"""Pending changes: an edit to a published page that readers do not see until it is published.

Wagtail keeps a draft revision of a live page and publishes it over the live one; this is
the same idea on top of django-reversion's serialisation. The pending version is stored as
a *snapshot*: the item and everything its history follows (rules, symptom links, references,
tags), serialised as Django's "python" serializer does. ``conditions/staging.py`` makes and
applies snapshots; ``workflow.py`` decides who may do what with them.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone


class PendingChangeQuerySet(models.QuerySet):
    def open(self):
        """Changes not yet published or discarded: at most one per item."""
        return self.filter(state__in=PendingChange.OPEN_STATES)

    def for_item(self, item):
        return self.filter(
            content_type=ContentType.objects.get_for_model(type(item)), object_id=item.pk
        )

    def due(self, now=None):
        """Scheduled changes whose time has come."""
        return self.filter(
            state=PendingChange.State.SCHEDULED, go_live_at__lte=now or timezone.now()
        )


class PendingChange(models.Model):
    """A staged version of a published condition, symptom or guide."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft (not sent for review)"
        IN_REVIEW = "in_review", "In review"
        SCHEDULED = "scheduled", "Approved, scheduled"
        PUBLISHED = "published", "Published"
        DISCARDED = "discarded", "Discarded"

    OPEN_STATES = (State.DRAFT, State.IN_REVIEW, State.SCHEDULED)

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField("item", max_length=200)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    snapshot = models.JSONField(encoder=DjangoJSONEncoder)
    review_comment = models.TextField(
        blank=True, help_text="Why a reviewer returned the change, for the editor to act on."
    )
    go_live_at = models.DateTimeField(
        null=True, blank=True, help_text="When an approved change goes live."
    )
    # What the reviewer records on publishing: written onto the item when it goes live.
    review_data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The reviewer who scheduled, published, returned or discarded it.",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = PendingChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(state__in=["draft", "in_review", "scheduled"]),
                name="one_open_pending_change_per_item",
            )
        ]
        indexes = [models.Index(fields=["state", "go_live_at"])]

    def __str__(self):
        return f"Pending change to {self.object_repr} ({self.get_state_display().lower()})"
