"""The content version: one row that changes whenever anything readers can see changes.

It lives in the database, inside the same transaction as the change, so it is exactly as
durable as the content itself: a Redis restart or flush cannot lose it and a rolled-back
save cannot bump it. conditions/content_version.py mirrors it to the cache.
"""

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

ROW_ID = 1


class ContentVersion(models.Model):
    """How many times the published content has changed, and when it last did."""

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "content version"

    def __str__(self):
        return f"content version {self.number} ({self.changed_at:%Y-%m-%d %H:%M:%S})"

    @classmethod
    def bump(cls):
        """Count one more change, in the caller's transaction (one UPDATE)."""
        now = timezone.now()
        if not cls.objects.filter(pk=ROW_ID).update(number=F("number") + 1, changed_at=now):
            cls._create(number=1, changed_at=now)

    @classmethod
    def current(cls):
        """(number, changed_at) as stored now; the row is made on first use."""
        row = cls.objects.filter(pk=ROW_ID).values_list("number", "changed_at").first()
        if row is None:
            row = cls._create(number=0, changed_at=timezone.now())
        return row

    @classmethod
    def _create(cls, **values):
        # Two processes may both find the row missing (a fresh database): one wins.
        try:
            with transaction.atomic():
                cls.objects.create(pk=ROW_ID, **values)
        except IntegrityError:
            pass
        return cls.objects.filter(pk=ROW_ID).values_list("number", "changed_at").get()
