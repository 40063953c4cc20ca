"""Keep the derived warning signs in step with the rules as editors change them."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from ..models import Condition, WarningRule
from . import warning_signs


def _resync(**kwargs):
    if not warning_signs.is_paused() and not kwargs.get("raw"):
        warning_signs.sync()


# A rule's symptoms are set after the rule is saved, so its m2m changes count too; a
# condition's status decides whether its rules are live.
for model in (WarningRule, Condition):
    post_save.connect(_resync, sender=model, dispatch_uid=f"warning-signs-save-{model.__name__}")
    post_delete.connect(_resync, sender=model, dispatch_uid=f"warning-signs-del-{model.__name__}")
for through in (WarningRule.symptoms.through, WarningRule.any_symptoms.through):
    m2m_changed.connect(_resync, sender=through, dispatch_uid=f"warning-signs-{through.__name__}")
