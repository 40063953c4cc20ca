"""One value of a content file: is it of the kind its field expects, and how it is shown.

Part of ``content_validation`` (the first of its checks, value by value); kept apart so
that module is about records and the file as a whole.
"""

import datetime
import re
import reprlib

from django.utils.dateparse import parse_datetime

from .content_format import DATE, NUMBER, OPTIONAL_SLUG, SLUG, SLUGS, STAMP, TEXT

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Shows a few levels of a value only: a plain repr() of a list nested nine hundred deep
# (which json reads) runs out of stack.
_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict = 2, 4, 4
_REPR.maxstring = _REPR.maxlong = _REPR.maxother = 80


def show(value, limit=60):
    """``repr(value)``, cut short: a problem must stay readable whatever the file holds."""
    text = _REPR.repr(value)
    return text if len(text) <= limit else f"{text[: limit - 3]}..."


def _text_problem(value):
    # PostgreSQL refuses NUL in text, and no database can store a lone surrogate (a
    # JSON "\ud800" escape) as UTF-8; SQLite stores NUL, so the check cannot be left to it.
    if "\x00" in value:
        return f"contains a NUL character (at character {value.index(chr(0)) + 1})"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        return f"contains a lone surrogate, which is not text (at character {error.start + 1})"
    return None


def convert(kind, value):
    """(value as the model takes it, None) if ``value`` is a ``kind``, else (None, why not).

    Why not reads after the field's name: "name 5 is not text".
    """
    if kind in (TEXT, SLUG) or (kind == OPTIONAL_SLUG and value is not None):
        if not isinstance(value, str):
            return None, f"{show(value)} is not text"
        return value, _text_problem(value)
    if kind == OPTIONAL_SLUG:
        return None, None
    if kind == NUMBER:
        # JSON true/false are Python ints too; a rank of ``true`` is a mistake, not 1.
        if isinstance(value, bool) or not isinstance(value, int):
            return None, f"{show(value)} is not a whole number"
        return value, None
    if kind == DATE:
        return _date(value)
    if kind == STAMP:
        return _stamp(value)
    if kind == SLUGS:
        if not isinstance(value, list) or not all(isinstance(slug, str) for slug in value):
            return None, f"{show(value)} is not a list of slugs"
        for slug in value:
            if wrong := _text_problem(slug):
                return None, f"item {show(slug)} {wrong}"
        return value, None
    # A nested list of records: its items are checked one by one afterwards.
    if not isinstance(value, list):
        return None, f"{show(value)} is not a list"
    return value, None


def _date(value):
    if value is None:
        return None, None
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value), None
        except ValueError:
            pass  # e.g. 2026-02-30: reported below like any other non-date
    return None, f"{show(value)} is not a date (YYYY-MM-DD) or null"


def _stamp(value):
    wrong = f"{show(value)} is not a date and time with a UTC offset"
    if not isinstance(value, str):
        return None, wrong
    try:
        stamp = parse_datetime(value)
        # Stored in UTC: a time that does not fit there (year 1 at +05:00) cannot be saved.
        if stamp is None or stamp.utcoffset() is None:
            return None, wrong
        stamp.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        return None, wrong
    return stamp, None
