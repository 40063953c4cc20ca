"""The pending changes of a content file: can the import stage each of them?

Part of ``content_validation`` (its last check), kept apart so that module stays about
the live records. A pending change must name a live record of the file (its kind and the
live slug), be open (draft, in review or scheduled), have readable times and review record,
and be the only one for its item. Its pending version is checked as the live records are,
in the file it would make (``content_format.pending_world``: the live record replaced by
it), so a pending version the import could not write is refused like a live one. Its
problems are named after the change: ``pending change to condition sciatica: summary: ...``.
"""

import re

from .content_format import (
    DATE,
    KINDS,
    MODELS,
    PENDING_SECTIONS,
    PENDING_SHAPE,
    PENDING_STATES,
    REVIEW_SHAPE,
    STAMP,
    TEXT,
    pending_world,
)
from .content_validation_values import convert, show

_NAMEABLE = re.compile(r"[-\w]{1,100}")


def pending_problems(data, live_problems, world_problems):
    """Every problem of ``data["pending_changes"]`` (a readable file's).

    ``live_problems`` are the file's others: a pending version shares its file with the
    live records, and their problems are reported once, as theirs. ``world_problems(world,
    section, slug)`` checks a file with one record replaced by its pending version.
    """
    entries = data.get("pending_changes")
    if not isinstance(entries, list):
        return []  # the file check reports it
    checker = _Pending(data, set(live_problems), world_problems)
    for index, entry in enumerate(entries):
        checker.entry(index, entry)
    return checker.found


def _slug_counts(rows):
    counts = {}
    for row in rows if isinstance(rows, list) else []:
        slug = row.get("slug") if isinstance(row, dict) else None
        if isinstance(slug, str):
            counts[slug] = counts.get(slug, 0) + 1
    return counts


class _Pending:
    def __init__(self, data, live_problems, world_problems):
        self.data = data
        self.live_problems = live_problems
        self.world_problems = world_problems
        self.live = {
            section: _slug_counts(data.get(section)) for section in PENDING_SECTIONS.values()
        }
        self.seen = set()
        self.found = []

    def entry(self, index, entry):
        label = self._label(index, entry)

        def add(message):
            self.found.append(f"{label}: {message}")

        if not isinstance(entry, dict):
            add(f"is {show(entry)}, not a pending change (a JSON object)")
            return
        good = {}
        for name, kind in PENDING_SHAPE.items():
            if name not in entry:
                add(f"{name} is missing")
                continue
            value, wrong = _convert(kind, entry[name])
            if wrong:
                add(f"{name} {wrong}")
            else:
                good[name] = value
        for name in sorted(entry.keys() - PENDING_SHAPE.keys()):
            add(f"unknown field {show(name)}")

        kind, slug = good.get("kind"), good.get("slug")
        section = PENDING_SECTIONS.get(kind)
        if "kind" in good and section is None:
            add(f"unknown kind {show(kind)} (condition, symptom or guide)")
        if "state" in good and good["state"] not in PENDING_STATES:
            add(f"state {show(good['state'])} is not one of {', '.join(PENDING_STATES)}")
        if good.get("state") == "scheduled":
            if "go_live_at" in good and good["go_live_at"] is None:
                add("a scheduled change needs go_live_at")
            if good.get("review_data") == {}:
                add("a scheduled change needs review_data (its review record)")
        review = good.get("review_data")
        if review:
            for problem in _review_problems(review):
                add(f"review_data: {problem}")
        if section is None or slug is None:
            return
        if slug not in self.live[section]:
            add(f"no {kind} {show(slug)} in the file (a pending change is to one of its {section})")
            return
        if (kind, slug) in self.seen:
            add(f"a second pending change to {kind} {show(slug)}; an item has one at most")
            return
        self.seen.add((kind, slug))
        record = entry.get("record")
        if not isinstance(record, dict) or self.live[section][slug] > 1:
            return  # reported (not a record), or which record is meant is unclear
        self._record(add, section, slug, record)

    def _record(self, add, section, slug, record):
        new = record.get("slug")
        if isinstance(new, str) and new != slug and new not in self.live[section]:
            taken = MODELS[section].objects.filter(slug=new).exclude(slug__in=self.live[section])
            if taken.exists():
                add(
                    f"slug {show(new)} is already the slug of {KINDS[section]} {new} in the "
                    "database, which this file does not include"
                )
                return
        own = f"{KINDS[section]} {new}: " if isinstance(new, str) else None
        renamed = isinstance(new, str) and new != slug
        world = pending_world(self.data, section, slug, record)
        for problem in self.world_problems(world, section, slug):
            # Another record's mistake that names the item is worded with its new slug in
            # the pending world: it is the live mistake, reported already.
            if problem in self.live_problems or (
                renamed and _as_live(problem, slug, new) in self.live_problems
            ):
                continue
            add(problem.removeprefix(own) if own else problem)

    def _label(self, index, entry):
        if isinstance(entry, dict):
            kind, slug = entry.get("kind"), entry.get("slug")
            if kind in PENDING_SECTIONS and isinstance(slug, str) and _NAMEABLE.fullmatch(slug):
                return f"pending change to {kind} {slug}"
        return f"pending_changes[{index}]"


def _as_live(problem, slug, new):
    """``problem`` of the pending world as the live file words it: a link to the renamed
    item by its live ``slug`` (quoted as a value, or as a link's label, cut at 40)."""
    problem = problem.replace(show(new), show(slug))
    return problem.replace(repr(new[:40]), repr(slug[:40]))


def _convert(kind, value):
    if kind == "optional stamp":
        return (None, None) if value is None else convert(STAMP, value)
    if kind == "record":
        if not isinstance(value, dict):
            return None, f"is {show(value)}, not a record (a JSON object)"
        return value, None
    if kind == "review":
        if not isinstance(value, dict):
            return None, f"is {show(value)}, not a review record (a JSON object) or {{}}"
        return value, None
    return convert(kind, value)


def _review_problems(review):
    """What is wrong with a (non-empty) review record."""
    from .publishing import ReviewRecord  # publishing needs the models; loaded on use

    problems, good = [], {}
    for name, kind in REVIEW_SHAPE.items():
        if name not in review:
            problems.append(f"{name} is missing")
            continue
        value, wrong = _convert(kind, review[name])
        if not wrong and kind == DATE and value is None:
            wrong = "is null; a review record has both dates"
        if not wrong and kind == TEXT and not value.strip():
            wrong = "is blank"
        if wrong:
            problems.append(f"{name} {wrong}")
        else:
            good[name] = value
    unknown = sorted(review.keys() - REVIEW_SHAPE.keys())
    problems += [f"unknown field {show(name)}" for name in unknown]
    # The record's own checks (dates in order, ...) only when every value is usable.
    return problems or ReviewRecord(**good).problems()
