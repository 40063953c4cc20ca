"""Email each medical reviewer the published pages whose review is overdue or due soon.

Run once a week by cron or a systemd timer (docs/editorial.md). Each run sends the
reminders again: it keeps no record of what it sent.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.core.management.base import BaseCommand, CommandError
from django.utils import dateformat, timezone

from ...dashboard import reviews_due
from ...workflow import REVIEW_DUE_SOON_DAYS, REVIEWERS_GROUP


def _plural(count, one, many):
    return f"{count} {one if count == 1 else many}"


def subject(due):
    overdue = sum(review.is_overdue for review in due)
    text = f"{settings.SITE_NAME}: {_plural(len(due), 'page', 'pages')} due for review"
    return f"{text} ({overdue} overdue)" if overdue else text


def _reviewed_by(item, user):
    reviewer = item.reviewer_name.strip().casefold()
    names = {user.get_full_name().strip().casefold(), user.get_username().strip().casefold()}
    return bool(reviewer) and reviewer in names


def line(review, user):
    """One item: name, kind, due date, how late or how soon, who reviewed it, link."""
    text = f"- {review.item} ({review.kind}), due {dateformat.format(review.due, 'j M Y')}"
    if review.is_overdue:
        text += f", OVERDUE by {_plural(review.days_overdue, 'day', 'days')}"
    elif review.days_left == 0:
        text += ", due today"
    else:
        text += f", in {_plural(review.days_left, 'day', 'days')}"
    if _reviewed_by(review.item, user):
        text += " (you reviewed it last)"
    return f"{text}: {settings.SITE_URL}{review.url}"


def body(due, user, days):
    overdue = sum(review.is_overdue for review in due)
    name = user.get_full_name().strip() or user.get_username()
    lines = [
        f"Hello {name},",
        "",
        f"These published pages on {settings.SITE_NAME} are overdue for a medical review, "
        f"or due one within {days} days ({overdue} overdue):",
        "",
        *(line(review, user) for review in due),
        "",
        "Open each page, check it against its sources, then record the review with "
        "“Mark as reviewed today” in the admin’s list.",
        "",
        "You get this email because you are a medical reviewer. It is sent once a week "
        "while reviews are due.",
    ]
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = (
        "Email every active medical reviewer with an email address the published "
        "conditions, symptoms and guides whose review is overdue or due within --days days."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=REVIEW_DUE_SOON_DAYS,
            help=f"List reviews due within this many days (default {REVIEW_DUE_SOON_DAYS}).",
        )

    def handle(self, *args, days, **options):
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        due = reviews_due(timezone.localdate(), days)
        if not due:
            self.stdout.write(f"No reviews are overdue or due within {days} days: sent nothing.")
            return
        reviewers = (
            get_user_model()
            .objects.filter(is_active=True, groups__name=REVIEWERS_GROUP)
            .exclude(email="")
            .distinct()
            .order_by("username")
        )
        messages = [
            EmailMessage(subject(due), body(due, user, days), to=[user.email]) for user in reviewers
        ]
        if not messages:
            self.stdout.write(
                f"{_plural(len(due), 'page is', 'pages are')} due for review, but no active "
                "medical reviewer has an email address: sent nothing."
            )
            return
        sent = get_connection().send_messages(messages)
        self.stdout.write(
            f"Sent {_plural(sent, 'review reminder', 'review reminders')} "
            f"({_plural(len(due), 'page', 'pages')} due for review)."
        )
