"""Review dates: when content was last checked and when it must be checked again."""

import calendar
import datetime

from django.conf import settings


def add_months(day, months):
    """Return the same day ``months`` later, clamped to the end of shorter months."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last_day))


def next_review_due(last_reviewed):
    """When the next review is due after a review on ``last_reviewed``."""
    return add_months(last_reviewed, settings.REVIEW_INTERVAL_MONTHS)
