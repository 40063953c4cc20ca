"""The editors' workbench: the Django admin with roles, review workflow, validation and history.

Roles and their rules live in ``workflow.py``; this module wires them into the admin's own
extension points (forms, inlines, actions, list filters, permissions and templates).
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet

from . import workflow
from .admin_base import (
    EDITORIAL_FIELDSET,
    MARKDOWN_HELP,
    EditorialAdmin,
    EditorialForm,
    ReviewDueFilter,
)
from .admin_forms import EditorFormMixin
from .admin_protection import ReaderDataAdmin
from .checker.admin import WarningRuleInline
from .history_admin import HistoryAdminMixin
from .models import (
    BodyArea,
    Condition,
    ConditionSymptom,
    Reference,
    Severity,
    Symptom,
    Synonym,
    TaggedCondition,
    Trigger,
)


class ConditionForm(EditorialForm):
    def clean(self):
        cleaned = super().clean()
        needs_readiness = self.instance.status in workflow.STATUSES_NEEDING_READINESS
        if needs_readiness and not cleaned.get("body_areas"):
            self.add_error(
                "body_areas", "Choose at least one body area before review or publishing."
            )
        return cleaned


class ReadyMinimumFormSet(BaseInlineFormSet):
    """Requires ``minimum`` rows once the condition is submitted or published."""

    minimum = 0
    what = ""

    def clean(self):
        super().clean()
        if self.instance.status not in workflow.STATUSES_NEEDING_READINESS:
            return
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]
        if len(kept) < self.minimum:
            raise ValidationError(
                f"Add at least {self.minimum} {self.what} before review or publishing."
            )


class SymptomLinkFormSet(ReadyMinimumFormSet):
    minimum, what = 3, "symptoms"


class ReferenceFormSet(ReadyMinimumFormSet):
    minimum, what = 2, "references"

    def clean(self):
        super().clean()
        for form in self.forms:
            url = form.cleaned_data.get("url", "") if form.cleaned_data else ""
            if url and not url.startswith(("https://", "http://")):
                form.add_error("url", "Use a web address starting with https:// or http://.")


class ConditionSymptomInline(admin.TabularInline):
    model = ConditionSymptom
    formset = SymptomLinkFormSet
    autocomplete_fields = ["symptom"]
    extra = 1

    def get_extra(self, request, obj=None, **kwargs):
        # As many empty rows as review needs, so nobody has to press "Add another".
        have = obj.symptom_links.count() if obj is not None and obj.pk else 0
        return max(self.extra, self.formset.minimum - have)


class ReferenceInline(admin.TabularInline):
    model = Reference
    formset = ReferenceFormSet
    extra = 1
    # A URL typed without a scheme is taken as https://, the scheme every source uses.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_extra(self, request, obj=None, **kwargs):
        have = obj.references.count() if obj is not None and obj.pk else 0
        return max(self.extra, self.formset.minimum - have)


class TagInline(admin.TabularInline):
    """Tags picked with autocomplete (new tags are added under Taggit → Tags)."""

    model = TaggedCondition
    autocomplete_fields = ["tag"]
    extra = 1
    verbose_name = "tag"
    verbose_name_plural = "tags"


@admin.register(Condition)
class ConditionAdmin(EditorFormMixin, EditorialAdmin):
    form = ConditionForm
    list_display = ["name", "workflow_state", "severity", "last_reviewed", "review_due"]
    list_filter = ["status", "severity", ReviewDueFilter, "body_areas", "tags"]
    list_select_related = ["severity"]
    search_fields = ["name", "aliases"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["related"]
    # Body areas, who it affects and triggers are checkboxes (admin_forms.CHECKBOX_FIELDS).
    inlines = [WarningRuleInline, ConditionSymptomInline, ReferenceInline, TagInline]
    # In the order readers meet them on the page; review and publishing last.
    fieldsets = [
        (None, {"fields": ("name", "slug", "aliases", "summary", "severity")}),
        (
            "Page sections",
            {
                "description": MARKDOWN_HELP,
                "fields": ("overview", "symptoms_text", "causes", "self_care", "treatment"),
            },
        ),
        (
            "When to see a doctor (bullet list)",
            {
                "description": MARKDOWN_HELP + " Same-day and emergency signs are the rules "
                "below, so the page and the symptom checker always agree.",
                "fields": ("get_help_doctor",),
            },
        ),
        (
            "More about it (also used by the symptom checker)",
            {
                "fields": (
                    "body_areas",
                    "audiences",
                    ("sides", "onset"),
                    "triggers",
                    "prevalence",
                    "related",
                )
            },
        ),
        EDITORIAL_FIELDSET,
    ]


@admin.register(Symptom)
class SymptomAdmin(EditorFormMixin, EditorialAdmin):
    form = EditorialForm
    readonly_fields = ["is_red_flag", "red_flag_severity"]
    list_display = ["name", "workflow_state", "is_red_flag", "red_flag_severity", "review_due"]
    list_filter = ["status", "is_red_flag", "red_flag_severity", ReviewDueFilter, "body_areas"]
    list_select_related = ["red_flag_severity"]
    search_fields = ["name", "aliases"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    # Body areas are checkboxes (admin_forms.CHECKBOX_FIELDS).
    fieldsets = [
        (
            None,
            {"fields": ("name", "slug", "aliases", "description", "body_areas", "checker_group")},
        ),
        (
            "Warning sign",
            {
                "description": "Set by the conditions' 'when to get help' rules: a symptom "
                "is a warning sign when a published condition has a rule naming it alone.",
                "fields": ("is_red_flag", "red_flag_severity"),
            },
        ),
        EDITORIAL_FIELDSET,
    ]


@admin.register(Severity)
class SeverityAdmin(HistoryAdminMixin, ReaderDataAdmin):
    list_display = ["name", "rank", "card_style", "colour"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(BodyArea)
class BodyAreaAdmin(ReaderDataAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Trigger)
class TriggerAdmin(ReaderDataAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Synonym)
class SynonymAdmin(HistoryAdminMixin, ReaderDataAdmin):
    list_display = ["__str__", "note", "updated_at"]
    search_fields = ["phrases", "note"]


from . import guide_admin, tag_admin  # noqa: E402, F401  (guides, audiences; tags with history)
