"""PostgreSQL engine: a stored weighted tsvector with a GIN index, websearch_to_tsquery,
cover-density ranking, ts_headline snippets and pg_trgm for spelling suggestions.
"""

from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
)
from django.db.models import F, TextField, Value
from django.db.models.functions import Concat

from . import document_prefix

CONFIG = "english"
# ts_rank_cd weights for D, C, B, A.
WEIGHTS = [0.1, 0.2, 0.4, 1.0]
MARK_START, MARK_END = "\x02", "\x03"

CREATE_SQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS conditions_searchdocument_vector_gin "
    "ON conditions_searchdocument USING gin (vector)",
    "CREATE INDEX IF NOT EXISTS conditions_searchterm_word_trgm "
    "ON conditions_searchterm USING gin (word gin_trgm_ops)",
]
DROP_SQL = [
    "DROP INDEX IF EXISTS conditions_searchterm_word_trgm",
    "DROP INDEX IF EXISTS conditions_searchdocument_vector_gin",
    # pg_trgm stays: other apps in the database may use it.
]


def document_vector():
    """The weighted vector of a SearchDocument row, built from its columns."""
    return (
        SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("keywords", weight="B", config=CONFIG)
        + SearchVector("summary", weight="B", config=CONFIG)
        + SearchVector("body", weight="D", config=CONFIG)
    )


class PostgresBackend:
    name = "postgres-tsvector"

    def search_query(self, parsed, require_all=True):
        """A tsquery: each clause ORs its alternatives; clauses are ANDed (or ORed)."""
        clauses = []
        for clause in parsed.clauses:
            alternatives = [
                # Tokens are plain words, so quoting them only makes a phrase.
                SearchQuery(f'"{phrase}"', config=CONFIG, search_type="websearch")
                for phrase in clause.alternatives
            ]
            clauses.append(reduce(or_, alternatives))
        return reduce(and_ if require_all else or_, clauses)

    def match(self, queryset, path, parsed, require_all=True):
        """Keep rows whose document matches (no ranking: for counts and facets)."""
        query = self.search_query(parsed, require_all)
        return queryset.filter(**{f"{document_prefix(path)}vector": query})

    def filter(self, queryset, path, parsed, require_all=True):
        query = self.search_query(parsed, require_all)
        return self.match(queryset, path, parsed, require_all).annotate(
            search_rank=SearchRank(
                F(f"{document_prefix(path)}vector"), query, weights=WEIGHTS, cover_density=True
            )
        )

    def title_prefix_filter(self, queryset, path, parsed):
        # websearch_to_tsquery ignores ":*", so prefix queries are built from the parsed
        # word tokens (letters, digits and _ only) as a raw tsquery, restricted to weight A.
        terms = []
        for index, clause in enumerate(parsed.clauses):
            last = index == len(parsed.clauses) - 1
            words = " | ".join(
                " <-> ".join(phrase.split()) + (":*A" if last and " " not in phrase else ":A")
                for phrase in clause.alternatives
            )
            terms.append(f"({words})")
        query = SearchQuery(" & ".join(terms), config="simple", search_type="raw")
        return queryset.filter(**{f"{document_prefix(path)}vector": query}).annotate(
            search_rank=SearchRank(F(f"{document_prefix(path)}vector"), query, weights=WEIGHTS)
        )

    def snippets(self, document_ids, parsed, require_all=True):
        from ..models import SearchDocument

        if not document_ids:
            return {}
        query = self.search_query(parsed, require_all)
        rows = (
            SearchDocument.objects.filter(pk__in=document_ids)
            .annotate(
                snippet=SearchHeadline(
                    Concat("summary", Value(" "), "body", output_field=TextField()),
                    query,
                    config=CONFIG,
                    start_sel=MARK_START,
                    stop_sel=MARK_END,
                    max_words=30,
                    min_words=15,
                    short_word=3,
                    fragment_delimiter=" … ",
                    max_fragments=2,
                )
            )
            .values_list("pk", "snippet")
        )
        return dict(rows)

    def update_vectors(self, documents):
        from ..models import SearchDocument

        SearchDocument.objects.filter(pk__in=[doc.pk for doc in documents]).update(
            vector=document_vector()
        )

    def closest_words(self, word, vocabulary=None, limit=1):
        """Closest vocabulary words by trigram similarity (pg_trgm), best first."""
        from ..models import SearchTerm

        return list(
            SearchTerm.objects.annotate(similarity=TrigramSimilarity("word", word))
            .filter(similarity__gte=0.35)
            .order_by("-similarity", "word")
            .values_list("word", flat=True)[:limit]
        )

    def ensure_structures(self):
        """Create the extension and indexes if a database lacks them (before any writes:
        PostgreSQL cannot build an index on a table with pending trigger events)."""
        from django.db import connection

        if self.missing_parts():
            with connection.cursor() as cursor:
                # Fire any deferred constraint checks first, so the index can be built
                # even inside a transaction that has already written rows.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for statement in CREATE_SQL:
                    cursor.execute(statement)

    def rebuild(self):
        from ..models import SearchDocument

        SearchDocument.objects.update(vector=document_vector())

    def missing_parts(self):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE indexname IN "
                "('conditions_searchdocument_vector_gin', 'conditions_searchterm_word_trgm')"
            )
            present = {row[0] for row in cursor.fetchall()}
        return sorted(
            {"conditions_searchdocument_vector_gin", "conditions_searchterm_word_trgm"} - present
        )
