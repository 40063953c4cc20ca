"""Re-index whatever a change touches, as soon as it is saved.

The admin saves a condition first and its inlines and tags after; each of those saves
re-indexes the condition, so the document is right once the last one is written.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from taggit.models import Tag

from ..models import BodyArea, Condition, ConditionSymptom, Severity, Symptom, TaggedCondition
from . import indexing

LINK_ACTIONS = {"post_add", "post_remove", "post_clear"}


def _active():
    return not indexing.is_paused()


@receiver(post_save, sender=Condition)
def condition_saved(sender, instance, raw=False, **kwargs):
    if _active() and not raw:
        indexing.index_condition(instance)


def _deleting_a_condition(origin):
    """Whether a deletion started from a condition (its links go with it, and so does its
    document: re-indexing it half-way would write a document for a condition being deleted)."""
    return isinstance(origin, Condition) or getattr(origin, "model", None) is Condition


@receiver(post_save, sender=ConditionSymptom)
@receiver(post_delete, sender=ConditionSymptom)
def symptom_link_changed(sender, instance, raw=False, origin=None, **kwargs):
    if _active() and not raw and not _deleting_a_condition(origin):
        indexing.index_condition(instance.condition_id)


@receiver(m2m_changed, sender=Condition.body_areas.through)
@receiver(m2m_changed, sender=TaggedCondition)
def condition_links_changed(sender, instance, action, **kwargs):
    if _active() and action in LINK_ACTIONS and isinstance(instance, Condition):
        indexing.index_condition(instance)


@receiver(post_save, sender=TaggedCondition)
@receiver(post_delete, sender=TaggedCondition)
def tag_row_changed(sender, instance, raw=False, origin=None, **kwargs):
    # The admin's tag rows are saved one by one, which sends no m2m_changed.
    if _active() and not raw and not _deleting_a_condition(origin):
        indexing.index_condition(instance.content_object_id)


@receiver(pre_delete, sender=BodyArea)
def body_area_deleted(sender, instance, **kwargs):
    # Unlink first, then re-index, so no document keeps the deleted area.
    conditions = list(instance.conditions.values_list("pk", flat=True))
    symptoms = list(instance.symptoms.values_list("pk", flat=True))
    instance.conditions.clear()
    instance.symptoms.clear()
    if _active():
        _reindex_conditions(conditions)
        for pk in symptoms:
            indexing.index_symptom(pk)


@receiver(post_save, sender=Symptom)
def symptom_saved(sender, instance, raw=False, **kwargs):
    if _active() and not raw:
        indexing.index_symptom(instance)


@receiver(m2m_changed, sender=Symptom.body_areas.through)
def symptom_areas_changed(sender, instance, action, **kwargs):
    if _active() and action in LINK_ACTIONS and isinstance(instance, Symptom):
        indexing.index_symptom(instance)


def _renamed(created, raw):
    """A saved label (tag, body area, care level) that documents already carry."""
    return _active() and not raw and not created


def _reindex_conditions(condition_pks):
    for pk in condition_pks:
        indexing.index_condition(pk)


@receiver(post_save, sender=Tag)
def tag_renamed(sender, instance, created=False, raw=False, **kwargs):
    if _renamed(created, raw):
        tagged = TaggedCondition.objects.filter(tag=instance)
        _reindex_conditions(tagged.values_list("content_object_id", flat=True))


@receiver(post_save, sender=BodyArea)
def body_area_renamed(sender, instance, created=False, raw=False, **kwargs):
    if _renamed(created, raw):
        _reindex_conditions(instance.conditions.values_list("pk", flat=True))
        for pk in instance.symptoms.values_list("pk", flat=True):
            indexing.index_symptom(pk)


@receiver(post_save, sender=Severity)
def severity_renamed(sender, instance, created=False, raw=False, **kwargs):
    if _renamed(created, raw):
        _reindex_conditions(instance.conditions.values_list("pk", flat=True))
