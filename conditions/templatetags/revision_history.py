"""History sentences in templates: ``{% load revision_history %}{{ version|history_sentence }}``."""

from django import template

from ..history import describe_revision

register = template.Library()


@register.filter
def history_sentence(revision_or_version):
    """What a revision did, in words ("Published by A. Reviewer.").

    Nothing for no version: ``None``, or the empty string Django passes for a name the
    page was not given.
    """
    if not revision_or_version:
        return ""
    return describe_revision(revision_or_version)
