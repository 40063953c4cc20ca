"""Posting admin forms back as a browser would, for tests that go through the admin."""

import datetime


def form_data(response):
    """Everything the admin change form would post back, as a browser would."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if hasattr(value, "__iter__") and not isinstance(value, str):
            value = [getattr(v, "pk", v) for v in value]
        if isinstance(value, datetime.date):
            value = value.isoformat()
        data[name] = "" if value is None else value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for sub in formset.forms:
            for name, field in sub.fields.items():
                value = sub.initial.get(name, field.initial)
                value = getattr(value, "pk", value)
                if isinstance(value, datetime.date):
                    value = value.isoformat()
                data[f"{sub.prefix}-{name}"] = "" if value is None else value
    return data
