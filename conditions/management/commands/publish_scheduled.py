"""Publish approved changes whose time has come, and take expired pages off the site.

Run it every few minutes from cron or a systemd timer (docs/editorial.md). It is safe to
run twice, or twice at once: each change is locked and re-checked before it goes live.
"""

from django.core.management.base import BaseCommand

from conditions import publishing
from conditions.models import Condition, Guide, Symptom


class Command(BaseCommand):
    help = "Publish scheduled changes that are due and archive pages past their end date."

    def handle(self, *args, **options):
        published = failed = 0
        for change, problems in publishing.publish_due():
            if problems:
                failed += 1
                self.stderr.write(
                    f"Not published: {change.object_repr}: {' '.join(problems)} "
                    "(sent back to review)"
                )
            else:
                published += 1
                self.stdout.write(f"Published: {change.object_repr}")
        archived = 0
        for item, problem in publishing.expire_due([Condition, Symptom, Guide]):
            if problem:
                self.stderr.write(f"Not archived: {item}: {problem}")
            else:
                archived += 1
                self.stdout.write(f"Archived (end date passed): {item}")
        self.stdout.write(f"{published} published, {failed} not published, {archived} archived.")
