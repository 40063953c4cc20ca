"""The reader's answers, read from a query string and written back into one.

Reading never raises: unknown or unpublished choices are dropped with a note, so odd or
old links still give a normal page. Only answers that survive checking are written back
into the next step's address, so a bad value cannot travel further.
"""

from dataclasses import dataclass, field

from django.http import QueryDict

from ..inputs import as_slug
from ..models import Audience, BodyArea, Symptom, Trigger

NOT_SURE = "not-sure"
NONE = "none"
SIDES = {"one": "one leg", "both": "both legs", NOT_SURE: "not sure"}
ONSETS = {"sudden": "started suddenly", "gradual": "came on gradually", NOT_SURE: "not sure"}
# Answers beyond these are ignored (with a note): nobody has more, and it bounds the work.
MAX_VALUES_PER_QUESTION = 40
# Longer than any slug: a longer value is cut, and then matches nothing.
MAX_VALUE_LENGTH = 100


@dataclass
class Answers:
    """Checked answers: only known, published choices survive."""

    symptoms: list = field(default_factory=list)  # Symptom, warning signs included
    no_warning_signs: bool = False  # "No, none of these" on the first step
    audience: Audience | None = None  # who it is about, when the reader said
    audience_not_said: bool = False  # "I would rather not say"
    areas: list = field(default_factory=list)  # BodyArea
    area_not_sure: bool = False
    side: str = ""  # a key of SIDES, or "" when not answered
    onset: str = ""  # a key of ONSETS, or ""
    triggers: list = field(default_factory=list)  # Trigger
    no_triggers: bool = False
    notes: list = field(default_factory=list)

    @property
    def warning_signs(self):
        """Warning-sign symptoms ticked, most urgent first."""
        return sorted(
            (s for s in self.symptoms if s.is_red_flag and s.red_flag_severity),
            key=lambda s: (-s.red_flag_severity.rank, s.name),
        )

    @property
    def other_symptoms(self):
        return [s for s in self.symptoms if not s.is_red_flag]

    @property
    def symptom_ids(self):
        return {s.pk for s in self.symptoms}

    @property
    def trigger_ids(self):
        return {t.pk for t in self.triggers}

    @property
    def audience_slug(self):
        return self.audience.slug if self.audience else ""

    def query_items(self, leave_out=()):
        """The answers as (parameter, value) pairs, for hidden fields and links."""
        items = [("symptom", s.slug) for s in self.symptoms]
        if self.no_warning_signs:
            items.append(("signs", NONE))
        if self.audience:
            items.append(("who", self.audience.slug))
        elif self.audience_not_said:
            items.append(("who", NOT_SURE))
        items += [("area", a.slug) for a in self.areas]
        if self.area_not_sure:
            items.append(("area", NOT_SURE))
        if self.side:
            items.append(("side", self.side))
        if self.onset:
            items.append(("onset", self.onset))
        items += [("trigger", t.slug) for t in self.triggers]
        if self.no_triggers:
            items.append(("trigger", NONE))
        return [(name, value) for name, value in items if name not in leave_out]

    def query_string(self, leave_out=()):
        query = QueryDict(mutable=True)
        for name, value in self.query_items(leave_out):
            query.appendlist(name, value)
        return query.urlencode()


def _values(params, name, notes):
    values = [value.strip()[:MAX_VALUE_LENGTH] for value in params.getlist(name) if value.strip()]
    if len(values) > MAX_VALUES_PER_QUESTION:
        notes.append(
            "You gave more answers than we can use for one question; "
            f"we used the first {MAX_VALUES_PER_QUESTION}."
        )
        values = values[:MAX_VALUES_PER_QUESTION]
    return list(dict.fromkeys(values))  # repeated answers count once


def _choose(params, name, choices, notes, label):
    values = _values(params, name, notes)
    known = [value for value in values if value in choices]
    if len(known) > 1:
        notes.append(f"You chose more than one answer for “{label}”, so we left it out.")
        return ""
    if values and not known:
        notes.append(f"We did not understand the answer for “{label}”, so we left it out.")
    return known[0] if known else ""


def _objects(queryset, slugs, notes, label):
    found = {item.slug: item for item in queryset.filter(slug__in=[as_slug(s) for s in slugs])}
    if len(found) < len(slugs):
        notes.append(f"Some answers about {label} were not recognised and were left out.")
    return [found[slug] for slug in slugs if slug in found]


def read_answers(params):
    """Check the submitted answers (a QueryDict); never raises on odd input."""
    notes = []
    answers = Answers(notes=notes)
    answers.symptoms = _objects(
        Symptom.objects.published().select_related("red_flag_severity"),
        _values(params, "symptom", notes),
        notes,
        "what you feel",
    )
    answers.no_warning_signs = NONE in params.getlist("signs")
    audiences = {audience.slug: audience for audience in Audience.objects.all()}
    who = _choose(params, "who", {NOT_SURE, *audiences}, notes, "who it is for")
    answers.audience_not_said = who == NOT_SURE
    answers.audience = audiences.get(who)
    areas = _values(params, "area", notes)
    answers.area_not_sure = NOT_SURE in areas
    answers.areas = _objects(
        BodyArea.objects.all(), [a for a in areas if a != NOT_SURE], notes, "where it is"
    )
    answers.side = _choose(params, "side", SIDES, notes, "one or both legs")
    answers.onset = _choose(params, "onset", ONSETS, notes, "how it started")
    triggers = _values(params, "trigger", notes)
    answers.no_triggers = NONE in triggers
    answers.triggers = _objects(
        Trigger.objects.all(), [t for t in triggers if t != NONE], notes, "what brings it on"
    )
    return answers
