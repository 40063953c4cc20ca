"""The editorial dashboard on the admin's front page (built in ``conditions/dashboard.py``)."""

from django import template

from ..dashboard import dashboard

register = template.Library()


@register.inclusion_tag("admin/conditions/dashboard.html", takes_context=True)
def editorial_dashboard(context):
    """Items waiting for review, reviews due, items sent back, recent changes."""
    return {"dashboard": dashboard(context["request"].user)}
