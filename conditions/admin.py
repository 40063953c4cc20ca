"""The editors' workbench: the Django admin with roles, review workflow, validation and history.

Roles and their rules live in ``workflow.py``; this module wires them into the admin's own
extension points (forms, inlines, actions, list filters, permissions and templates).
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from reversion_compare.admin import CompareVersionAdmin

from . import workflow
from .checker.admin import WarningRuleInline
from .models import (
    BodyArea,
    Condition,
    ConditionSymptom,
    Reference,
    Severity,
    Status,
    Symptom,
    Synonym,
    TaggedCondition,
    Trigger,
)

MARKDOWN_HELP = (
    "Write in Markdown: a blank line starts a new paragraph, “- ” starts a bullet, "
    "**double stars** make bold, [words](https://address) makes a link. The page adds "
    "the headings. Use “Preview” to see the result before saving."
)

REVIEW_FIELDS = ("last_reviewed", "next_review_due", "reviewer_name", "reviewer_role")

EDITORIAL_FIELDSET = (
    "Review and publishing",
    {
        "fields": (
            "status",
            "review_comment",
            "last_reviewed",
            "next_review_due",
            "reviewer_name",
            "reviewer_role",
        )
    },
)


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Review overdue"),
            ("soon", f"Due within {workflow.REVIEW_DUE_SOON_DAYS} days"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(next_review_due__lt=today)
        if self.value() == "soon":
            soon = today + datetime.timedelta(days=workflow.REVIEW_DUE_SOON_DAYS)
            return queryset.filter(next_review_due__gte=today, next_review_due__lte=soon)
        return queryset


class EditorialForm(forms.ModelForm):
    """Limits the status to what the user's role allows; the admin sets ``editor``."""

    editor = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.fields and self.editor is not None:
            allowed = workflow.allowed_statuses(self.editor, self._meta.model)
            self.fields["status"].choices = [(s.value, s.label) for s in allowed]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Status.PUBLISHED:
            # Fields on the form count as posted; read-only ones as stored.
            review = self._meta.model(
                **{
                    name: cleaned.get(name) if name in self.fields else getattr(self.instance, name)
                    for name in REVIEW_FIELDS
                }
            )
            for problem in review.review_problems():
                self.add_error(None, f"Before publishing: {problem}")
        return cleaned

    def clean_status(self):
        status = self.cleaned_data["status"]
        allowed = self.editor is None or status in workflow.allowed_statuses(
            self.editor, self._meta.model
        )
        if not allowed:
            raise ValidationError("Only medical reviewers can publish or archive.")
        return status


class ConditionForm(EditorialForm):
    def clean(self):
        cleaned = super().clean()
        needs_readiness = cleaned.get("status") in workflow.STATUSES_NEEDING_READINESS
        if needs_readiness and not cleaned.get("body_areas"):
            self.add_error(
                "body_areas", "Choose at least one body area before review or publishing."
            )
        return cleaned


class SymptomForm(EditorialForm):
    def clean_status(self):
        status = super().clean_status()
        leaving = status != Status.PUBLISHED and self.instance.status == Status.PUBLISHED
        if leaving and (reason := workflow.needed_by_rules(self.instance)):
            raise ValidationError(f"This symptom must stay published: {reason}")
        return status


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


class ReferenceInline(admin.TabularInline):
    model = Reference
    formset = ReferenceFormSet
    extra = 1
    # A URL typed without a scheme is taken as https://, the scheme every source uses.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class TagInline(admin.TabularInline):
    """Tags picked with autocomplete (new tags are added under Taggit → Tags)."""

    model = TaggedCondition
    autocomplete_fields = ["tag"]
    extra = 1
    verbose_name = "tag"
    verbose_name_plural = "tags"


