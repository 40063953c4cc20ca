"""Export all content to one JSON document and import it back, losslessly.

Export → import into an empty database → export gives the same document, who each
condition and rule is for (audiences), the guides and the open pending changes included
(``content_transfer_pending``). Import checks
every record first (``content_validation``) and writes nothing if any is invalid; it
matches items by slug (synonym groups, which have none, by their phrases and position), so
importing into a database that already has them updates them in place. Items the file does
not hold are left as they are.
"""

import datetime
import itertools
from collections import defaultdict

import reversion
from django.db import transaction
from django.db.models import IntegerField
from django.utils.dateparse import parse_datetime
from taggit.models import Tag

from .checker import warning_signs
from .content_format import (
    AUDIENCE_FIELDS,
    CONDITION_FIELDS,
    DATES,
    EDITORIAL,
    FORMAT,
    GUIDE_FIELDS,
    MODELS,
    RULE_FIELDS,
    SEVERITY_FIELDS,
    STAMPS,
    SYMPTOM_FIELDS,
    UNIQUE,
    VERSION,
    upgrade,
)
from .content_transfer_pending import export_pending, write_pending
from .content_validation import problems
from .models import (
    Audience,
    BodyArea,
    Condition,
    ConditionSymptom,
    Guide,
    GuideReference,
    Reference,
    Severity,
    Symptom,
    Synonym,
    Trigger,
    WarningRule,
)
from .search import indexing

__all__ = ["FORMAT", "VERSION", "ImportProblems", "export_content", "import_content"]


class ImportProblems(Exception):
    """Raised with every problem found; nothing was written."""

    def __init__(self, problems):
        super().__init__(f"{len(problems)} problem(s) found; nothing was imported.")
        self.problems = problems


def _date(value):
    return value.isoformat() if value else None


def _editorial(item):
    return {
        **{name: getattr(item, name) for name in EDITORIAL},
        **{name: _date(getattr(item, name)) for name in DATES},
        **{name: getattr(item, name).isoformat() for name in STAMPS},
    }


def _audiences(audiences):
    """Audience slugs in the order the checker offers them (the order, then the name)."""
    return [a.slug for a in sorted(audiences, key=lambda a: (a.order, a.name, a.slug))]


def _references(references):
    return [
        {
            "title": r.title,
            "publisher": r.publisher,
            "url": r.url,
            "date_accessed": _date(r.date_accessed),
            "order": r.order,
        }
        for r in references
    ]


def _conditions():
    return Condition.objects.select_related("severity").prefetch_related(
        "body_areas", "tags", "triggers", "audiences", "related", "symptom_links__symptom",
        "references", "warning_rules__severity", "warning_rules__trigger",
        "warning_rules__unless_trigger", "warning_rules__symptoms",
        "warning_rules__any_symptoms", "warning_rules__audiences",
    )  # fmt: skip


def _symptoms():
    return Symptom.objects.prefetch_related("body_areas")


def _guides():
    return Guide.objects.prefetch_related("audiences", "conditions", "references")


def _symptom_record(s):
    return {
        "slug": s.slug,
        **{f: getattr(s, f) for f in SYMPTOM_FIELDS},
        "body_areas": sorted(a.slug for a in s.body_areas.all()),
        **_editorial(s),
    }


def _condition_record(c):
    return {
        "slug": c.slug,
        **{f: getattr(c, f) for f in CONDITION_FIELDS},
        "severity": c.severity.slug,
        "body_areas": sorted(a.slug for a in c.body_areas.all()),
        "tags": sorted(t.slug for t in c.tags.all()),
        "triggers": sorted(t.slug for t in c.triggers.all()),
        "audiences": _audiences(c.audiences.all()),
        "related": sorted(r.slug for r in c.related.all()),
        "symptoms": sorted(
            (
                {"symptom": link.symptom.slug, "typicality": link.typicality, "note": link.note}
                for link in c.symptom_links.all()
            ),
            key=lambda link: link["symptom"],
        ),
        "warning_rules": [_rule(rule) for rule in c.warning_rules.all()],
        "references": _references(c.references.all()),
        **_editorial(c),
    }


def _guide_record(g):
    return {
        "slug": g.slug,
        **{f: getattr(g, f) for f in GUIDE_FIELDS},
        "audiences": _audiences(g.audiences.all()),
        "conditions": sorted(c.slug for c in g.conditions.all()),
        "references": _references(g.references.all()),
        **_editorial(g),
    }


# How each kind of item a pending change can be to is read and exported: {section: (the
# queryset with what its record needs, the record)}.
RECORDS = {
    "symptoms": (_symptoms, _symptom_record),
    "conditions": (_conditions, _condition_record),
    "guides": (_guides, _guide_record),
}


