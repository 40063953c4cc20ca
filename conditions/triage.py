"""The symptom checker's reasoning: answers in, possible causes and a level of care out.

Everything comes from what editors curate: which symptoms a condition has and how typical
each is, its body areas, whether it usually affects one leg or both, how it starts, and
what brings it on. No condition is named in this module. The method is explained for
readers of the code in ``docs/symptom-checker.md``.

Safety comes first: a red-flag answer always puts that symptom's urgent or emergency card
at the top, whatever the scoring says, and the overall advice is never less urgent than the
most urgent likely cause.
"""

from dataclasses import dataclass, field

from .inputs import as_slug
from .models import BodyArea, Condition, ConditionSymptom, Severity, Symptom, Trigger

# How much each kind of answer counts towards a condition. Symptoms dominate; where and how
# it started refine the order among conditions that share symptoms.
SYMPTOM_POINTS = {
    ConditionSymptom.Typicality.COMMON: 3.0,
    ConditionSymptom.Typicality.SOMETIMES: 2.0,
    ConditionSymptom.Typicality.RARE: 1.0,
}
AREA_POINTS = 1.0
SIDE_POINTS = 1.0
ONSET_POINTS = 1.0
TRIGGER_POINTS = 1.5
# A condition is shown only if at least one symptom matched and it scored this much.
MIN_SCORE = 2.0
# Causes shown; the overall advice looks at the most likely ones.
MAX_RESULTS = 6
# The overall advice comes from the "likely" causes: the best, and those scoring within
# this share of it (at most three), so a weak, distant match cannot raise the alarm alone
# while a close serious match always does.
LIKELY_SHARE = 0.75
ADVICE_FROM_TOP = 3
# Answers beyond these are ignored (with a note): nobody has more, and it bounds the work.
MAX_VALUES_PER_QUESTION = 40

SIDES = {"one": "one leg", "both": "both legs"}
ONSETS = {"sudden": "started suddenly", "gradual": "came on gradually"}


@dataclass
class Answers:
    """The reader's answers, checked: only known, published choices survive."""

    areas: list = field(default_factory=list)  # BodyArea
    side: str = ""
    symptoms: list = field(default_factory=list)  # Symptom
    onset: str = ""
    triggers: list = field(default_factory=list)  # Trigger
    notes: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.areas or self.side or self.symptoms or self.onset or self.triggers)


def _clean_values(params, name, notes):
    values = [value.strip()[:100] for value in params.getlist(name) if value.strip()]
    if len(values) > MAX_VALUES_PER_QUESTION:
        notes.append(
            "You gave more answers than we can use for one question; "
            f"we used the first {MAX_VALUES_PER_QUESTION}."
        )
        values = values[:MAX_VALUES_PER_QUESTION]
    return list(dict.fromkeys(values))  # repeated answers count once


def _choose(params, name, choices, notes, label):
    values = _clean_values(params, name, notes)
    if not values:
        return ""
    known = [value for value in values if value in choices]
    if len(set(known)) > 1:
        notes.append(f"You chose more than one answer for “{label}”, so we left it out.")
        return ""
    if not known:
        notes.append(f"We did not understand the answer for “{label}”, so we left it out.")
        return ""
    return known[0]


def _objects(queryset, params, name, notes, label):
    slugs = _clean_values(params, name, notes)
    found = {item.slug: item for item in queryset.filter(slug__in=[as_slug(s) for s in slugs])}
    if len(found) < len(slugs):
        notes.append(f"Some answers about {label} were not recognised and were left out.")
    return [found[slug] for slug in slugs if slug in found]


def read_answers(params):
    """Check the submitted answers (a QueryDict); never raises on odd input."""
    notes = []
    answers = Answers(notes=notes)
    answers.areas = _objects(BodyArea.objects.all(), params, "area", notes, "where it is")
    answers.side = _choose(params, "side", SIDES, notes, "one or both legs")
    answers.symptoms = _objects(
        Symptom.objects.published().select_related("red_flag_severity"),
        params, "symptom", notes, "what you feel",
    )  # fmt: skip
    answers.onset = _choose(params, "onset", ONSETS, notes, "how it started")
    answers.triggers = _objects(
        Trigger.objects.all(), params, "trigger", notes, "what brings it on"
    )
    return answers


