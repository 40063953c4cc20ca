"""What makes the editorial forms usable: an error summary at the top, a character counter
on the summaries, one-click checkboxes, no review comment box to fill in, and the admin's
own stylesheet and scripts for them (issue 13).

``EditorFormMixin`` goes before ``EditorialAdmin`` in the condition, symptom and guide
admins; ``error_rows`` feeds ``templates/admin/conditions/includes/error_summary.html``.
"""

import dataclasses

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.admin.widgets import AdminTextareaWidget
from django.db import models
from django.forms.forms import NON_FIELD_ERRORS
from django.utils.html import format_html

CHECKBOX_FIELDS = ("body_areas", "audiences", "triggers")
# A few lines each (other names, one per line; a symptom's one or two sentences).
SHORT_TEXT_FIELDS = ("aliases", "description")
# Care levels are curated on their own pages by reviewers: no add/change/delete icons.
NO_RELATED_ICONS = ("severity",)


@dataclasses.dataclass(frozen=True)
class ErrorRow:
    """One line of the error summary: what is wrong, and the id of the field to fix."""

    label: str
    field_id: str
    message: str


def _field_id(bound):
    """The id a link should jump to: the input itself, or a list's first box."""
    if bound.id_for_label:
        return bound.id_for_label
    # Checkbox and radio lists label no single input: their first option is "<id>_0".
    return f"{bound.auto_id}_0" if bound.auto_id else ""


def _form_rows(form, names, prefix=""):
    """``form``'s field errors in ``names`` order (the page's), then any others."""
    rows = []
    ordered = [name for name in names if name in form.fields]
    ordered += [name for name in form.errors if name not in ordered and name in form.fields]
    for name in ordered:
        bound = form[name]
        label = f"{prefix}{bound.label}"
        rows += [ErrorRow(label, _field_id(bound), str(message)) for message in bound.errors]
    return rows


def _first_id(form, names):
    for name in names:
        if name in form.fields and not form[name].is_hidden:
            return _field_id(form[name])
    return ""


def error_rows(adminform, inline_admin_formsets):
    """Every problem on an admin change form, in the order of the page.

    The form's own errors first (those about the whole form, then each field's, in
    fieldset order), then each inline: errors about the whole set, then each row's.
    Returns ``ErrorRow(label, field_id, message)`` items; ``field_id`` is the id of the
    input the link jumps to (for a problem with a whole set of rows, its first row).
    """
    rows = []
    form = adminform.form
    if form.is_bound:
        names = flatten_fieldsets(adminform.fieldsets)
        first = _first_id(form, names)
        rows += [ErrorRow("", first, str(message)) for message in form.non_field_errors()]
        rows += _form_rows(form, [n for n in names if n != NON_FIELD_ERRORS])
    for inline in inline_admin_formsets or []:
        formset = inline.formset
        if not formset.is_bound:
            continue
        names = flatten_fieldsets(inline.fieldsets)
        opts = inline.opts
        group = str(opts.verbose_name_plural)
        group = group[:1].upper() + group[1:]
        first = _first_id(formset.forms[0], names) if formset.forms else ""
        rows += [
            ErrorRow(group, first or f"{formset.prefix}-group", str(message))
            for message in formset.non_form_errors()
        ]
        item = str(opts.verbose_name)
        item = item[:1].upper() + item[1:]
        for index, row_form in enumerate(formset.forms, start=1):
            if not row_form.errors:
                continue
            rows += [
                ErrorRow(f"{item} {index}", _first_id(row_form, names), str(message))
                for message in row_form.non_field_errors()
            ]
            rows += _form_rows(row_form, names, f"{item} {index}, ")
    return rows


class CountedTextarea(forms.Textarea):
    """A short text box with a limit: a hint the server writes, and a live count
    (static/js/admin-counter.js) that says how many characters are left or too many.

    No ``maxlength``: the browser would cut pasted text silently; the form's own check
    still refuses anything too long. Line breaks become spaces: a summary is one line.
    """

    def __init__(self, max_length, attrs=None):
        super().__init__(attrs={"rows": 3, "class": "vLargeTextField counted", **(attrs or {})})
        self.max_length = max_length

    class Media:
        js = ["js/admin-counter.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs.pop("maxlength", None)
        widget_attrs["data-max-length"] = self.max_length
        if widget_attrs.get("id"):
            hint = f"{widget_attrs['id']}_hint"
            described = [widget_attrs.get("aria-describedby", ""), hint]
            widget_attrs["aria-describedby"] = " ".join(part for part in described if part)
        return context

    def render(self, name, value, attrs=None, renderer=None):
        textarea = super().render(name, value, attrs, renderer)
        field_id = (attrs or {}).get("id") or self.attrs.get("id")
        if not field_id:
            return textarea
        return format_html(
            '<div class="counted-field">{}'
            '<div class="char-count-hint" id="{}_hint">Up to {} characters</div></div>',
            textarea,
            field_id,
            self.max_length,
        )

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return " ".join(value.split()) if isinstance(value, str) else value


class EditorFormMixin:
    """The form editors see on conditions, symptoms and guides (before ``EditorialAdmin``)."""

    class Media:
        css = {"all": ["css/admin-editorial.css", "css/admin-history.css"]}
        js = ["js/admin-error-summary.js"]

    def get_fieldsets(self, request, obj=None):
        """No review comment box to fill in: only a reviewer's comment, when there is one."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.review_comment:
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "review_comment"]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        # Written by the reviewer who returns the page (Return to draft), never on the form.
        return [*super().get_readonly_fields(request, obj), "review_comment"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "summary" and db_field.max_length:
            kwargs["widget"] = CountedTextarea(db_field.max_length)
        if db_field.name in SHORT_TEXT_FIELDS and isinstance(db_field, models.TextField):
            kwargs["widget"] = AdminTextareaWidget(attrs={"rows": 3})
        if db_field.name in CHECKBOX_FIELDS and db_field.many_to_many:
            kwargs["widget"] = forms.CheckboxSelectMultiple
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in NO_RELATED_ICONS and formfield is not None:
            widget = formfield.widget
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = False
        return formfield


__all__ = ["CountedTextarea", "EditorFormMixin", "ErrorRow", "error_rows"]
