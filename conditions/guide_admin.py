"""Guides and who-it-is-for groups in the editors' workbench.

Guides go through the same review workflow as conditions (``EditorialAdmin``); their
warning signs are not edited here but come from the covered conditions' rules.
"""

from django import forms
from django.contrib import admin

from .admin_base import EDITORIAL_FIELDSET, MARKDOWN_HELP, EditorialAdmin, EditorialForm
from .models import Audience, Guide, GuideReference


class GuideForm(EditorialForm):
    class Meta:
        model = Guide
        fields = "__all__"
        widgets = {name: forms.Textarea(attrs={"rows": 8}) for name in Guide.PROSE_FIELDS}


class GuideReferenceInline(admin.TabularInline):
    model = GuideReference
    extra = 0
    fields = ["title", "publisher", "url", "order"]


@admin.register(Guide)
class GuideAdmin(EditorialAdmin):
    form = GuideForm
    list_display = ["title", "status", "last_reviewed", "review_due"]
    list_filter = ["status"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["audiences"]
    autocomplete_fields = ["conditions"]
    inlines = [GuideReferenceInline]
    fieldsets = [
        (None, {"fields": ("title", "slug", "summary", "audiences", "conditions")}),
        (
            "Sections",
            {
                "fields": ("overview", "causes", "self_care", "get_help_doctor"),
                "description": MARKDOWN_HELP + " Same-day and emergency signs are not "
                "written here: the guide lists the 'when to get help' rules of the "
                "conditions it covers, and the rules for its groups.",
            },
        ),
        EDITORIAL_FIELDSET,
    ]


@admin.register(Audience)
class AudienceAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
