"""The editorial dashboard on the admin's front page."""

from django import template

from .. import workflow

register = template.Library()


@register.inclusion_tag("admin/conditions/dashboard.html", takes_context=True)
def editorial_dashboard(context):
    """Items waiting for review, reviews due, items sent back, recent changes."""
    data = workflow.dashboard(context["request"].user)
    for key in ("conditions", "symptoms"):
        for items in (
            data[key]["waiting_for_review"],
            data[key]["reviews_due"],
            data[key]["sent_back"],
        ):
            for item in items:
                item.kind = item._meta.model_name
    return {
        "dashboard": data,
        "kinds": [("Conditions", data["conditions"]), ("Symptoms", data["symptoms"])],
    }
