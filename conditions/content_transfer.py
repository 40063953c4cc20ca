"""Export all content to one JSON document and import it back, losslessly.

Export → import into an empty database → export gives the same document. Import checks
every record first and writes nothing if any is invalid; it matches items by slug, so
importing into a database that already has them updates them in place.
"""

import datetime

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.dateparse import parse_datetime
from taggit.models import Tag

from .checker import warning_signs
from .models import (
    BodyArea,
    Condition,
    ConditionSymptom,
    Reference,
    Severity,
    Symptom,
    Synonym,
    Trigger,
    WarningRule,
)
from .search import indexing

FORMAT = "legpain-content"
VERSION = 1
EDITORIAL = ("status", "reviewer_name", "reviewer_role", "review_comment")
DATES = ("last_reviewed", "next_review_due")
STAMPS = ("created_at", "updated_at")
SEVERITY_FIELDS = ("rank", "name", "colour", "card_style", "card_heading", "advice")
# A symptom's warning level is left out: it is derived from the rules after import.
SYMPTOM_FIELDS = ("name", "aliases", "description", "checker_group")
CONDITION_FIELDS = (
    "name", "aliases", "summary", "onset", "sides", "prevalence", *Condition.PROSE_FIELDS
)  # fmt: skip
RULE_FIELDS = ("text", "onset", "side", "order")


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


def export_content():
    """Everything editors curate, as a JSON-ready dict in a stable order."""
    conditions = Condition.objects.select_related("severity").prefetch_related(
        "body_areas", "tags", "triggers", "related", "symptom_links__symptom", "references",
        "warning_rules__severity", "warning_rules__trigger", "warning_rules__unless_trigger",
        "warning_rules__symptoms",
        "warning_rules__any_symptoms",
    )  # fmt: skip
    symptoms = Symptom.objects.prefetch_related("body_areas")
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
        "synonyms": [
            {"phrases": s.phrases, "note": s.note, "updated_at": s.updated_at.isoformat()}
            for s in Synonym.objects.order_by("phrases", "pk")
        ],
        "symptoms": [
            {
                "slug": s.slug,
                **{f: getattr(s, f) for f in SYMPTOM_FIELDS},
                "body_areas": sorted(a.slug for a in s.body_areas.all()),
                **_editorial(s),
            }
            for s in symptoms.order_by("slug")
        ],
        "conditions": [
            {
                "slug": c.slug,
                **{f: getattr(c, f) for f in CONDITION_FIELDS},
                "severity": c.severity.slug,
                "body_areas": sorted(a.slug for a in c.body_areas.all()),
                "tags": sorted(t.slug for t in c.tags.all()),
                "triggers": sorted(t.slug for t in c.triggers.all()),
                "related": sorted(r.slug for r in c.related.all()),
                "symptoms": sorted(
                    (
                        {
                            "symptom": link.symptom.slug,
                            "typicality": link.typicality,
                            "note": link.note,
                        }
                        for link in c.symptom_links.all()
                    ),
                    key=lambda link: link["symptom"],
                ),
                "warning_rules": [_rule(rule) for rule in c.warning_rules.all()],
                "references": [
                    {
                        "title": r.title,
                        "publisher": r.publisher,
                        "url": r.url,
                        "date_accessed": _date(r.date_accessed),
                        "order": r.order,
                    }
                    for r in c.references.all()
                ],
                **_editorial(c),
            }
            for c in conditions.order_by("slug")
        ],
    }


def _rule(rule):
    return {
        **{name: getattr(rule, name) for name in RULE_FIELDS},
        "severity": rule.severity.slug,
        "trigger": rule.trigger.slug if rule.trigger else None,
        "unless_trigger": rule.unless_trigger.slug if rule.unless_trigger else None,
        "symptoms": sorted(s.slug for s in rule.symptoms.all()),
        "any_symptoms": sorted(s.slug for s in rule.any_symptoms.all()),
    }


