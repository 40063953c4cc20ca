"""Readable history in the admin, on top of django-reversion-compare.

``HistoryAdminMixin`` goes before ``CompareVersionAdmin`` in an admin's bases. It keeps
reversion-compare's views and replaces what they show:

- the History page lists each revision as a sentence ("Published by A. Reviewer.");
- the compare page lists only the fields that changed, by their names: text word by word,
  links as "Added: …" / "Removed: …", a care level as "Self-care → See a doctor"
  (``history.compare_versions``, through reversion-compare's ``compare()`` hook);
- the compare, revision and fallback pages have one breadcrumb trail:
  Home › <app> › <model plural> › <item> › History › Compare;
- the compare page is only for users who may view the item (reversion-compare itself
  does not check).
"""

from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from reversion.models import Version

from .history import describe_revision
from .history_compare import compare_versions


class HistoryAdminMixin:
    object_history_template = "admin/conditions/history/object_history.html"
    compare_template = "admin/conditions/history/compare.html"
    compare_raw_template = "admin/conditions/history/compare_raw.html"
    revision_form_template = "admin/conditions/history/revision_form.html"

    # Field names as editors know them, where the model's differ.
    history_labels = {"severity": "care level", "red_flag_severity": "warning level"}

    def _history_order(self):
        """Field names in the order the change form shows them, then the inlines."""
        fields = flatten_fieldsets(self.fieldsets) if self.fieldsets else list(self.fields or ())
        return [*fields, *self._followed_labels()]

    def _followed_labels(self):
        """Each inline's accessor (``symptom_links``) and the name its rows have on the form."""
        labels = {}
        for inline in self.inlines:
            # Every inline here has a foreign key to the item (Django's check admin.E202;
            # the project has no generic inlines).
            fk = next(
                f
                for f in inline.model._meta.get_fields()
                if getattr(f, "related_model", None) is self.model and f.many_to_one
            )
            plural = inline.verbose_name_plural or inline.model._meta.verbose_name_plural
            labels[fk.remote_field.get_accessor_name()] = plural
        return labels

    # reversion-compare's hook: the list of differences the compare page shows.
    def compare(self, obj, version1, version2):
        differences = compare_versions(
            obj,
            version1,
            version2,
            labels=self.history_labels,
            order=self._history_order(),
            followed_labels=self._followed_labels(),
        )
        # Nothing is "not under reversion control": links are named from the database.
        return differences, False

    def _get_action_list(self, request, object_id, extra_context=None):
        actions = super()._get_action_list(request, object_id, extra_context)
        obj = self.get_object(request, unquote(object_id))
        can_revert = obj is not None and self.has_change_permission(request, obj)
        for action in actions:
            action["sentence"] = describe_revision(action["version"])
            if not can_revert:
                action["url"] = None  # the date links to the revert page
        return actions

    def compare_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such item.")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        context = {
            "title": f"Compare versions of {obj}",
            "can_revert": self.has_change_permission(request, obj),
        }
        context.update(extra_context or {})
        return super().compare_view(request, object_id, context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        version = Version.objects.filter(pk=version_id, object_id=unquote(object_id)).first()
        context = {"history_version": version}
        context.update(extra_context or {})
        return super().revision_view(request, object_id, version_id, context)