class EditorialAdmin(CompareVersionAdmin):
    """What condition and symptom admins share: roles, actions, history and safety."""

    actions = ["submit_for_review", "publish", "return_to_draft", "archive", "mark_reviewed"]
    change_form_template = "admin/conditions/editorial_change_form.html"
    list_per_page = 50
    history_latest_first = True

    @admin.display(description="Next review due", ordering="next_review_due")
    def review_due(self, obj):
        if obj.next_review_due and obj.next_review_due < timezone.localdate():
            return format_html(
                '<strong class="review-overdue">{} (overdue)</strong>', obj.next_review_due
            )
        return obj.next_review_due or "—"

    # Roles

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user, self.model)

    def has_change_permission(self, request, obj=None):
        # Editors cannot change what readers see: a reviewer sends it back to draft first.
        live = obj is not None and obj.status in {Status.PUBLISHED, Status.ARCHIVED}
        if live and not workflow.can_publish(request.user, self.model):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Published content is archived, never deleted.
        if obj is not None and obj.status == Status.PUBLISHED:
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not workflow.can_publish(request.user, self.model):
            # Recording a review is the reviewers' "Mark as reviewed" action.
            fields += ["last_reviewed", "next_review_due", "reviewer_name", "reviewer_role"]
        return fields

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # reversion rolls the item back before asking for permission, so an old draft
        # version would look editable to an editor: check the item as it is stored.
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_change_permission(request, obj):
            raise PermissionDenied
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        # A recovered item comes back with its old status, which may be "published".
        if not workflow.can_publish(request.user, self.model):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Deletion happens one item at a time, on its own page that lists what links to it.
        actions.pop("delete_selected", None)
        return actions

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.editor = request.user
        return form

    # Bulk actions

    def _report(self, request, report):
        self.message_user(request, report.summary(), messages.SUCCESS)
        for message in report.skip_messages():
            self.message_user(request, message, messages.WARNING)

    @admin.action(description="Submit for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._report(request, workflow.submit_for_review(queryset, request.user))

    @admin.action(description="Publish", permissions=["publish"])
    def publish(self, request, queryset):
        self._report(request, workflow.publish(queryset, request.user))

    @admin.action(description="Return to draft (with a comment)", permissions=["publish"])
    def return_to_draft(self, request, queryset):
        if "apply" in request.POST:
            comment = request.POST.get("comment", "").strip()
            if comment:
                self._report(request, workflow.return_to_draft(queryset, request.user, comment))
                return None
            self.message_user(request, "Write a comment for the editor.", messages.ERROR)
        return TemplateResponse(
            request,
            "admin/conditions/return_to_draft.html",
            {
                **self.admin_site.each_context(request),
                "title": "Return to draft",
                "items": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description="Archive (hide from readers)", permissions=["publish"])
    def archive(self, request, queryset):
        self._report(request, workflow.archive(queryset, request.user))

    @admin.action(description="Mark as reviewed today", permissions=["publish"])
    def mark_reviewed(self, request, queryset):
        self._report(request, workflow.mark_reviewed(queryset, request.user))

    # Preview before saving

    def get_urls(self):
        name = f"{self.model._meta.app_label}_{self.model._meta.model_name}"
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("add/preview/", preview, name=f"{name}_preview_new"),
            path("<path:object_id>/change/preview/", preview, name=f"{name}_preview"),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id=None):
        """Render the posted (unsaved) text as readers would see it. Saves nothing."""
        obj = self.get_object(request, object_id) if object_id else None
        if request.method != "POST" or not (
            self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        ):
            return TemplateResponse(
                request, "admin/conditions/preview_unavailable.html", status=400
            )
        form = self.get_form(request, obj)(request.POST, instance=obj)
        form.is_valid()  # fills form.instance with the posted values, valid or not
        return TemplateResponse(
            request,
            "admin/conditions/preview.html",
            {
                **self.admin_site.each_context(request),
                "title": "Preview",
                "item": form.instance,
                "form_errors": form.errors,
            },
        )


@admin.register(Condition)
class ConditionAdmin(EditorialAdmin):
    form = ConditionForm
    list_display = ["name", "status", "severity", "last_reviewed", "review_due"]
    list_filter = ["status", "severity", ReviewDueFilter, "body_areas", "tags"]
    list_select_related = ["severity"]
    search_fields = ["name", "aliases"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["related"]
    filter_horizontal = ["body_areas", "triggers"]
    inlines = [WarningRuleInline, ConditionSymptomInline, ReferenceInline, TagInline]
    fieldsets = [
        (None, {"fields": ("name", "slug", "aliases", "summary", "severity", "prevalence")}),
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
            "Where and how (also used by the symptom checker)",
            {"fields": ("body_areas", "onset", "sides", "triggers", "related")},
        ),
        EDITORIAL_FIELDSET,
    ]


@admin.register(Symptom)
class SymptomAdmin(EditorialAdmin):
    form = SymptomForm
    readonly_fields = ["is_red_flag", "red_flag_severity"]
    list_display = ["name", "status", "is_red_flag", "red_flag_severity", "review_due"]
    list_filter = ["status", "is_red_flag", "red_flag_severity", ReviewDueFilter, "body_areas"]
    list_select_related = ["red_flag_severity"]
    search_fields = ["name", "aliases"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["body_areas"]
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
class SeverityAdmin(CompareVersionAdmin):
    list_display = ["name", "rank", "card_style", "colour"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(BodyArea)
class BodyAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Trigger)
class TriggerAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Synonym)
class SynonymAdmin(CompareVersionAdmin):
    list_display = ["__str__", "note", "updated_at"]
    search_fields = ["phrases", "note"]