@dataclass
class PossibleCause:
    condition: Condition
    score: float
    matched: list  # plain words: "burning feet", "both legs", "came on gradually"


@dataclass
class Assessment:
    answers: Answers
    red_flags: list  # red-flag symptoms chosen, most urgent first
    causes: list  # PossibleCause, best first
    advice: Severity | None  # the overall level of care

    @property
    def shows_advice_card(self):
        """The overall card shows unless a warning-sign card already says as much."""
        if not self.advice:
            return False
        return all(flag.red_flag_severity.rank < self.advice.rank for flag in self.red_flags)


def _plain(label):
    """A label inside a sentence: "Calf pain" -> "calf pain" (keeps "I" and acronyms)."""
    return label[:1].lower() + label[1:]


def _score(condition, answers):
    links = {link.symptom_id: link for link in condition.symptom_links.all()}
    score, matched = 0.0, []
    for symptom in answers.symptoms:
        link = links.get(symptom.pk)
        if link:
            score += SYMPTOM_POINTS[link.typicality]
            matched.append(_plain(symptom.name))
    if not matched:
        return 0.0, []
    condition_areas = {area.pk for area in condition.body_areas.all()}
    for area in answers.areas:
        if area.pk in condition_areas:
            score += AREA_POINTS
            matched.append(_plain(area.name))
    if answers.side and condition.sides != Condition.Sides.EITHER:
        if answers.side == condition.sides:
            score += SIDE_POINTS
            matched.append(SIDES[answers.side])
        else:
            score -= SIDE_POINTS
    if answers.onset and condition.onset != Condition.Onset.EITHER:
        if answers.onset == condition.onset:
            score += ONSET_POINTS
            matched.append(ONSETS[answers.onset])
        else:
            score -= ONSET_POINTS
    condition_triggers = {trigger.pk for trigger in condition.triggers.all()}
    for trigger in answers.triggers:
        if trigger.pk in condition_triggers:
            score += TRIGGER_POINTS
            matched.append(_plain(trigger.name))
    return score, matched


def _advised_level(condition, answers):
    """The care a likely cause calls for, given the answers.

    An emergency condition calls for an emergency only with one of its warning signs
    (red-flag symptoms) ticked: the warning-sign questions come first and the reader said
    no to them. Without one it still calls for help the same day, never less.
    """
    severity = condition.severity
    if not severity.is_emergency:
        return severity
    chosen = {symptom.pk for symptom in answers.symptoms}
    warning_signs = {
        link.symptom_id for link in condition.symptom_links.all() if link.symptom.is_red_flag
    }
    if warning_signs & chosen:
        return severity
    return _same_day_level()


def _same_day_level():
    """The most urgent level short of an emergency (editors curate the levels)."""
    return (
        Severity.objects.filter(card_style=Severity.CardStyle.URGENT).order_by("-rank").first()
        or Severity.objects.order_by("-rank").first()
    )


def assess(answers):
    """Rank published conditions against the answers and pick the level of care."""
    red_flags = sorted(
        (s for s in answers.symptoms if s.is_red_flag and s.red_flag_severity),
        key=lambda symptom: (-symptom.red_flag_severity.rank, symptom.name),
    )
    candidates = (
        Condition.objects.published()
        .filter(symptom_links__symptom__in=answers.symptoms)
        .distinct()
        .select_related("severity")
        .prefetch_related("symptom_links__symptom", "body_areas", "triggers")
    )
    causes = []
    for condition in candidates:
        score, matched = _score(condition, answers)
        if score >= MIN_SCORE:
            causes.append(PossibleCause(condition, score, matched))
    # Best fit first; among equals, the more serious first (safer), then by name.
    causes.sort(key=lambda c: (-c.score, -c.condition.severity.rank, c.condition.name))
    causes = causes[:MAX_RESULTS]

    likely = [c for c in causes[:ADVICE_FROM_TOP] if c.score >= LIKELY_SHARE * causes[0].score]
    levels = [_advised_level(cause.condition, answers) for cause in likely]
    levels += [symptom.red_flag_severity for symptom in red_flags]
    advice = max(levels, key=lambda severity: severity.rank, default=None)
    return Assessment(answers=answers, red_flags=red_flags, causes=causes, advice=advice)
