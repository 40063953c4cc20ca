"""Pending changes in the content file: exported as records, imported as snapshots.

Part of ``content_transfer``. A pending change is stored as a snapshot with database ids
(``staging``); the file has no ids, so a change is exported as the record its item would
have once published (the same shape as the item's live record), and imported by writing
that record over the live item inside a transaction that is rolled back
(``staging.trial``) and taking the snapshot there. Readers never see either.

Validation checked each pending version in the whole file it would make
(``content_format.pending_world``); writing it needs that one record only, over the live
content just written: its links reach other records by slug in the database, and
"related" goes both ways there by itself.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from . import staging
from .content_format import MODELS, PENDING_SECTIONS, SHAPES
from .models import PendingChange

_KIND_OF_MODEL = {MODELS[section]: kind for kind, section in PENDING_SECTIONS.items()}


def export_pending(records):
    """The open pending changes, as file entries sorted by kind and live slug.

    ``records``: {section: (queryset function, record function)}, as the live export
    builds them. Every change is applied in its own savepoint, inside one transaction that
    is rolled back: the database is left as it was, and no change sees another's (a
    pending "related" link changes both conditions).
    """
    entries = []
    changes = PendingChange.objects.open().select_related("content_type", "created_by")
    with staging.trial():
        for change in changes.order_by("pk"):
            kind = _KIND_OF_MODEL.get(change.content_type.model_class())
            if kind is None:
                continue
            queryset, record = records[PENDING_SECTIONS[kind]]
            item = queryset().filter(pk=change.object_id).first()
            if item is None:  # the item was deleted; its change goes with it
                continue
            with staging.trial():
                staging.apply(item, change.snapshot)
                pending = record(queryset().get(pk=item.pk))
            entries.append(
                {
                    "kind": kind,
                    "slug": item.slug,
                    "state": change.state,
                    "review_comment": change.review_comment,
                    "go_live_at": change.go_live_at.isoformat() if change.go_live_at else None,
                    "review_data": change.review_data,
                    "created_by": change.created_by.get_username() if change.created_by else "",
                    "record": pending,
                }
            )
    return sorted(entries, key=lambda entry: (entry["kind"], entry["slug"]))


def write_pending(data, write):
    """Stage the file's pending changes over the live content just written; returns how many.

    The open changes of every item the file holds are discarded first: the file says what
    is pending for its items, as it says what is live. ``write`` is ``content_transfer``'s
    writer of a whole (checked) file.
    """
    now = timezone.now()
    for section in PENDING_SECTIONS.values():
        model = MODELS[section]
        ids = model.objects.filter(slug__in=[row["slug"] for row in data[section]])
        PendingChange.objects.open().filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=ids.values_list("pk", flat=True),
        ).update(state=PendingChange.State.DISCARDED, decided_by=None, decided_at=now)
    users = get_user_model()._default_manager
    for entry in data["pending_changes"]:
        section = PENDING_SECTIONS[entry["kind"]]
        model, record = MODELS[section], entry["record"]
        item = model.objects.get(slug=entry["slug"])
        with staging.trial():
            # A renamed item keeps its row: it takes its new slug before the write finds it.
            model.objects.filter(pk=item.pk).update(slug=record["slug"])
            write(_only(section, record))
            rows = staging.snapshot(model.objects.get(pk=item.pk))
        author = entry["created_by"]
        PendingChange.objects.create(
            content_type=ContentType.objects.get_for_model(model),
            object_id=item.pk,
            object_repr=str(item)[:200],
            state=entry["state"],
            snapshot=rows,
            review_comment=entry["review_comment"],
            go_live_at=parse_datetime(entry["go_live_at"]) if entry["go_live_at"] else None,
            review_data=entry["review_data"],
            created_by=users.filter(**{users.model.USERNAME_FIELD: author}).first()
            if author
            else None,
        )
    return len(data["pending_changes"])


def _only(section, record):
    """A file holding just ``record`` (links to the rest are to the database's)."""
    return {**dict.fromkeys(SHAPES, []), section: [record]}
