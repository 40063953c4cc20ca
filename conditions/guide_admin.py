"""Guides and who-it-is-for groups in the editors' workbench.

Guides go through the same review workflow as conditions (``EditorialAdmin``); their
warning signs are not edited here but come from the covered conditions' rules.
"""

from django import forms
from django.contrib import admin
from django.db import models

from .admin_base import (
    EDITORIAL_FIELDSET,
    MARKDOWN_HELP,
    EditorialAdmin,
    EditorialForm,
    ReviewDueFilter,
)
from .admin_forms import EditorFormMixin
from .admin_protection import ReaderDataAdmin
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
    # A URL typed without a scheme is taken as https://, as on conditions' references.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_extra(self, request, obj=None, **kwargs):
        # A guide needs two references before review: as many empty rows as it lacks.
        have = obj.references.count() if obj is not None and obj.pk else 0
        return max(self.extra, 2 - have)


@admin.register(Guide)
class GuideAdmin(EditorFormMixin, EditorialAdmin):
    form = GuideForm
    list_display = ["title", "workflow_state", "last_reviewed", "review_due"]
    list_filter = ["status", ReviewDueFilter]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["conditions"]  # "for" (audiences): checkboxes, see admin_forms
    inlines = [GuideReferenceInline]
    # In the order readers meet them: the covered conditions' warning signs head the guide.
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
class AudienceAdmin(ReaderDataAdmin):
    list_display = ["name", "group", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
