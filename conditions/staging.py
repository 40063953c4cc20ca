"""Snapshots of an editorial item, and trying a version out without readers seeing it.

A snapshot is the item plus everything its history follows (a condition's rules, symptom
links, references and tags), serialised with Django's "python" serializer and normalised
to JSON values, so a snapshot read back from the database equals one just taken.

Editing a pending change uses the admin's own forms: the pending version is applied inside
a transaction, the form is shown or saved as usual, the result is snapshotted, and the
transaction is rolled back (``trial()``). Readers never see the trial, and every check the
admin makes on a save (forms, inlines, readiness) runs on the pending version too.
"""

import hashlib
import json
from contextlib import contextmanager

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from reversion.revisions import _follow_relations_recursive, _get_options, is_registered


class _RolledBack(Exception):
    """Raised to leave ``trial()``'s transaction without committing."""


def _followed(item):
    """The item first, then what its history follows (reversion gives them as a set)."""
    others = [
        obj
        for obj in _follow_relations_recursive(item)
        if is_registered(type(obj)) and not (type(obj) is type(item) and obj.pk == item.pk)
    ]
    return [item, *others]


def _serialise(obj):
    options = _get_options(type(obj))
    (row,) = serializers.serialize("python", [obj], fields=options.fields)
    return row


def _normalise(rows):
    # JSON values (dates as text, ids in lists) so a stored snapshot compares equal.
    return json.loads(json.dumps(rows, cls=DjangoJSONEncoder, sort_keys=True))


def snapshot(item):
    """The item and what its history follows, as JSON-ready rows, the item first."""
    rows = [_serialise(obj) for obj in _followed(item)]
    head, rest = rows[0], sorted(rows[1:], key=lambda row: (row["model"], row["pk"]))
    return _normalise([head, *rest])


def digest(rows):
    """A short fingerprint of a snapshot: equal fingerprints, equal content."""
    text = json.dumps(rows, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def fields_of(rows):
    """The item's own field values in a snapshot."""
    return rows[0]["fields"]


def children_of(rows):
    """The followed objects of a snapshot, as (model label, fields) pairs."""
    return [(row["model"], row["fields"]) for row in rows[1:]]


class StaleSnapshot(ValueError):
    """A snapshot links to something deleted since it was taken."""


def missing_links(rows):
    """What a snapshot links to that no longer exists, as "symptom #12" strings."""
    wanted = {}
    for row in rows:
        model = apps.get_model(row["model"])
        for name, value in row["fields"].items():
            field = model._meta.get_field(name)
            if not field.is_relation or value in (None, "", []):
                continue
            ids = value if isinstance(value, list) else [value]
            wanted.setdefault(field.related_model, set()).update(ids)
    missing = []
    for model, ids in wanted.items():
        found = set(model._default_manager.filter(pk__in=ids).values_list("pk", flat=True))
        missing += [f"{model._meta.verbose_name} #{pk}" for pk in sorted(ids - found)]
    return missing


def apply(item, rows):
    """Make the database hold the snapshot's version of ``item``; returns the item.

    Followed objects missing from the snapshot are deleted; ones it adds are inserted with
    their snapshot id when that id is free (so a form rendered from the snapshot posts back
    ids that exist), or a new id when another row took it meanwhile (SQLite reuses the ids
    of rolled-back rows). Saves are "raw", as django-reversion's revert does: search and
    warning-sign signals wait for the caller's ordinary save of the item.
    """
    if missing := missing_links(rows):
        raise StaleSnapshot(
            "It links to something deleted since it was saved: " + ", ".join(missing) + "."
        )
    wanted = {(row["model"], row["pk"]) for row in rows}
    live = {}
    with transaction.atomic():
        for obj in _followed(item)[1:]:
            key = (obj._meta.label_lower, obj.pk)
            live[key] = obj
            if key not in wanted:
                obj.delete()
        for number, deserialised in enumerate(
            serializers.deserialize("python", rows, ignorenonexistent=True)
        ):
            obj = deserialised.object
            model = type(obj)
            key = (obj._meta.label_lower, obj.pk)
            taken = model._default_manager.filter(pk=obj.pk).exists()
            if number and key not in live and taken:
                obj.pk = None
            deserialised.save()
    return type(item)._default_manager.get(pk=item.pk)


@contextmanager
def trial():
    """A transaction that is always rolled back: ``with trial() as keep: ...``.

    Whatever runs inside sees its own writes; nothing is committed. Use it to apply a
    snapshot, render or save a form, and take a new snapshot.
    """
    try:
        with transaction.atomic():
            yield
            raise _RolledBack
    except _RolledBack:
        pass
