"""Load the shipped leg pain & weakness library from ``conditions/library/``.

Loading is idempotent and never overwrites an editor's work by default: items are matched
by slug, missing ones are created, existing ones are left alone (a condition that has no
"when to get help" rules yet gets the file's). With ``update=True`` the files win and
existing items are brought back to what the files say.
"""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

import reversion
from django.db import transaction

from . import content_version
from .checker import warning_signs
from .models import (
    Audience,
    BodyArea,
    Condition,
    ConditionSymptom,
    Guide,
    GuideReference,
    Reference,
    Severity,
    Status,
    Symptom,
    Synonym,
    Trigger,
    WarningRule,
)
from .reviews import next_review_due
from .search import indexing

LIBRARY_DIR = Path(__file__).resolve().parent / "library"


@dataclass
class LoadReport:
    created: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)
    unchanged: dict = field(default_factory=dict)
    given_rules: dict = field(default_factory=dict)

    def count(self, kind, outcome):
        bucket = getattr(self, outcome)
        bucket[kind] = bucket.get(kind, 0) + 1

    def lines(self):
        kinds = [
            "severities",
            "body areas",
            "triggers",
            "audiences",
            "symptoms",
            "conditions",
            "guides",
            "synonym groups",
        ]
        lines = [
            f"{kind}: {self.created.get(kind, 0)} created, {self.updated.get(kind, 0)} updated, "
            f"{self.unchanged.get(kind, 0)} left as they were"
            for kind in kinds
        ]
        if self.given_rules.get("conditions"):
            lines.append(
                f"conditions without warning rules given the library's: "
                f"{self.given_rules['conditions']}"
            )
        return lines


