"""Which symptoms are warning signs, derived from the curated rules, and the checks that
keep the rules sound.

A symptom is a warning sign when a published condition has a rule naming that symptom
alone (a "single-sign" rule); its level is that rule's. The symptom's ``is_red_flag`` and
``red_flag_severity`` are kept in step with the rules here, never edited by hand, so the
home page, symptom pages, search and the checker's first question all read one source.
"""

import contextlib
import threading

from django.db.models import Q

from ..models import Condition, Severity, Status, Symptom, WarningRule

_state = threading.local()


@contextlib.contextmanager
def paused():
    """Skip syncing while many rules are written (loading, import); sync once after."""
    _state.paused = getattr(_state, "paused", 0) + 1
    try:
        yield
    finally:
        _state.paused -= 1


def is_paused():
    return getattr(_state, "paused", 0) > 0


def single_sign_levels(rules=None):
    """{symptom id: the most urgent level a published single-sign rule gives it}.

    ``rules`` are the published rules when the caller has them loaded already.
    """
    levels = {}
    for rule in WarningRule.objects.for_checking() if rules is None else rules:
        if rule.is_single_sign:
            symptom = rule.symptoms.all()[0]
            current = levels.get(symptom.pk)
            if current is None or rule.severity.rank > current.rank:
                levels[symptom.pk] = rule.severity
    return levels


def sync():
    """Bring every symptom's warning-sign fields in line with the published rules."""
    levels = single_sign_levels()
    Symptom.objects.filter(Q(is_red_flag=True) | Q(red_flag_severity__isnull=False)).exclude(
        pk__in=levels
    ).update(is_red_flag=False, red_flag_severity=None)
    for severity in {level.pk: level for level in levels.values()}.values():
        ids = [pk for pk, level in levels.items() if level.pk == severity.pk]
        Symptom.objects.filter(pk__in=ids).exclude(
            is_red_flag=True, red_flag_severity=severity
        ).update(is_red_flag=True, red_flag_severity=severity)


def rule_problems():
    """What makes the published rules unsafe or inconsistent (empty: all is well).

    - a published urgent or emergency condition with no rule (the checker could never
      reach its level, and its page would list no warning signs);
    - a rule naming a symptom readers cannot choose (unpublished): the rule could never
      fire;
    - a rule with no symptom, or at a level that is not urgent or emergency;
    - one symptom that is a warning sign at two different levels;
    - a rule that names a warning sign but asks for less care than the sign alone (a page
      would say "get help today" for a sign another page calls an emergency).
    """
    problems = []
    urgent = Q(severity__card_style__in=[Severity.CardStyle.URGENT, Severity.CardStyle.EMERGENCY])
    for condition in Condition.objects.published().filter(urgent, warning_rules__isnull=True):
        problems.append(
            f"{condition}: {condition.severity} condition with no 'when to get help' rule"
        )
    rules = list(WarningRule.objects.for_checking())
    # Not mutated: without the rules it fetches the same ones again (equivalent).
    own_levels = single_sign_levels(rules)  # pragma: no mutate
    sign_levels = {}
    for rule in rules:
        where = f"{rule.condition}: rule “{rule.text}”"
        named = [*rule.symptoms.all(), *rule.any_symptoms.all()]
        if not named:
            problems.append(f"{where} names no symptom")
        problems.extend(
            f"{where} names the unpublished symptom “{symptom}”"
            for symptom in named
            if symptom.status != Status.PUBLISHED
        )
        if not rule.severity.is_urgent:
            problems.append(f"{where} is not urgent or emergency")
        if rule.is_single_sign:
            sign_levels.setdefault(rule.symptoms.all()[0], set()).add(rule.severity.name)
        for symptom in named:
            level = own_levels.get(symptom.pk)
            if level and level.rank > rule.severity.rank:
                problems.append(
                    f"{rule.condition}: rule “{rule.text}” asks for “{rule.severity}” but "
                    f"names “{symptom}”, a warning sign at “{level}”"
                )
    problems.extend(
        f"“{symptom}” is a warning sign at more than one level: {', '.join(sorted(levels))}"
        for symptom, levels in sign_levels.items()
        if len(levels) > 1
    )
    return problems
