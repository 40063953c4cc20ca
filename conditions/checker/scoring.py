"""Possible causes, best fit first: additive scores from what editors curate.

Scores rank; they never decide the level of care (the rules in ``outcome`` do).
"""

from dataclasses import dataclass

from ..models import Condition, ConditionSymptom
from .answers import NOT_SURE, ONSETS, SIDES

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
# The reader named what brings it on, and none of the condition's own triggers was it.
TRIGGER_MISMATCH_POINTS = -1.0
# Each of the condition's own warning rules the answers meet: the pattern fits it closely.
# Half as much for a rule more urgent than the condition itself (see outcome.assess).
RULE_POINTS = 3.0
# How common a condition is: enough to put a common cause above a rare one that fits the
# answers as well, never enough to outweigh a symptom that fits better.
PREVALENCE_POINTS = {
    Condition.Prevalence.COMMON: 1.0,
    Condition.Prevalence.UNCOMMON: 0.0,
    Condition.Prevalence.RARE: -1.0,
}
# Who it is about. A condition curated only for other groups is not listed (growing pains
# never for an adult). One curated for the reader's own group, such as pelvic girdle pain in
# pregnancy, gains a little; when the reader did not say who, one only for children or
# pregnancy loses more, since most readers are adults asking about themselves.
OWN_GROUP_POINTS = 1.0
GROUP_NOT_SAID_POINTS = -2.0
ADULT = "adult"
# A condition is shown only if at least one symptom matched and it scored this much, or
# the answers met one of its warning rules.
MIN_SCORE = 2.0
MAX_RESULTS = 6


@dataclass
class PossibleCause:
    condition: Condition
    score: float
    matched: list  # plain words: "burning feet", "both legs", "came on gradually"


def _plain(label):
    """A label inside a sentence: "Calf pain" -> "calf pain" (keeps "I" and acronyms)."""
    return label[:1].lower() + label[1:]


def score(condition, answers, rules_met):
    """(points, matched answers in plain words) for one condition.

    ``rank`` scores only conditions that share at least one symptom with the answers, so
    ``matched`` always starts with a symptom.
    """
    links = {link.symptom_id: link for link in condition.symptom_links.all()}
    points, matched = 0.0, []
    for symptom in answers.symptoms:
        link = links.get(symptom.pk)
        if link:
            points += SYMPTOM_POINTS[link.typicality]
            matched.append(_plain(symptom.name))
    points += PREVALENCE_POINTS[condition.prevalence] + RULE_POINTS * rules_met
    points += _audience_points(condition, answers)
    condition_areas = {area.pk for area in condition.body_areas.all()}
    for area in answers.areas:
        if area.pk in condition_areas:
            points += AREA_POINTS
            matched.append(_plain(area.name))
    for answer, curated, either, labels, weight in (
        (answers.side, condition.sides, Condition.Sides.EITHER, SIDES, SIDE_POINTS),
        (answers.onset, condition.onset, Condition.Onset.EITHER, ONSETS, ONSET_POINTS),
    ):
        # "Either" on the condition and "not sure" from the reader count for nothing.
        if answer in ("", NOT_SURE) or curated == either:
            continue
        if answer == curated:
            points += weight
            matched.append(labels[answer])
        else:
            points -= weight
    condition_triggers = {trigger.pk for trigger in condition.triggers.all()}
    for trigger in answers.triggers:
        if trigger.pk in condition_triggers:
            points += TRIGGER_POINTS
            matched.append(_plain(trigger.name))
    if answers.triggers and condition_triggers and not answers.trigger_ids & condition_triggers:
        points += TRIGGER_MISMATCH_POINTS
    return points, matched


def is_for(condition, audience):
    """Whether a condition applies to ``audience`` (an ``Audience``, or None: not said)."""
    groups = {group.slug for group in condition.audiences.all()}
    return not groups or audience is None or audience.slug in groups


def _audience_points(condition, answers):
    groups = {group.slug for group in condition.audiences.all()}
    if not groups or ADULT in groups:
        return 0.0
    if answers.audience is None:
        return GROUP_NOT_SAID_POINTS
    return OWN_GROUP_POINTS if answers.audience.slug in groups else 0.0


def rank(answers, rules_met_by_condition):
    """Published conditions that share a symptom with the answers, best fit first.

    ``rules_met_by_condition`` maps a condition's id to how many of its own rules the
    answers met (counted towards its score; a condition in it is listed whatever it scored,
    and whoever it is curated for). Conditions curated for other groups than the reader's
    are left out.

    Among equal scores the more common comes first, then the more serious (the safer
    reading of a tie), then by name, so the order never depends on the database.
    """
    candidates = (
        Condition.objects.published()
        .filter(symptom_links__symptom__in=answers.symptoms)
        .distinct()
        .select_related("severity")
        .prefetch_related("symptom_links", "body_areas", "triggers", "audiences")
    )
    causes = []
    for condition in candidates:
        if not is_for(condition, answers.audience) and condition.pk not in rules_met_by_condition:
            continue
        points, matched = score(condition, answers, rules_met_by_condition.get(condition.pk, 0))
        if points >= MIN_SCORE or condition.pk in rules_met_by_condition:
            causes.append(PossibleCause(condition, points, matched))
    causes.sort(
        key=lambda c: (
            -c.score,
            -c.condition.prevalence,
            -c.condition.severity.rank,
            c.condition.name,
        )
    )
    return causes[:MAX_RESULTS]
