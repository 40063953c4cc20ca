"""SQLite engine: an FTS5 table over SearchDocument, BM25 ranking with column weights.

The FTS5 table uses SearchDocument as external content and is kept in sync by triggers,
so every write to a document (from indexing, the admin, or a raw UPDATE) reaches the index
in the same transaction.
"""

import difflib

from django.db import connection
from django.db.models.expressions import RawSQL

from . import document_prefix

FTS_TABLE = "conditions_search_fts"
DOCUMENT_TABLE = "conditions_searchdocument"
COLUMNS = ("title", "keywords", "summary", "body")
# BM25 weights per column, in COLUMNS order: names weigh most, then symptoms and the
# summary, then the prose.
WEIGHTS = (10.0, 4.0, 4.0, 1.0)
SNIPPET_TOKENS = 24
# Snippets come from the prose: the keyword column is a list of names, not sentences.
SNIPPET_COLUMN = COLUMNS.index("body")
# Sentinels mark matches inside FTS5 snippets; the text is escaped before they become <mark>.
MARK_START, MARK_END = "\x02", "\x03"

_column_list = ", ".join(COLUMNS)
_new_values = ", ".join(f"new.{column}" for column in COLUMNS)
_old_values = ", ".join(f"old.{column}" for column in COLUMNS)

CREATE_SQL = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        {_column_list},
        content='{DOCUMENT_TABLE}', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON {DOCUMENT_TABLE} BEGIN
        INSERT INTO {FTS_TABLE}(rowid, {_column_list}) VALUES (new.id, {_new_values});
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON {DOCUMENT_TABLE} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_column_list})
        VALUES ('delete', old.id, {_old_values});
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE ON {DOCUMENT_TABLE} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_column_list})
        VALUES ('delete', old.id, {_old_values});
        INSERT INTO {FTS_TABLE}(rowid, {_column_list}) VALUES (new.id, {_new_values});
    END""",
]
DROP_SQL = [
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ai",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ad",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_au",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
TRIGGERS = {f"{FTS_TABLE}_ai", f"{FTS_TABLE}_ad", f"{FTS_TABLE}_au"}


def _quote(term):
    """An FTS5 string literal: user text can never become FTS5 syntax."""
    return '"' + term.replace('"', '""') + '"'


class SQLiteBackend:
    name = "sqlite-fts5"

    def match_expression(self, parsed, require_all=True, prefix=False):
        """The FTS5 MATCH string for a parsed query (clauses of alternative phrases)."""
        clauses = []
        for index, clause in enumerate(parsed.clauses):
            last = prefix and index == len(parsed.clauses) - 1
            alternatives = [
                _quote(phrase) + ("*" if last and " " not in phrase else "")
                for phrase in clause.alternatives
            ]
            clauses.append("(" + " OR ".join(alternatives) + ")")
        return (" AND " if require_all else " OR ").join(clauses)

    def match(self, queryset, path, parsed, require_all=True):
        """Keep rows whose document matches (no ranking: for counts and facets)."""
        expression = self.match_expression(parsed, require_all)
        return queryset.filter(**{f"{document_prefix(path)}fts__match__match": expression})

    def filter(self, queryset, path, parsed, require_all=True):
        """Keep rows whose document matches, annotated with ``search_rank`` (higher is better)."""
        weights = ", ".join(str(weight) for weight in WEIGHTS)
        # bm25() is lower for better matches; negate it so every engine sorts descending.
        return self.match(queryset, path, parsed, require_all).annotate(
            search_rank=RawSQL(f"-bm25({FTS_TABLE}, {weights})", [])
        )

    def title_prefix_filter(self, queryset, path, parsed):
        """Rows whose name or other names start with the typed words (for suggestions)."""
        expression = "title : (" + self.match_expression(parsed, prefix=True) + ")"
        return queryset.filter(
            **{f"{document_prefix(path)}fts__match__match": expression}
        ).annotate(search_rank=RawSQL(f"-bm25({FTS_TABLE}, 10.0, 0.0, 0.0, 0.0)", []))

    def snippets(self, document_ids, parsed, require_all=True):
        """Highlighted extracts for the given documents: {document id: text with sentinels}."""
        if not document_ids:
            return {}
        expression = self.match_expression(parsed, require_all)
        placeholders = ", ".join("%s" for _ in document_ids)
        sql = (
            f"SELECT rowid, snippet({FTS_TABLE}, {SNIPPET_COLUMN}, %s, %s, '…', {SNIPPET_TOKENS}) "
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid IN ({placeholders})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [MARK_START, MARK_END, expression, *document_ids])
            return dict(cursor.fetchall())

    def update_vectors(self, documents):
        """Nothing to do: the FTS5 triggers index documents as they are written."""

    def closest_words(self, word, vocabulary, limit=1):
        """Closest vocabulary words by edit similarity (difflib), best first."""
        candidates = [
            term for term in vocabulary if term[:1] == word[:1] and abs(len(term) - len(word)) <= 3
        ] or vocabulary
        return difflib.get_close_matches(word, candidates, n=limit, cutoff=0.75)

    def ensure_structures(self):
        """Recreate the FTS table and triggers if missing (e.g. after a table rebuild)."""
        with connection.cursor() as cursor:
            for statement in CREATE_SQL:
                cursor.execute(statement)

    def rebuild(self):
        """Re-read every document into the FTS index, then refresh the planner's statistics.

        Without statistics SQLite guesses that ``status = 'published'`` is selective and
        probes the FTS index once per condition (seconds at 10,000 conditions); with them
        it starts from the FTS match and joins by primary key (milliseconds).
        """
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
            cursor.execute("ANALYZE")

    def missing_parts(self):
        """Names of the FTS table or triggers that are missing (for the system check)."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE name = %s OR (type = 'trigger' AND "
                "tbl_name = %s)",
                [FTS_TABLE, DOCUMENT_TABLE],
            )
            present = {row[0] for row in cursor.fetchall()}
        return sorted(({FTS_TABLE} | TRIGGERS) - present)
