"""One search engine per database vendor, behind the same small interface.

Each backend offers: ``match`` (filter a queryset), ``filter`` (match and rank it),
``title_prefix_filter`` (suggestions), ``snippets`` (highlighted extracts),
``update_vectors``, ``closest_words`` (spelling), ``ensure_structures`` and ``rebuild``
(for rebuild_search_index) and ``missing_parts`` (for the system check).
"""

from django.db import connection


def document_prefix(path):
    """The lookup prefix from the model being searched to its SearchDocument.

    ``"search_document"`` from a condition or symptom, ``""`` on SearchDocument itself.
    """
    return f"{path}__" if path else ""


def get_backend():
    """The engine for the database in use."""
    if connection.vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend()
    if connection.vendor == "sqlite":
        from .sqlite import SQLiteBackend

        return SQLiteBackend()
    raise NotImplementedError(f"No search engine for the {connection.vendor} database.")
