"""One outcome for the reader's answers: the level of care, why, and possible causes.

The level comes from the curated "when to get help" rules alone: the most urgent rule the
answers meet, across every published condition. Without one, the advice is the usual care
of the likely causes, never above "see a doctor": an urgent or emergency condition calls
for urgent help only through its rules, which is what its page says too.
"""

from collections import Counter
from dataclasses import dataclass, field
from itertools import takewhile

from ..content_version import content_version
from ..models import Severity, WarningRule
from . import scoring

# The likely causes: the best, and those scoring within this share of it (at most three).
LIKELY_SHARE = 0.8
LIKELY_FROM_TOP = 3
# The rules most urgent first, so the first met gives the level. "pk" only orders two
# reasons of one level and one order number.
RULE_ORDER = ("-severity__rank", "order", "pk")


@dataclass
class Reason:
    """A rule the answers met, in the reader's words, with the pages that say so."""

    text: str
    conditions: list = field(default_factory=list)


@dataclass
class Outcome:
    level: Severity
    reasons: list  # Reason, for the rules at ``level``; empty when no rule was met
    causes: list  # scoring.PossibleCause, best fit first


# (content version token, the published rules at that version): see published_rules.
_rules_memo = (None, ())


def published_rules():
    """The published rules, most urgent first, read once per content version.

    Every answer is checked against every rule, and fetching them with their symptoms and
    audiences took ~145 ms with 171 rules, most of an answer's time. Any save of content
    (a rule, its symptoms, its condition's status) bumps the version, so the next answer
    reads the rules afresh; an editor's own request sees its uncommitted version.
    """
    global _rules_memo
    token = content_version().token
    memo_token, rules = _rules_memo
    if memo_token != token:
        rules = tuple(WarningRule.objects.for_checking().order_by(*RULE_ORDER))
        _rules_memo = (token, rules)
    return rules


def forget_published_rules():
    """Empty the memo (tests, and each mutant's process under ``make mutate``)."""
    global _rules_memo
    _rules_memo = (None, ())


def met_rules(answers):
    """Published rules the answers meet, most urgent first."""
    return [
        rule
        for rule in published_rules()
        if rule.matches(
            answers.symptom_ids,
            onset=answers.onset,
            side=answers.side,
            trigger_ids=answers.trigger_ids,
            audience=answers.audience_slug,
        )
    ]


def settled_by_signs(answers):
    """Whether the warning signs ticked on the first step settle the level of care.

    Usually they do, and the reader goes straight to the outcome. They do not when a rule
    more urgent than the signs names one of them alongside answers the later steps still
    ask for (a pop or snap with a leg you cannot stand on is an emergency, the leg alone is
    same-day help): then the questions go on, so that emergency can still be found.
    """
    signs = answers.warning_signs
    if not signs:
        return False
    level = signs[0].red_flag_severity
    ticked = answers.symptom_ids
    named = {sign.pk for sign in signs}
    more_urgent = takewhile(lambda rule: rule.severity.rank > level.rank, published_rules())
    for rule in more_urgent:
        required = list(rule.symptoms.all())
        either = list(rule.any_symptoms.all())
        if not named & {s.pk for s in required + either}:
            continue
        # Still possible: what is missing can be answered on a later step (not a sign).
        missing_required = [s for s in required if s.pk not in ticked]
        either_open = not either or any(s.pk in ticked or not s.is_red_flag for s in either)
        if all(not s.is_red_flag for s in missing_required) and either_open:
            return False
    return True


def _reasons(rules):
    """One line per distinct wording, naming every condition whose rule says it."""
    reasons = {}
    for rule in rules:
        reason = reasons.setdefault(rule.text.casefold(), Reason(rule.text))
        if rule.condition not in reason.conditions:
            reason.conditions.append(rule.condition)
    return list(reasons.values())


def _usual_care(causes, levels):
    """The most cautious usual care of the likely causes, capped below same-day help: only
    a rule can ask for more."""
    routine = [level for level in levels if not level.is_urgent]
    ceiling = routine[-1]
    if not causes:
        return ceiling
    best = causes[0].score
    likely = [c for c in causes[:LIKELY_FROM_TOP] if c.score >= LIKELY_SHARE * best]
    usual = max((c.condition.severity for c in likely), key=lambda level: level.rank)
    # Not mutated: ranks are unique, so `<` instead of `<=` returns the same level.
    return usual if usual.rank <= ceiling.rank else ceiling  # pragma: no mutate


def assess(answers):
    """The outcome for checked answers (see the module docstring)."""
    rules = met_rules(answers)
    # A rule points to its condition when the condition is itself that urgent, or when the
    # rule needs what brought it on (a pattern of that condition): the cauda equina signs
    # on the sciatica page warn of cauda equina, not of sciatica. Every condition whose
    # rules were met is still listed.
    pointing = Counter()
    for rule in rules:
        own = rule.severity.rank <= rule.condition.severity.rank or rule.trigger_id is not None
        pointing[rule.condition_id] += int(own)
    causes = scoring.rank(answers, pointing)
    if rules:
        level = rules[0].severity
        reasons = _reasons(rule for rule in rules if rule.severity_id == level.pk)
    else:
        level = _usual_care(causes, list(Severity.objects.order_by("rank")))
        reasons = []
    return Outcome(level=level, reasons=reasons, causes=causes)