def export_content():
    """Everything editors curate, as a JSON-ready dict in a stable order."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "severities": [
            {"slug": s.slug, **{f: getattr(s, f) for f in SEVERITY_FIELDS}}
            for s in Severity.objects.order_by("rank")
        ],
        "body_areas": [
            {"slug": a.slug, "name": a.name, "description": a.description, "order": a.order}
            for a in BodyArea.objects.order_by("slug")
        ],
        "tags": [{"slug": t.slug, "name": t.name} for t in Tag.objects.order_by("slug")],
        "triggers": [
            {"slug": t.slug, "name": t.name, "order": t.order}
            for t in Trigger.objects.order_by("slug")
        ],
        "audiences": [
            {"slug": a.slug, **{f: getattr(a, f) for f in AUDIENCE_FIELDS}}
            for a in Audience.objects.order_by("order", "name", "slug")
        ],
        "synonyms": [
            {"phrases": s.phrases, "note": s.note, "updated_at": s.updated_at.isoformat()}
            for s in Synonym.objects.order_by("phrases", "pk")
        ],
        "symptoms": [_symptom_record(s) for s in _symptoms().order_by("slug")],
        "conditions": [_condition_record(c) for c in _conditions().order_by("slug")],
        "guides": [_guide_record(g) for g in _guides().order_by("slug")],
        "pending_changes": export_pending(RECORDS),
    }


def _rule(rule):
    return {
        **{name: getattr(rule, name) for name in RULE_FIELDS},
        "severity": rule.severity.slug,
        "trigger": rule.trigger.slug if rule.trigger else None,
        "unless_trigger": rule.unless_trigger.slug if rule.unless_trigger else None,
        "symptoms": sorted(s.slug for s in rule.symptoms.all()),
        "any_symptoms": sorted(s.slug for s in rule.any_symptoms.all()),
        "audiences": _audiences(rule.audiences.all()),
    }


def _make_way(model, rows, field):
    """Park the ``field`` values of the file's records that change, before writing any.

    The database checks a unique field row by row, so a file that swaps two ranks or two
    names would clash half way through. Validation has made sure no record the file leaves
    alone holds a value the file wants; the records that change move to unused values
    first, then take their new ones.
    """
    wanted = {row["slug"]: row[field] for row in rows}
    current = model.objects.filter(slug__in=wanted).values_list("pk", "slug", field)
    moving = [pk for pk, slug, value in current if value != wanted[slug]]
    if not moving:
        return
    taken = {*model.objects.values_list(field, flat=True), *wanted.values()}
    if isinstance(model._meta.get_field(field), IntegerField):
        # From the top of the smallest column (PositiveSmallIntegerField) down.
        spare = (value for value in range(32767, -1, -1) if value not in taken)
    else:
        spare = (f"importing {n}" for n in itertools.count() if f"importing {n}" not in taken)
    for pk in moving:
        model.objects.filter(pk=pk).update(**{field: next(spare)})


class _BySlug(dict):
    """{slug: record} of the rows written; a slug the file did not write is read from the
    database (``write_pending`` writes one record over content already there)."""

    def __init__(self, model, records):
        super().__init__(records)
        self.model = model

    def __missing__(self, slug):
        self[slug] = self.model.objects.get(slug=slug)
        return self[slug]

    def get(self, slug, default=None):
        return default if slug is None else self[slug]


def _upsert(model, rows, fields):
    """{slug: record}, each created or brought in line with its row."""
    return _BySlug(
        model,
        {
            row["slug"]: model.objects.update_or_create(slug=row["slug"], defaults=fields(row))[0]
            for row in rows
        },
    )


def _write_synonyms(rows):
    """Create or update the synonym groups; two groups with the same phrases stay two.

    A group has no slug, so the n-th group in the file with some phrases updates the
    n-th such group in the database (oldest first) and any more are created. Matching by
    phrases alone would fold identical groups into one and lose one's note.
    """
    existing = defaultdict(list)
    for synonym in Synonym.objects.order_by("pk"):
        existing[synonym.phrases].append(synonym)
    for row in rows:
        matches = existing[row["phrases"]]
        if matches:
            synonym = matches.pop(0)
            synonym.note = row["note"]
            synonym.save()
        else:
            synonym = Synonym.objects.create(phrases=row["phrases"], note=row["note"])
        # After the save, which sets updated_at to now.
        Synonym.objects.filter(pk=synonym.pk).update(updated_at=parse_datetime(row["updated_at"]))


def _write(data):
    """Write a file that ``content_validation.problems`` passed (its shape is trusted).

    Links to records the file leaves out are to those in the database.
    """
    for section, fields in UNIQUE.items():
        for field in fields:
            _make_way(MODELS[section], data[section], field)
    severities = _upsert(Severity, data["severities"], lambda row: _pick(row, SEVERITY_FIELDS))
    areas = _upsert(
        BodyArea, data["body_areas"], lambda row: _pick(row, ("name", "description", "order"))
    )
    tags = _upsert(Tag, data["tags"], lambda row: {"name": row["name"]})
    triggers = _upsert(Trigger, data["triggers"], lambda row: _pick(row, ("name", "order")))
    audiences = _upsert(Audience, data["audiences"], lambda row: _pick(row, AUDIENCE_FIELDS))
    _write_synonyms(data["synonyms"])
    symptoms = _upsert(
        Symptom, data["symptoms"], lambda row: {**_pick(row, SYMPTOM_FIELDS), **_plain(row)}
    )
    for row in data["symptoms"]:
        symptoms[row["slug"]].body_areas.set([areas[slug] for slug in row["body_areas"]])
    conditions = _upsert(
        Condition,
        data["conditions"],
        lambda row: {
            **_pick(row, CONDITION_FIELDS),
            **_plain(row),
            "severity": severities[row["severity"]],
        },
    )
    for row in data["conditions"]:
        condition = conditions[row["slug"]]
        condition.body_areas.set([areas[slug] for slug in row["body_areas"]])
        condition.tags.set([tags[slug] for slug in row["tags"]])
        condition.triggers.set([triggers[slug] for slug in row["triggers"]])
        condition.audiences.set([audiences[slug] for slug in row["audiences"]])
        condition.related.set([conditions[slug] for slug in row["related"]])
        condition.symptom_links.all().delete()
        ConditionSymptom.objects.bulk_create(
            ConditionSymptom(condition=condition, symptom=symptoms[link["symptom"]],
                             **_pick(link, ("typicality", "note")))
            for link in row["symptoms"]
        )  # fmt: skip
        condition.references.all().delete()
        Reference.objects.bulk_create(
            Reference(condition=condition, **_reference(r)) for r in row["references"]
        )
        condition.warning_rules.all().delete()
        for rule_row in row["warning_rules"]:
            rule = WarningRule.objects.create(
                condition=condition,
                severity=severities[rule_row["severity"]],
                trigger=triggers.get(rule_row["trigger"]),
                unless_trigger=triggers.get(rule_row["unless_trigger"]),
                **_pick(rule_row, RULE_FIELDS),
            )
            rule.symptoms.set([symptoms[slug] for slug in rule_row["symptoms"]])
            rule.any_symptoms.set([symptoms[slug] for slug in rule_row["any_symptoms"]])
            rule.audiences.set([audiences[slug] for slug in rule_row["audiences"]])
    guides = _upsert(Guide, data["guides"], lambda row: {**_pick(row, GUIDE_FIELDS), **_plain(row)})
    for row in data["guides"]:
        guide = guides[row["slug"]]
        guide.audiences.set([audiences[slug] for slug in row["audiences"]])
        guide.conditions.set([conditions[slug] for slug in row["conditions"]])
        guide.references.all().delete()
        GuideReference.objects.bulk_create(
            GuideReference(guide=guide, **_reference(r)) for r in row["references"]
        )
    # Timestamps last: every save above moved updated_at.
    stamped = (Symptom, data["symptoms"]), (Condition, data["conditions"]), (Guide, data["guides"])
    for model, rows in stamped:
        for row in rows:
            model.objects.filter(slug=row["slug"]).update(
                **{name: parse_datetime(row[name]) for name in STAMPS}
            )
    return {"conditions": len(conditions), "symptoms": len(symptoms), "guides": len(guides)}


def _pick(row, fields):
    return {name: row[name] for name in fields}


def _reference(row):
    return {**row, "date_accessed": _parse_date(row["date_accessed"])}


def _parse_date(value):
    return datetime.date.fromisoformat(value) if value else None


def _plain(row):
    """The editorial fields of a record, typed (timestamps are restored separately)."""
    return {
        **{name: row[name] for name in EDITORIAL},
        **{name: _parse_date(row[name]) for name in DATES},
    }


def import_content(data):
    """Check everything, then write everything (or nothing). Returns counts.

    Raises ``ImportProblems`` listing every problem (see ``content_validation``) when the
    file cannot be imported as it is; the database is then untouched. A file of an older
    version is read as ``content_format.upgrade`` brings it up to date.
    """
    data = upgrade(data)
    found = problems(data)
    if found:
        raise ImportProblems(found)
    # One transaction around the content and what is derived from it: if deriving the
    # warning signs or rebuilding the index failed, the content must not stay half done.
    with transaction.atomic():
        with indexing.paused(), warning_signs.paused():
            with reversion.create_revision():
                reversion.set_comment("Imported content")
                counts = _write(data)
            # Outside the revision: the pending versions are tried out and rolled back, and
            # a revision must not record them.
            counts["pending_changes"] = write_pending(data, _write)
        warning_signs.sync()
        indexing.rebuild()
    return counts
