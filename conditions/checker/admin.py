"""The curated "when to get help" rules in the admin: an inline on the condition's page,
with the project's own checks (a symptom to match, published symptoms, one level per
warning sign, a rule for every urgent condition)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from .. import workflow
from ..models import Severity, Status, WarningRule
from ..models.rules import URGENT_STYLES


class WarningRuleForm(forms.ModelForm):
    class Meta:
        model = WarningRule
        fields = [
            "severity",
            "order",
            "text",
            "symptoms",
            "any_symptoms",
            "onset",
            "side",
            "trigger",
            "audiences",
        ]

    def clean(self):
        cleaned = super().clean()
        named = [*cleaned.get("symptoms", []), *cleaned.get("any_symptoms", [])]
        if not named:
            raise ValidationError(
                "Choose at least one symptom: the checker can only match what readers tick."
            )
        return cleaned


class WarningRuleFormSet(BaseInlineFormSet):
    """Rules a condition needs before review, and rules that could never fire."""

    def clean(self):
        super().clean()
        condition = self.instance
        if condition.status not in workflow.STATUSES_NEEDING_READINESS:
            return
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]
        if condition.severity_id and condition.severity.is_urgent and not kept:
            raise ValidationError(
                "Urgent and emergency conditions need at least one 'when to get help' rule "
                "before review or publishing: it is what the page lists and what the "
                "symptom checker uses."
            )
        for form in kept:
            named = [*form.cleaned_data.get("symptoms", []),
                     *form.cleaned_data.get("any_symptoms", [])]  # fmt: skip
            unpublished = [str(s) for s in named if s.status != Status.PUBLISHED]
            if unpublished:
                form.add_error(
                    None,
                    "Readers cannot choose unpublished symptoms, so this rule could never "
                    f"apply: {', '.join(unpublished)}. Publish them first.",
                )
            if workflow.is_single_sign(form.cleaned_data):
                clash = workflow.single_sign_clash(
                    named[0], form.cleaned_data["severity"], condition
                )
                if clash:
                    form.add_error("severity", clash)


class WarningRuleInline(admin.StackedInline):
    model = WarningRule

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "severity":
            # Offer only what a rule may be; the model's own check refuses anything else.
            kwargs["queryset"] = Severity.objects.filter(card_style__in=URGENT_STYLES)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    form = WarningRuleForm
    formset = WarningRuleFormSet
    autocomplete_fields = ["symptoms", "any_symptoms"]
    filter_horizontal = ["audiences"]
    extra = 0
    verbose_name_plural = "When to get help: rules (same day or emergency)"
    fields = [
        ("severity", "order"),
        "text",
        "symptoms",
        "any_symptoms",
        ("onset", "side", "trigger"),
        "audiences",
    ]
