"""Two people saving the same item: the second save is refused, nothing is overwritten.

A form opened on an item carries ``edit_token``, a fingerprint of the item as it was then
(its fields and the rows its history follows: rules, symptom links, references, tags; for
a live page, its pending change). On saving, the fingerprint is taken again; if someone saved
in between, the form refuses with a message and the differences between the version saved
now and the one being posted (``stale_differences``), so nothing is lost either.
"""

from django import forms
from django.core.exceptions import ValidationError

from . import staging
from .diffs import compare_values

STALE_MESSAGE = (
    "Someone else saved this page after you opened it, so your changes were not saved "
    "(nothing was overwritten). {where} Copy what you need, reload the page and make your "
    "changes again."
)


class StaleEditGuard(forms.ModelForm):
    """A model form that refuses a save based on an out-of-date copy of the item."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stale_differences = []
        if self.instance.pk and not self.is_bound:
            self.fields["edit_token"].initial = fingerprint(self.instance)

    @property
    def changed_data(self):
        # The fingerprint is not content: history must not say "changed edit_token".
        return [name for name in super().changed_data if name != "edit_token"]

    def clean(self):
        cleaned = super().clean()
        token = cleaned.get("edit_token")
        # No token: a form rendered before this guard existed, or a script; nothing to
        # compare with, so the ordinary checks decide.
        if self.instance.pk and token and token != fingerprint(self.instance):
            self.stale_differences = self._differences(cleaned)
            where = (
                "How your version differs from the one saved now is listed below the form."
                if self.stale_differences
                else "Your version has the same text as the one saved now."
            )
            names = ", ".join(change.label for change in self.stale_differences)
            if names:
                where += f" (Fields: {names}.)"
            raise ValidationError(STALE_MESSAGE.format(where=where), code="stale")
        return cleaned

    def _stored_value(self, name):
        if isinstance(self.fields[name], forms.ModelMultipleChoiceField):
            return list(getattr(self.instance, name).all())
        return getattr(self.instance, name, "")

    def _differences(self, cleaned):
        changes = (
            compare_values(
                str(self.fields[name].label or name), self._stored_value(name), cleaned.get(name)
            )
            for name in self.changed_data
            if name in self.fields
        )
        return [change for change in changes if change]


def fingerprint(item):
    """The fingerprint of the item as stored (fields and followed rows)."""
    return staging.digest(staging.snapshot(item))
