"""Cleaning values that arrive in URLs before they reach a query."""

import re

_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,100}$")


def as_slug(value):
    """``value`` if it could be a slug, else "" (so NUL bytes, markup and other junk never
    reach the database: PostgreSQL rejects NUL in text outright)."""
    value = (value or "").strip()
    return value if _SLUG.match(value) else ""
