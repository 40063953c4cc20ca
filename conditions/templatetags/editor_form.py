"""The top of the editorial change forms: the error summary and the required-fields legend."""

from django import template

from ..admin_forms import error_rows

register = template.Library()


@register.inclusion_tag("admin/conditions/includes/error_summary.html", takes_context=True)
def error_summary(context):
    """Every problem on the form as a link to its field (see ``admin_forms.error_rows``)."""
    adminform = context.get("adminform")
    rows = error_rows(adminform, context.get("inline_admin_formsets")) if adminform else []
    return {"rows": rows}
