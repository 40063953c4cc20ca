"""System checks: a broken search index, an undiallable number or unsafe warning rules
become a clear message instead of a silent fault."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import connection
from django.db.utils import DatabaseError


@register("database")
def search_index_check(app_configs=None, databases=None, **kwargs):
    """Report missing full-text tables, triggers or indexes (after migrations have run)."""
    if not databases or "default" not in databases:
        return []
    from .search.backends import get_backend

    try:
        if "conditions_searchdocument" not in connection.introspection.table_names():
            return []  # not migrated yet; `migrate` will create everything
        missing = get_backend().missing_parts()
    except (DatabaseError, NotImplementedError) as error:
        return [Error(f"Could not inspect the search index: {error}", id="legpain.E002")]
    if missing:
        return [
            Error(
                f"The search index is missing: {', '.join(missing)}.",
                hint="Run 'python manage.py rebuild_search_index' to recreate it.",
                id="legpain.E001",
            )
        ]
    return []


@register(Tags.caches, deploy=True)
def shared_cache_check(app_configs=None, **kwargs):
    """Production needs one cache for all app servers, or page invalidation is per process."""
    if not settings.DEBUG and not settings.REDIS_URL:
        return [
            Warning(
                "REDIS_URL is not set: each app server process keeps its own cache, so a "
                "content change would not reach the pages cached by the others.",
                hint="Set REDIS_URL (see README, Deploying).",
                id="legpain.W001",
            )
        ]
    return []


@register()
def care_numbers_check(app_configs=None, **kwargs):
    """A number readers are told to call must be one a phone can dial."""
    from . import care_numbers

    return [
        Error(
            f"{name} is not a phone number a reader can dial.",
            hint="Use digits, an optional leading + and spaces, e.g. 999 or 111.",
            id="legpain.E003",
        )
        for name in care_numbers.misconfigured()
    ]


@register("database")
def warning_rules_check(app_configs=None, databases=None, **kwargs):
    """Published urgent content must have sound 'when to get help' rules (run with
    ``manage.py check --database default``)."""
    if not databases or "default" not in databases:
        return []
    from .checker.warning_signs import rule_problems

    try:
        if "conditions_warningrule" not in connection.introspection.table_names():
            return []
        problems = rule_problems()
    except DatabaseError as error:
        return [Error(f"Could not inspect the warning rules: {error}", id="legpain.E005")]
    return [
        Error(problem, hint="Fix the rule in the condition's admin page.", id="legpain.E004")
        for problem in problems
    ]
