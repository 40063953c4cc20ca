"""System checks that turn a silently broken search index into a clear start-up message."""

from django.core.checks import Error, register
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
