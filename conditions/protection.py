"""What published content uses, so that nothing readers see disappears without review.

``published_uses(item)`` names the published pages and rules that use an item (a body area,
trigger, care level, audience, tag, symptom or condition) as readable lines such as
"Sciatica (published condition)". The admin refuses to delete an item while this list is
not empty (``admin_protection.py``): the pages would lose part of what they say, or could no
longer be saved.
"""

from django.db.models import Q
from taggit.models import Tag

from .models import (
    Audience,
    BodyArea,
    Condition,
    Guide,
    Severity,
    Symptom,
    Trigger,
    WarningRule,
)


def _names(queryset, field, what):
    return [f"{name} ({what})" for name in queryset.order_by(field).values_list(field, flat=True)]


def _conditions(**lookup):
    return _names(
        Condition.objects.published().filter(**lookup).distinct(), "name", "published condition"
    )


def _symptoms(**lookup):
    return _names(
        Symptom.objects.published().filter(**lookup).distinct(), "name", "published symptom"
    )


def _guides(**lookup):
    return _names(Guide.objects.published().filter(**lookup).distinct(), "title", "published guide")


def _rules(query):
    rules = (
        WarningRule.objects.published()
        .filter(query)
        .distinct()
        .order_by("condition__name", "order", "pk")
        .values_list("text", "condition__name")
    )
    return [
        f"When-to-get-help rule “{text}” on {condition} (published condition)"
        for text, condition in rules
    ]


def _body_area(area):
    return _conditions(body_areas=area) + _symptoms(body_areas=area)


def _trigger(trigger):
    return _conditions(triggers=trigger) + _rules(Q(trigger=trigger) | Q(unless_trigger=trigger))


def _severity(level):
    warning_signs = _names(
        Symptom.objects.published().filter(is_red_flag=True, red_flag_severity=level),
        "name",
        "warning sign at this level",
    )
    return _conditions(severity=level) + _rules(Q(severity=level)) + warning_signs


def _audience(audience):
    return (
        _conditions(audiences=audience)
        + _rules(Q(audiences=audience))
        + _guides(audiences=audience)
    )


def _tag(tag):
    return _conditions(tagged_items__tag=tag)


def _symptom(symptom):
    return _conditions(symptom_links__symptom=symptom) + _rules(
        Q(symptoms=symptom) | Q(any_symptoms=symptom)
    )


def _condition(condition):
    related = Condition.objects.published().filter(related=condition).exclude(pk=condition.pk)
    return _guides(conditions=condition) + _names(
        related.distinct(), "name", "published condition listing it as related"
    )


USES = {
    BodyArea: _body_area,
    Trigger: _trigger,
    Severity: _severity,
    Audience: _audience,
    Tag: _tag,
    Symptom: _symptom,
    Condition: _condition,
}


def published_uses(item):
    """Readable lines naming the published items that use ``item`` (empty: none do)."""
    find = USES.get(type(item))
    if find is None or item.pk is None:
        return []
    return find(item)


def in_use(items):
    """``(item, lines)`` for each of ``items`` that published content uses."""
    found = []
    for item in items:
        if lines := published_uses(item):
            found.append((item, lines))
    return found
