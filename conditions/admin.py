"""The editors' admin. Workflow, roles and history come in later; these are the basics."""

from django.contrib import admin
from django.db import models

from .models import BodyArea, Condition, ConditionSymptom, Reference, Severity, Symptom, Synonym

EDITORIAL_FIELDSET = (
    "Review and publishing",
    {"fields": ("status", "last_reviewed", "next_review_due", "reviewer_name")},
)


@admin.register(Severity)
class SeverityAdmin(admin.ModelAdmin):
    list_display = ["name", "rank", "card_style", "colour"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(BodyArea)
class BodyAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Symptom)
class SymptomAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "is_red_flag", "red_flag_severity", "next_review_due"]
    list_filter = ["status", "is_red_flag", "red_flag_severity", "body_areas"]
    list_select_related = ["red_flag_severity"]
    search_fields = ["name", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["body_areas"]
    fieldsets = [
        (None, {"fields": ("name", "slug", "aliases", "description", "body_areas")}),
        ("Red flag", {"fields": ("is_red_flag", "red_flag_severity")}),
        EDITORIAL_FIELDSET,
    ]


class ConditionSymptomInline(admin.TabularInline):
    model = ConditionSymptom
    autocomplete_fields = ["symptom"]
    extra = 1


class ReferenceInline(admin.TabularInline):
    model = Reference
    extra = 1
    # A URL typed without a scheme is taken as https://, the scheme every source uses.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "severity", "last_reviewed", "next_review_due"]
    list_filter = ["status", "severity", "body_areas", "tags"]
    list_select_related = ["severity"]
    search_fields = ["name", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["related"]
    filter_horizontal = ["body_areas"]
    inlines = [ConditionSymptomInline, ReferenceInline]
    fieldsets = [
        (None, {"fields": ("name", "slug", "aliases", "summary", "severity")}),
        (
            "Page sections (Markdown)",
            {"fields": ("overview", "symptoms_text", "causes", "self_care", "treatment")},
        ),
        (
            "When to get help (Markdown bullet lists)",
            {"fields": ("get_help_emergency", "get_help_urgent", "get_help_doctor")},
        ),
        ("Where and how", {"fields": ("body_areas", "onset", "sides", "related", "tags")}),
        EDITORIAL_FIELDSET,
    ]


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ["__str__", "note", "updated_at"]
    search_fields = ["phrases", "note"]