class _Importer:
    def __init__(self, data):
        self.data = data
        self.problems = []

    def problem(self, record, message):
        self.problems.append(f"{record}: {message}")

    def check(self, instance, record, exclude=()):
        try:
            instance.full_clean(exclude=[*exclude], validate_unique=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                # Links to other records are checked against the file separately.
                if field not in exclude:
                    self.problem(record, f"{field}: {' '.join(messages)}")

    def validate(self):
        data = self.data
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            self.problem("file", f"not a {FORMAT} export")
            return
        if data.get("version") != VERSION:
            self.problem("file", f"version {data.get('version')!r}; this site reads {VERSION}")
            return
        severities = {row["slug"] for row in data["severities"]}
        areas = {row["slug"] for row in data["body_areas"]}
        tags = {row["slug"] for row in data["tags"]}
        triggers = {row["slug"] for row in data["triggers"]}
        symptoms = {row["slug"] for row in data["symptoms"]}
        conditions = {row["slug"] for row in data["conditions"]}
        for row in data["severities"]:
            self.check(
                Severity(slug=row["slug"], **_pick(row, SEVERITY_FIELDS)), f"severity {row['slug']}"
            )
        for row in data["synonyms"]:
            self._dates(f"synonym {row.get('phrases', '')[:30]!r}", row, ("updated_at",), ())
        for row in data["symptoms"]:
            record = f"symptom {row.get('slug')}"
            self._dates(record, row, STAMPS, DATES)
            symptom = Symptom(
                slug=row["slug"], **_pick(row, SYMPTOM_FIELDS), **_plain(row, strict=False)
            )
            self.check(symptom, record)
            self._known(record, "body area", row["body_areas"], areas)
        for row in data["conditions"]:
            record = f"condition {row.get('slug')}"
            self._dates(record, row, STAMPS, DATES)
            condition = Condition(
                slug=row["slug"], **_pick(row, CONDITION_FIELDS), **_plain(row, strict=False)
            )
            self.check(condition, record, exclude=["severity"])
            self._known(record, "severity", [row["severity"]], severities)
            self._known(record, "body area", row["body_areas"], areas)
            self._known(record, "tag", row["tags"], tags)
            self._known(record, "trigger", row["triggers"], triggers)
            self._known(record, "related condition", row["related"], conditions)
            self._known(record, "symptom", [s["symptom"] for s in row["symptoms"]], symptoms)
            for link in row["symptoms"]:
                if link["typicality"] not in ConditionSymptom.Typicality.values:
                    self.problem(
                        record,
                        f"symptom link typicality {link['typicality']!r} is not one of "
                        f"{ConditionSymptom.Typicality.values}",
                    )
            for rule_row in row["warning_rules"]:
                self._check_rule(record, rule_row, symptoms, triggers)
            for reference in row["references"]:
                url = reference.get("url", "")
                if not url.startswith(("https://", "http://")):
                    self.problem(record, f"reference URL {url!r} is not http(s)")
                self._dates(record, reference, (), ("date_accessed",))
                self.check(
                    Reference(**{**reference, "date_accessed": None}),
                    record,
                    exclude=["condition", "url"],
                )
            if len(row.get("summary", "")) > 160:
                self.problem(record, "summary is over 160 characters")

    def _check_rule(self, record, rule_row, symptoms, triggers):
        where = f"{record}: rule {rule_row.get('text', '')[:40]!r}"
        urgent = {r["slug"] for r in self.data["severities"] if r["card_style"] in (
            Severity.CardStyle.URGENT, Severity.CardStyle.EMERGENCY)}  # fmt: skip
        if rule_row["severity"] not in urgent:
            self.problem(where, f"level {rule_row['severity']!r} is not urgent or emergency")
        named = [*rule_row["symptoms"], *rule_row["any_symptoms"]]
        if not named:
            self.problem(where, "names no symptom")
        self._known(where, "symptom", named, symptoms)
        for name in ("trigger", "unless_trigger"):
            if rule_row[name] is not None:
                self._known(where, "trigger", [rule_row[name]], triggers)
        rule = WarningRule(**_pick(rule_row, RULE_FIELDS))
        self.check(rule, where, exclude=["condition", "severity", "trigger"])

    def _dates(self, record, row, stamps, dates):
        for name in stamps:
            if not isinstance(row.get(name), str) or parse_datetime(row[name]) is None:
                self.problem(record, f"{name} {row.get(name)!r} is not a date and time")
        for name in dates:
            value = row.get(name)
            try:
                _parse_date(value)
            except (TypeError, ValueError):
                self.problem(record, f"{name} {value!r} is not a date (YYYY-MM-DD)")

    def _known(self, record, what, slugs, known):
        for slug in slugs:
            if slug not in known:
                self.problem(record, f"unknown {what} {slug!r}")

    @transaction.atomic
    def write(self):
        data = self.data
        severities = {
            row["slug"]: Severity.objects.update_or_create(
                slug=row["slug"], defaults=_pick(row, SEVERITY_FIELDS)
            )[0]
            for row in data["severities"]
        }
        areas = {
            row["slug"]: BodyArea.objects.update_or_create(
                slug=row["slug"], defaults=_pick(row, ("name", "description", "order"))
            )[0]
            for row in data["body_areas"]
        }
        tags = {
            row["slug"]: Tag.objects.update_or_create(
                slug=row["slug"], defaults={"name": row["name"]}
            )[0]
            for row in data["tags"]
        }
        triggers = {
            row["slug"]: Trigger.objects.update_or_create(
                slug=row["slug"], defaults={"name": row["name"], "order": row["order"]}
            )[0]
            for row in data["triggers"]
        }
        for row in data["synonyms"]:
            synonym, _ = Synonym.objects.get_or_create(
                phrases=row["phrases"], defaults={"note": row["note"]}
            )
            Synonym.objects.filter(pk=synonym.pk).update(
                note=row["note"], updated_at=parse_datetime(row["updated_at"])
            )
        symptoms = {}
        for row in data["symptoms"]:
            symptom, _ = Symptom.objects.update_or_create(
                slug=row["slug"],
                defaults={**_pick(row, SYMPTOM_FIELDS), **_plain(row)},
            )
            symptom.body_areas.set([areas[slug] for slug in row["body_areas"]])
            symptoms[row["slug"]] = symptom
        conditions = {}
        for row in data["conditions"]:
            condition, _ = Condition.objects.update_or_create(
                slug=row["slug"],
                defaults={
                    **_pick(row, CONDITION_FIELDS),
                    **_plain(row),
                    "severity": severities[row["severity"]],
                },
            )
            conditions[row["slug"]] = condition
        for row in data["conditions"]:
            condition = conditions[row["slug"]]
            condition.body_areas.set([areas[slug] for slug in row["body_areas"]])
            condition.tags.set([tags[slug] for slug in row["tags"]])
            condition.triggers.set([triggers[slug] for slug in row["triggers"]])
            condition.related.set([conditions[slug] for slug in row["related"]])
            condition.symptom_links.all().delete()
            ConditionSymptom.objects.bulk_create(
                ConditionSymptom(
                    condition=condition,
                    symptom=symptoms[link["symptom"]],
                    typicality=link["typicality"],
                    note=link["note"],
                )
                for link in row["symptoms"]
            )
            condition.references.all().delete()
            Reference.objects.bulk_create(
                Reference(
                    condition=condition, **{**r, "date_accessed": _parse_date(r["date_accessed"])}
                )
                for r in row["references"]
            )
            condition.warning_rules.all().delete()
            for rule_row in row["warning_rules"]:
                rule = WarningRule.objects.create(
                    condition=condition,
                    severity=severities[rule_row["severity"]],
                    trigger=triggers[rule_row["trigger"]] if rule_row["trigger"] else None,
                    unless_trigger=(
                        triggers[rule_row["unless_trigger"]] if rule_row["unless_trigger"] else None
                    ),
                    **_pick(rule_row, RULE_FIELDS),
                )
                rule.symptoms.set([symptoms[slug] for slug in rule_row["symptoms"]])
                rule.any_symptoms.set([symptoms[slug] for slug in rule_row["any_symptoms"]])
        # Timestamps last: every save above moved updated_at.
        for model, rows in ((Symptom, data["symptoms"]), (Condition, data["conditions"])):
            for row in rows:
                model.objects.filter(slug=row["slug"]).update(
                    **{name: parse_datetime(row[name]) for name in STAMPS}
                )
        return {"conditions": len(conditions), "symptoms": len(symptoms)}


def _pick(row, fields):
    return {name: row[name] for name in fields}


def _parse_date(value):
    return datetime.date.fromisoformat(value) if value else None


def _plain(row, strict=True):
    """The editorial fields of a record, typed (timestamps are restored separately).

    With ``strict=False`` a bad date becomes None: validation reports it separately.
    """
    dates = {}
    for name in DATES:
        try:
            dates[name] = _parse_date(row[name])
        except (TypeError, ValueError):
            if strict:
                raise
            dates[name] = None
    return {**{name: row[name] for name in EDITORIAL}, **dates}


def import_content(data):
    """Validate everything, then write everything (or nothing). Returns counts."""
    importer = _Importer(data)
    try:
        importer.validate()
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise ImportProblems([f"file: missing or malformed field {error}"]) from error
    if importer.problems:
        raise ImportProblems(importer.problems)
    with indexing.paused(), warning_signs.paused(), reversion.create_revision():
        reversion.set_comment("Imported content")
        counts = importer.write()
    warning_signs.sync()
    indexing.rebuild()
    return counts
