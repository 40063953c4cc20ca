"""Posting admin forms back as a browser would, for tests that go through the admin."""

import datetime

from django.utils import timezone

from conditions import publishing, workflow


def _posted(value):
    """A form's initial value as the browser posts it (pks for objects, ISO dates)."""
    if hasattr(value, "__iter__") and not isinstance(value, str):
        return [getattr(v, "pk", v) for v in value]
    value = getattr(value, "pk", value)
    if isinstance(value, datetime.date):
        value = value.isoformat()
    return "" if value is None else value


def form_data(response):
    """Everything the admin change form would post back, as a browser would."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        data[name] = _posted(form.initial.get(name, field.initial))
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for sub in formset.forms:
            for name, field in sub.fields.items():
                data[f"{sub.prefix}-{name}"] = _posted(sub.initial.get(name, field.initial))
    return data


def publish(client, item):
    """Publish ``item`` (its pending change, or the draft) on the publish page with the
    review record the page proposes, as a reviewer who accepts the defaults would."""
    url = f"/admin/conditions/{item._meta.model_name}/publish/?ids={item.pk}"
    form = client.get(url).context["form"]
    response = client.post(url, {name: form[name].value() or "" for name in form.fields})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def change_url(item):
    return f"/admin/conditions/{item._meta.model_name}/{item.pk}/change/"


def review_record(**changes):
    """A complete review record (reviewed today by Ann Smith, due in a year); ``changes``
    override any of it."""
    today = timezone.localdate()
    values = {
        "last_reviewed": today,
        "next_review_due": today + datetime.timedelta(days=365),
        "reviewer_name": "Ann Smith",
        "reviewer_role": workflow.REVIEWER_ROLE,
        **changes,
    }
    return publishing.ReviewRecord(**values)
