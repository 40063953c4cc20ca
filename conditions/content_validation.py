"""What a content file must be for ``import_content`` to write it, checked in one pass.

``problems(data)`` returns every problem in a parsed export, each naming its record
(``condition sciatica: symptom 'tingling' is listed twice``); an empty list means the
import can write the file without meeting a database constraint. The checks, in order:

1. shape: every record is a JSON object with exactly the expected keys, each value of the
   expected JSON type (a number is never taken for text, nor text for a number; the
   values themselves are checked in ``content_validation_values``);
2. each record against its model (``full_clean``: lengths, choices, slugs, colours,
   URLs, blank fields), plus what a database refuses that ``full_clean`` lets through: NUL
   characters and lone surrogates in text, numbers beyond the column's range on
   PostgreSQL, so a file that imports on SQLite imports in production too;
3. the file as a whole: unique slugs, names, titles and ranks, links only to records in
   the file (a condition's, rule's or guide's audiences, a guide's conditions too),
   nothing listed twice, related conditions that list each other;
4. the database: a name, title or rank the file wants that a record *not* in the file
   holds;
5. the pending changes (``content_validation_pending``): each names a live record of the
   file, and its pending version passes every check above in the file it would make.

A file of an older version is checked as ``content_format.upgrade`` brings it up to date.

A value that fails one check is left out of the later ones, so one mistake is reported
once, not again as every check it would upset.
"""

import re
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import IntegerField
from django.utils.text import get_text_list

from .content_format import (
    FORMAT,
    KINDS,
    LINK_SHAPE,
    MODELS,
    READS,
    REFERENCE_SHAPE,
    RULE_SHAPE,
    SHAPES,
    UNIQUE,
    upgrade,
)
from .content_validation_pending import pending_problems
from .content_validation_values import convert, show
from .models import ConditionSymptom, GuideReference, Reference, WarningRule
from .models.rules import URGENT_STYLES

# A slug that can name its record in a message; anything else is named by its position.
_NAMEABLE = re.compile(r"[-\w]{1,100}")
_LONGEST_PROBLEM = 300
# The position of the file's own problems ("file: ..."): before every record's.
_BEFORE_EVERY_RECORD = -1


@dataclass
class _Record:
    """A record that is a JSON object: its label and the values that passed every check."""

    label: str
    good: dict


def problems(data):
    """Every reason ``data`` (a parsed export) cannot be imported; empty if it can."""
    data = upgrade(data)
    checker = _Checker(data)
    found = checker.run()
    if checker.readable:
        found += pending_problems(data, found, _pending_world_problems)
    return found


def _pending_world_problems(world, section, slug):
    """The problems of ``world``, a file with one record replaced by its pending version.

    The live item (``slug``) is rewritten to that version, so what it holds now in the
    database clashes with nothing.
    """
    return _Checker(world, also_in_file={section: {slug}}).run()


def _versions():
    """The versions this site reads, for a message: "1, 2 and 3"."""
    return get_text_list([str(version) for version in READS], "and")


def _label(section, index, row, ambiguous):
    slug = row.get("slug") if isinstance(row, dict) else None
    if isinstance(slug, str) and _NAMEABLE.fullmatch(slug) and slug not in ambiguous:
        return f"{KINDS[section]} {slug}"
    if section == "synonyms" and isinstance(row, dict) and isinstance(row.get("phrases"), str):
        return f"synonyms[{index}] {show(row['phrases'], 40)}"
    return f"{section}[{index}]"


def _item_label(record, plural, singular, index, item, name):
    value = item.get(name) if isinstance(item, dict) else None
    if isinstance(value, str):
        return f"{record}: {singular} {value[:40]!r}"
    return f"{record}: {plural}[{index}]"


