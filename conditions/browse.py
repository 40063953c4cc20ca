"""Browsing helpers: the A–Z index and a symptom's causes grouped by how urgent they are."""

import string
import unicodedata
from dataclasses import dataclass
from itertools import groupby

from .models import ConditionSymptom, Status, Symptom


@dataclass(frozen=True)
class IndexEntry:
    label: str
    item: object
    is_alias: bool = False


@dataclass(frozen=True)
class IndexLetter:
    letter: str
    entries: list

    @property
    def anchor(self):
        return "letter-" + ("0-9" if self.letter == "#" else self.letter.lower())


def _index_letter(label):
    first = unicodedata.normalize("NFKD", label)[:1].upper()
    return first if first in string.ascii_uppercase else "#"


def a_to_z(items):
    """Group items (anything with ``name`` and ``alias_list``) under their first letter.

    Aliases get their own entries ("DVT" under D) that point at the item, as readers may
    only know the other name. Returns every letter A–Z in order, empty ones included, so
    the letter navigation can show which letters have nothing.
    """
    entries = []
    for item in items:
        entries.append(IndexEntry(item.name, item))
        entries.extend(
            IndexEntry(alias, item, is_alias=True)
            for alias in item.alias_list
            if alias.lower() != item.name.lower()
        )
    entries.sort(key=lambda entry: (_index_letter(entry.label), entry.label.casefold()))
    grouped = {
        letter: list(group)
        for letter, group in groupby(entries, key=lambda entry: _index_letter(entry.label))
    }
    letters = list(string.ascii_uppercase) + (["#"] if "#" in grouped else [])
    return [IndexLetter(letter, grouped.get(letter, [])) for letter in letters]


@dataclass(frozen=True)
class SeverityGroup:
    severity: object
    links: list


def causes_by_severity(symptom):
    """Published conditions that cause ``symptom``, grouped by severity, most serious first.

    Within a group, conditions where the symptom is most typical come first.
    """
    links = (
        ConditionSymptom.objects.filter(symptom=symptom, condition__status=Status.PUBLISHED)
        .select_related("condition", "condition__severity")
        .order_by("-condition__severity__rank", "-typicality", "condition__name")
    )
    return [
        SeverityGroup(severity, list(group))
        for severity, group in groupby(links, key=lambda link: link.condition.severity)
    ]


def warning_signs_for(symptom):
    """Red-flag symptoms that share a published condition with ``symptom``.

    A reader on the "numbness" page should see, before the list of causes, which kinds of
    numbness need help now (numbness between the legs, on one side of the body, ...).
    """
    return (
        Symptom.objects.published()
        .red_flags()
        .filter(
            conditions__status=Status.PUBLISHED,
            conditions__symptom_links__symptom=symptom,
        )
        .exclude(pk=symptom.pk)
        .distinct()
    )


def warning_signs_in_area(area):
    """Warning signs editors placed in ``area`` (a symptom's body areas), most urgent first."""
    return Symptom.objects.published().red_flags().filter(body_areas=area)