def _read(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


class LibraryLoader:
    """Create (and with ``update``, refresh) library items from the JSON files."""

    def __init__(self, directory=LIBRARY_DIR, update=False):
        self.directory = Path(directory)
        self.update = update
        self.report = LoadReport()
        self.written = []  # items created or updated, for the revision
        meta = _read(self.directory / "meta.json")
        self.reviewed_on = meta["last_reviewed"]
        self.reviewer_name = meta["reviewer_name"]
        self.reviewer_role = meta["reviewer_role"]
        self.sources = {item["key"]: item for item in _read(self.directory / "sources.json")}

    def _upsert(self, model, kind, slug, values):
        """Create the item with ``slug`` or, when updating, overwrite its fields.

        Returns the item and whether its links should be (re)written.
        """
        item = model.objects.filter(slug=slug).first()
        if item is None:
            item = model.objects.create(slug=slug, **values)
            self.report.count(kind, "created")
            self.written.append(item)
            return item, True
        if not self.update:
            self.report.count(kind, "unchanged")
            return item, False
        for name, value in values.items():
            setattr(item, name, value)
        item.save()
        self.report.count(kind, "updated")
        self.written.append(item)
        return item, True

    def _editorial_values(self, row):
        # Each item carries its own review; meta.json's is for items that have none yet.
        review = row.get("review", {})
        reviewed_on = datetime.date.fromisoformat(review.get("last_reviewed", self.reviewed_on))
        return {
            # A file may hold an item back from readers, e.g. while it waits for a source.
            "status": row.get("status", Status.PUBLISHED),
            "last_reviewed": reviewed_on,
            "next_review_due": next_review_due(reviewed_on),
            "reviewer_name": review.get("reviewer", self.reviewer_name),
            "reviewer_role": review.get("role", self.reviewer_role),
        }

    @transaction.atomic
    def load(self):
        # Index once at the end rather than after every single save and link.
        # One revision, with each item written once, as it ends up: recording every save
        # and link as it happened cost half the load time.
        with (
            content_version.batched(),
            indexing.paused(),
            warning_signs.paused(),
            reversion.create_revision(manage_manually=True),
        ):
            reversion.set_comment("Loaded the shipped library")
            self._load()
            # Every kind of item the library holds keeps a history: its admin registers it
            # with django-reversion.
            for item in self.written:
                reversion.add_to_revision(item)
        warning_signs.sync()
        changed = any(self.report.created.values()) or any(self.report.updated.values())
        changed = changed or any(self.report.given_rules.values())
        if changed:
            indexing.rebuild()
        return self.report

    def _load(self):
        severities = {}
        for row in _read(self.directory / "severities.json"):
            values = {k: row[k] for k in ("rank", "name", "colour", "card_heading", "advice")}
            values["card_style"] = {
                "self-care": Severity.CardStyle.SELF_CARE,
                "see-a-doctor": Severity.CardStyle.NON_URGENT,
                "urgent": Severity.CardStyle.URGENT,
                "emergency": Severity.CardStyle.EMERGENCY,
            }[row["slug"]]
            severities[row["slug"]], _ = self._upsert(Severity, "severities", row["slug"], values)

        areas = {}
        for row in _read(self.directory / "body_areas.json"):
            values = {k: row[k] for k in ("name", "order", "description")}
            areas[row["slug"]], _ = self._upsert(BodyArea, "body areas", row["slug"], values)

        triggers = {}
        for row in _read(self.directory / "triggers.json"):
            triggers[row["slug"]], _ = self._upsert(
                Trigger, "triggers", row["slug"], {k: row[k] for k in ("name", "order")}
            )
        self.triggers = triggers

        self.audiences = {}
        for row in _read(self.directory / "audiences.json"):
            values = {k: row[k] for k in ("name", "group", "order")}
            self.audiences[row["slug"]], _ = self._upsert(
                Audience, "audiences", row["slug"], values
            )

        symptoms = {}
        for row in _read(self.directory / "symptoms.json"):
            values = {
                "name": row["name"],
                "checker_group": row["checker_group"],
                "aliases": "\n".join(row["aliases"]),
                "description": row["description"],
                **self._editorial_values(row),
            }
            symptom, write_links = self._upsert(Symptom, "symptoms", row["slug"], values)
            if write_links:
                symptom.body_areas.set([areas[slug] for slug in row["body_areas"]])
            symptoms[row["slug"]] = symptom

        rows = [_read(path) for path in sorted((self.directory / "conditions").glob("*.json"))]
        conditions = {}
        to_link, to_rule = [], []
        self.severities, self.symptoms = severities, symptoms
        for row in rows:
            values = {
                "name": row["name"],
                "aliases": "\n".join(row["aliases"]),
                "summary": row["summary"],
                "severity": severities[row["severity"]],
                "onset": row["onset"],
                "sides": row["sides"],
                "prevalence": PREVALENCE[row["prevalence"]],
                **{name: row[name] for name in Condition.PROSE_FIELDS},
                **self._editorial_values(row),
            }
            condition, write_links = self._upsert(Condition, "conditions", row["slug"], values)
            conditions[row["slug"]] = condition
            if write_links:
                to_link.append((condition, row))
            elif row["warning_rules"] and not condition.warning_rules.exists():
                to_rule.append((condition, row))

        # Links need every condition to exist first (related conditions point both ways).
        for condition, row in to_link:
            self._write_condition_links(condition, row, areas, symptoms, conditions)
        for condition, row in to_rule:
            self._write_rules(condition, row)
            self.report.count("conditions", "given_rules")
            self.written.append(condition)

        self._load_guides(conditions)

        existing = {frozenset(group.phrase_list) for group in Synonym.objects.all()}
        for phrases in _read(self.directory / "synonyms.json"):
            if frozenset(phrases) in existing:
                self.report.count("synonym groups", "unchanged")
            else:
                self.written.append(Synonym.objects.create(phrases="\n".join(phrases)))
                self.report.count("synonym groups", "created")

    def _load_guides(self, conditions):
        for path in sorted((self.directory / "guides").glob("*.json")):
            row = _read(path)
            values = {
                **{name: row[name] for name in ("title", "summary", *Guide.PROSE_FIELDS)},
                **self._editorial_values(row),
            }
            guide, write_links = self._upsert(Guide, "guides", row["slug"], values)
            if not write_links:
                continue
            guide.audiences.set([self.audiences[slug] for slug in row["audiences"]])
            guide.conditions.set([conditions[slug] for slug in row["conditions"]])
            guide.references.all().delete()
            GuideReference.objects.bulk_create(
                GuideReference(guide=guide, order=position, **self._source(key))
                for position, key in enumerate(row["references"])
            )

    def _source(self, key):
        return {name: self.sources[key][name] for name in ("title", "publisher", "url")}

    def _write_condition_links(self, condition, row, areas, symptoms, conditions):
        condition.body_areas.set([areas[slug] for slug in row["body_areas"]])
        # No "audiences" in the file: the condition can affect anyone.
        condition.audiences.set([self.audiences[slug] for slug in row.get("audiences", [])])
        condition.triggers.set([self.triggers[slug] for slug in row["triggers"]])
        condition.tags.set(row["tags"], clear=True)
        condition.related.add(*[conditions[slug] for slug in row["related"] if slug in conditions])

        typicality = {
            "common": ConditionSymptom.Typicality.COMMON,
            "sometimes": ConditionSymptom.Typicality.SOMETIMES,
            "rare": ConditionSymptom.Typicality.RARE,
        }
        wanted = {link["slug"]: link for link in row["symptoms"]}
        condition.symptom_links.exclude(symptom__slug__in=wanted).delete()
        for slug, link in wanted.items():
            ConditionSymptom.objects.update_or_create(
                condition=condition,
                symptom=symptoms[slug],
                defaults={
                    "typicality": typicality[link["typicality"]],
                    "note": link.get("note", ""),
                },
            )

        self._write_rules(condition, row)
        condition.references.all().delete()
        Reference.objects.bulk_create(
            Reference(condition=condition, order=position, **self._source(key))
            for position, key in enumerate(row["references"])
        )

    def _write_rules(self, condition, row):
        condition.warning_rules.all().delete()
        triggers = self.triggers
        for order, rule_row in enumerate(row["warning_rules"]):
            rule = WarningRule.objects.create(
                condition=condition,
                severity=self.severities[rule_row["level"]],
                text=rule_row["text"],
                onset=rule_row.get("onset", ""),
                side=rule_row.get("side", ""),
                trigger=triggers[rule_row["trigger"]] if rule_row.get("trigger") else None,
                unless_trigger=(
                    triggers[rule_row["unless_trigger"]] if rule_row.get("unless_trigger") else None
                ),
                order=order,
            )
            rule.symptoms.set([self.symptoms[slug] for slug in rule_row.get("all_of", [])])
            rule.any_symptoms.set([self.symptoms[slug] for slug in rule_row.get("any_of", [])])
            rule.audiences.set([self.audiences[slug] for slug in rule_row.get("audiences", [])])


PREVALENCE = {
    "common": Condition.Prevalence.COMMON,
    "uncommon": Condition.Prevalence.UNCOMMON,
    "rare": Condition.Prevalence.RARE,
}


def load_library(directory=LIBRARY_DIR, update=False):
    """Load the library; see :class:`LibraryLoader`. Returns a :class:`LoadReport`."""
    return LibraryLoader(directory, update=update).load()