class _Checker:
    def __init__(self, data, also_in_file=None):
        self.data = data
        # Database records that count as in the file (not clashing with it) though it does
        # not list them: an item a pending change renames.
        self.also_in_file = also_in_file or {}
        self.readable = False
        self.problems = []
        # Where each record is in the file, so each record's problems can be listed
        # together and in file order, whichever check found them.
        self.positions = {}

    def add(self, record, message):
        problem = f"{record}: {message}"
        if len(problem) > _LONGEST_PROBLEM:
            problem = f"{problem[: _LONGEST_PROBLEM - 3]}..."
        # A link, rule or reference is labelled "<its record>: rule '...'".
        owner = record.split(": ")[0]
        position = self.positions.get(record, self.positions.get(owner, _BEFORE_EVERY_RECORD))
        self.problems.append((position, problem))

    def run(self):
        """The problems, those of the file as a whole first, then record by record."""
        self.readable = self._file()
        if self.readable:
            self._records()
        return [problem for _position, problem in sorted(self.problems, key=lambda p: p[0])]

    def _records(self):
        records = {section: self._section(section) for section in SHAPES}
        # Links are checked against every record that has a slug, even one with other
        # problems: those are reported already, and "unknown" would be wrong for it.
        known = {
            section: {
                row["slug"] for row in self._rows(section)
                if isinstance(row, dict) and isinstance(row.get("slug"), str)
            }
            for section in SHAPES
        }  # fmt: skip
        for section, fields in UNIQUE.items():
            for field in fields:
                self._unique(records[section], field)
                self._clashes(section, records[section], field)
        for symptom in records["symptoms"]:
            areas = symptom.good.get("body_areas", [])
            self._links(symptom.label, "body area", areas, known["body_areas"])
        urgent = {
            severity.good["slug"]
            for severity in records["severities"]
            if {"slug", "card_style"} <= severity.good.keys()
            and severity.good["card_style"] in URGENT_STYLES
        }
        for condition in records["conditions"]:
            self._condition(condition, known, urgent)
        self._related_both_ways(records["conditions"])
        for guide in records["guides"]:
            self._guide(guide, known)

    def _rows(self, section):
        rows = self.data.get(section)
        return rows if isinstance(rows, list) else []

    def _file(self):
        data = self.data
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            self.add("file", f"not a {FORMAT} export")
            return False
        version = data.get("version")
        if isinstance(version, bool) or version not in READS:
            self.add("file", f"version {show(version)}; this site reads {_versions()}")
            return False
        for key in sorted(data.keys() - {"format", "version", *SHAPES, "pending_changes"}):
            self.add("file", f"unknown section {show(key)}")
        for section in [*SHAPES, "pending_changes"]:
            if section not in data:
                self.add("file", f"the {section} section is missing")
            elif not isinstance(data[section], list):
                self.add(section, f"is {show(data[section])}, not a list of records")
        return True

    def _section(self, section):
        rows = self._rows(section)
        slugs = Counter(
            row["slug"]
            for row in rows
            if isinstance(row, dict) and isinstance(row.get("slug"), str)
        )
        # Records that share a slug are named by position, so each message finds its record.
        ambiguous = {slug for slug, count in slugs.items() if count > 1}
        records = []
        for index, row in enumerate(rows):
            label = _label(section, index, row, ambiguous)
            self.positions[label] = len(self.positions)
            good = self._shape(label, row, SHAPES[section])
            if good is not None:
                self._model(label, MODELS[section](), good)
                records.append(_Record(label, good))
        self._unique(records, "slug")
        return records

    def _shape(self, label, row, shape):
        """The values of ``row`` that have the right type; the others are reported."""
        if not isinstance(row, dict):
            self.add(label, f"is {show(row)}, not a record (a JSON object)")
            return None
        good = {}
        for name, kind in shape.items():
            if name not in row:
                self.add(label, f"{name} is missing")
                continue
            value, wrong = convert(kind, row[name])
            if wrong:
                self.add(label, f"{name} {wrong}")
            else:
                good[name] = value
        for name in sorted(row.keys() - shape.keys()):
            self.add(label, f"unknown field {show(name)}")
        return good

    def _model(self, label, instance, good):
        """Check ``good`` against the model; drop what fails, so later checks skip it."""
        fields = {field.name: field for field in instance._meta.fields if not field.is_relation}
        given = set()
        for name in [name for name in good if name in fields and not fields[name].primary_key]:
            field = fields[name]
            if isinstance(field, IntegerField):
                # SQLite takes any integer; check PostgreSQL's range, which production has.
                low, high = BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()]
                if not low <= good[name] <= high:
                    self.add(label, f"{name} {good[name]} is not between {low} and {high}")
                    del good[name]
                    continue
            setattr(instance, name, good[name])
            given.add(name)
        # Links (and fields the file does not hold) are left out: they are checked apart.
        exclude = [field.name for field in instance._meta.fields if field.name not in given]
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                # clean() may complain about a field that was missing or wrong: said already.
                if name in exclude:
                    continue
                prefix = "" if name == NON_FIELD_ERRORS else f"{name}: "
                self.add(label, prefix + " ".join(messages))
                good.pop(name, None)

    def _unique(self, records, field):
        """Report a value of ``field`` that more than one record gives."""
        first = {}
        for record in records:
            if field not in record.good:
                continue
            value = record.good[field]
            if value in first:
                self.add(
                    record.label, f"{field} {show(value)} is also the {field} of {first[value]}"
                )
            else:
                first[value] = record.label

    def _clashes(self, section, records, field):
        """A value the file wants that a database record the file leaves alone holds."""
        model = MODELS[section]
        slugs = [record.good["slug"] for record in records if "slug" in record.good]
        slugs += self.also_in_file.get(section, ())
        wanted = {record.good[field]: record for record in records if field in record.good}
        held = model.objects.exclude(slug__in=slugs).filter(**{f"{field}__in": list(wanted)})
        for value, slug in held.values_list(field, "slug"):
            self.add(
                wanted[value].label,
                f"{field} {show(value)} is already the {field} of {KINDS[section]} {slug} in "
                "the database, which this file does not include",
            )

    def _links(self, record, what, slugs, known):
        """Report slugs that name no record in the file (``known``), or name one twice."""
        seen = set()
        for slug in slugs:
            if slug in seen:
                self.add(record, f"{what} {show(slug)} is listed twice")
            elif slug not in known:
                self.add(record, f"unknown {what} {show(slug)}")
            seen.add(slug)

    def _condition(self, condition, known, urgent):
        label, good = condition.label, condition.good
        if "severity" in good:
            self._links(label, "severity", [good["severity"]], known["severities"])
        for field, what, section in (
            ("body_areas", "body area", "body_areas"),
            ("tags", "tag", "tags"),
            ("triggers", "trigger", "triggers"),
            ("audiences", "audience", "audiences"),
            ("related", "related condition", "conditions"),
        ):
            self._links(label, what, good.get(field, []), known[section])
        linked = set()
        for index, item in enumerate(good.get("symptoms", [])):
            where = _item_label(label, "symptoms", "symptom", index, item, "symptom")
            link = self._shape(where, item, LINK_SHAPE)
            if link is None:
                continue
            self._model(where, ConditionSymptom(), link)
            if "symptom" in link:
                # A symptom is linked once, with one typicality: the database keeps it so.
                if link["symptom"] in linked:
                    self.add(label, f"symptom {show(link['symptom'])} is listed twice")
                elif link["symptom"] not in known["symptoms"]:
                    self.add(label, f"unknown symptom {show(link['symptom'])}")
                linked.add(link["symptom"])
        for index, item in enumerate(good.get("warning_rules", [])):
            where = _item_label(label, "warning_rules", "rule", index, item, "text")
            rule = self._shape(where, item, RULE_SHAPE)
            if rule is not None:
                self._rule(where, rule, known, urgent)
        self._references(label, good.get("references", []), Reference)

    def _references(self, label, items, model):
        for index, item in enumerate(items):
            where = _item_label(label, "references", "reference", index, item, "title")
            reference = self._shape(where, item, REFERENCE_SHAPE)
            if reference is None:
                continue
            url = reference.get("url", "https://")
            if not url.lower().startswith(("https://", "http://")):
                self.add(where, f"reference URL {show(url)} is not http(s)")
                del reference["url"]
            self._model(where, model(), reference)

    def _guide(self, guide, known):
        label, good = guide.label, guide.good
        self._links(label, "audience", good.get("audiences", []), known["audiences"])
        self._links(label, "condition", good.get("conditions", []), known["conditions"])
        self._references(label, good.get("references", []), GuideReference)

    def _rule(self, where, rule, known, urgent):
        self._model(where, WarningRule(), rule)
        if "severity" in rule:
            if rule["severity"] not in known["severities"]:
                self.add(where, f"unknown severity {show(rule['severity'])}")
            elif rule["severity"] not in urgent:
                self.add(where, f"level {show(rule['severity'])} is not urgent or emergency")
        if {"symptoms", "any_symptoms"} <= rule.keys() and not (
            rule["symptoms"] or rule["any_symptoms"]
        ):
            self.add(where, "names no symptom")
        for field in ("symptoms", "any_symptoms"):
            self._links(where, "symptom", rule.get(field, []), known["symptoms"])
        self._links(where, "audience", rule.get("audiences", []), known["audiences"])
        for field in ("trigger", "unless_trigger"):
            if rule.get(field) is not None:
                self._links(where, "trigger", [rule[field]], known["triggers"])

    def _related_both_ways(self, conditions):
        # "Related" is symmetrical in the database: a link one side leaves out would be
        # added by one record and removed by the other, depending on the order of writing.
        slugs = Counter(record.good.get("slug") for record in conditions)
        related = {
            record.good["slug"]: set(record.good["related"])
            for record in conditions
            # A slug two records share is reported already; which one is meant is unclear.
            if {"slug", "related"} <= record.good.keys() and slugs[record.good["slug"]] == 1
        }
        for record in conditions:
            slug = record.good.get("slug")
            for other in sorted(related.get(slug, ())):
                if other in related and slug not in related[other]:
                    self.add(
                        record.label,
                        f"related condition {show(other)} does not list {show(slug)} back "
                        "(related conditions go both ways)",
                    )
