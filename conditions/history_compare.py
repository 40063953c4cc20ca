"""What changed between two versions of an item, for reviewers (``history.py``: sentences).

``compare_versions`` lists the fields that differ: text word by word
(``diffs.phrase_diff_html``), links to other items as "Added:" / "Removed:" lists, a care
level as "Self-care → See a doctor". Followed objects (symptom links, references,
when-to-get-help rules, tags) are compared as they were stored in each revision.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from reversion.errors import RevertError
from reversion.models import Version
from reversion.revisions import _get_options

from .diffs import phrase_diff_html

# Comparing two versions


@dataclass
class Difference:
    """One changed field or list of followed items, ready to show."""

    label: str
    html: str
    name: str = ""
    details: list = field(default_factory=list)


# How a followed item is named in a list: its symptom, its tag, else its own text.
ITEM_NAMES = {
    "conditions.conditionsymptom": lambda item: str(item.symptom),
    "conditions.taggedcondition": lambda item: str(item.tag),
}
# Fields never shown: they change on every save or only tie a row to its item.
HIDDEN_FIELDS = {"created_at", "updated_at"}


def _empty(value):
    return value is None or value == "" or value == []


def _plain(value, model_field):
    """A stored value as a person reads it."""
    if _empty(value):
        return "(empty)"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(model_field, models.DateTimeField):
        return date_format(value, "DATETIME_FORMAT")
    if isinstance(model_field, models.DateField):
        return date_format(value, "j F Y")
    return str(value)


def _names(model, pks, revisions=()):
    """Names of items of ``model`` by primary key: as stored in the revisions, else as now,
    else as last recorded before deletion."""
    pks = list(pks)
    found = {}
    content_type = ContentType.objects.get_for_model(model)
    wanted = {str(pk): pk for pk in pks}
    for revision in revisions:
        for version in revision.version_set.filter(
            content_type=content_type, object_id__in=list(wanted)
        ):
            found.setdefault(wanted[version.object_id], version.object_repr)
    missing = [pk for pk in pks if pk not in found]
    for pk, obj in model._default_manager.in_bulk(missing).items():
        found[pk] = str(obj)
    for pk in pks:
        if pk not in found:
            last = Version.objects.get_for_object_reference(model, pk).first()
            found[pk] = last.object_repr if last else f"deleted item {pk}"
    return found


def _arrow(old, new):
    return format_html('<span class="history-was">{}</span> → {}', old, new)


def _list_html(added, removed, changed=()):
    rows = []
    if added:
        rows.append(("history-added", "Added:", ", ".join(added)))
    if removed:
        rows.append(("history-removed", "Removed:", ", ".join(removed)))
    html = format_html_join("", '<li class="{}"><strong>{}</strong> {}</li>', rows)
    for name, details in changed:
        html += format_html(
            '<li class="history-changed"><strong>Changed:</strong> {}<ul>{}</ul></li>',
            name,
            format_html_join("", "<li>{}: {}</li>", ((d.label, d.html) for d in details)),
        )
    return format_html('<ul class="history-links">{}</ul>', html)


def _field_difference(model_field, old, new, revisions, label=None):
    """A ``Difference`` for one field of two stored rows, or None if it is the same."""
    label = capfirst(label or model_field.verbose_name)
    if isinstance(model_field, models.ManyToManyField):
        old_set, new_set = set(old or ()), set(new or ())
        if old_set == new_set:
            return None
        names = _names(model_field.related_model, old_set | new_set, revisions)
        added = sorted(names[pk] for pk in new_set - old_set)
        removed = sorted(names[pk] for pk in old_set - new_set)
        return Difference(label, _list_html(added, removed), model_field.name)
    if old == new or (_empty(old) and _empty(new)):
        return None
    if isinstance(model_field, models.ForeignKey):
        names = _names(
            model_field.related_model, [pk for pk in (old, new) if pk is not None], revisions
        )
        old_name = names.get(old, "(none)") if old is not None else "(none)"
        new_name = names.get(new, "(none)") if new is not None else "(none)"
        return Difference(label, _arrow(old_name, new_name), model_field.name)
    text_like = isinstance(model_field, models.CharField | models.TextField)
    if text_like and not model_field.choices:
        html = format_html('<div class="history-text">{}</div>', phrase_diff_html(old, new))
        return Difference(label, html, model_field.name)
    return Difference(label, _arrow(_plain(old, model_field), _plain(new, model_field)),
                      model_field.name)  # fmt: skip


def _own_fields(model, field_dicts, skip=()):
    """The fields of ``model`` history compares, in model order: stored ones only."""
    many_to_many = [f for f in model._meta.many_to_many if isinstance(f, models.ManyToManyField)]
    for model_field in [*model._meta.concrete_fields, *many_to_many]:
        if model_field.primary_key or model_field.name in HIDDEN_FIELDS:
            continue
        if model_field.name in skip:
            continue
        if not any(model_field.attname in data for data in field_dicts):
            continue  # not stored, e.g. a many-to-many through a model of its own
        # (tags are compared as the followed rows that hold them)
        yield model_field


def _item_name(version):
    """How a followed item is named in a list, as it was in that version."""
    try:
        obj = version._object_version.object
        namer = ITEM_NAMES.get(obj._meta.label_lower, str)
        return namer(obj)
    except (ObjectDoesNotExist, RevertError, ValueError, LookupError):
        return version.object_repr


def _followed_versions(revision, relation, parent_pk):
    """The versions in ``revision`` of the items ``relation`` links to the parent."""
    model = relation.related_model
    key = relation.field.attname
    content_type = ContentType.objects.get_for_model(model)
    found = {}
    for version in revision.version_set.filter(content_type=content_type):
        try:
            data = version.field_dict
        except (RevertError, ValueError, LookupError):
            continue
        if str(data.get(key)) == str(parent_pk):
            found[version.object_id] = version
    return found


def _followed_difference(relation, label, parent_pk, version1, version2):
    """Added, removed and changed items of one followed relation (symptom links ...)."""
    old = _followed_versions(version1.revision, relation, parent_pk)
    new = _followed_versions(version2.revision, relation, parent_pk)
    # Items deleted and added again (a revert, a re-added row) are matched by name.
    old_by_name = {_item_name(v): v for v in old.values()}
    new_by_name = {_item_name(v): v for v in new.values()}
    added = sorted(set(new_by_name) - set(old_by_name))
    removed = sorted(set(old_by_name) - set(new_by_name))
    changed = []
    revisions = (version2.revision, version1.revision)
    skip = {relation.field.name}
    for name in sorted(set(old_by_name) & set(new_by_name)):
        before, after = old_by_name[name], new_by_name[name]
        if before.serialized_data == after.serialized_data:
            continue
        old_data, new_data = before.field_dict, after.field_dict
        details = [
            difference
            for model_field in _own_fields(relation.related_model, (old_data, new_data), skip)
            if (
                difference := _field_difference(
                    model_field,
                    old_data.get(model_field.attname),
                    new_data.get(model_field.attname),
                    revisions,
                )
            )
        ]
        if details:
            changed.append((name, details))
    if not (added or removed or changed):
        return None
    return Difference(capfirst(label), _list_html(added, removed, changed), relation.name)


def compare_versions(obj, version1, version2, labels=None, order=(), followed_labels=None):
    """The differences between two versions of ``obj``, older first, as ``Difference`` items.

    ``labels`` renames fields ({"severity": "care level"}); ``order`` lists field names in
    the order the form shows them (others follow in model order); ``followed_labels`` names
    the followed relations by accessor ({"tagged_items": "tags"}).
    """
    labels = labels or {}
    followed_labels = followed_labels or {}
    model = type(obj)
    old_data, new_data = version1.field_dict, version2.field_dict
    revisions = (version2.revision, version1.revision)
    differences = []
    for model_field in _own_fields(model, (old_data, new_data)):
        difference = _field_difference(
            model_field,
            old_data.get(model_field.attname),
            new_data.get(model_field.attname),
            revisions,
            labels.get(model_field.name),
        )
        if difference:
            differences.append(difference)
    follow = set(_get_options(model).follow)
    for relation in model._meta.related_objects:
        accessor = relation.get_accessor_name()
        if accessor not in follow or relation.many_to_many:
            continue
        label = followed_labels.get(accessor) or relation.related_model._meta.verbose_name_plural
        difference = _followed_difference(relation, label, obj.pk, version1, version2)
        if difference:
            difference.name = accessor
            differences.append(difference)
    position = {name: index for index, name in enumerate(order)}
    differences.sort(key=lambda d: position.get(d.name, len(position)))
    return differences
