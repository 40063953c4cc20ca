"""The search index's tables.

Search does not read the content tables directly. Each published condition and symptom has
one ``SearchDocument`` row holding the text to match, in columns of falling weight; the
database's full-text engine indexes that row (an FTS5 table kept in sync by triggers on
SQLite, a stored weighted ``tsvector`` on PostgreSQL). Keeping the engine's machinery on
this small, stable table means migrations of the content models cannot break it.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Lookup


class SearchDocument(models.Model):
    """What search sees of one published condition or symptom."""

    condition = models.OneToOneField(
        "conditions.Condition",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    symptom = models.OneToOneField(
        "conditions.Symptom",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    # Weight A: the name and the other names people use.
    title = models.TextField()
    # Weight B: symptoms (and their lay names), tags and body areas.
    keywords = models.TextField(blank=True)
    # Weight B: the one-line summary.
    summary = models.TextField(blank=True)
    # Weight D: the page's prose, as plain text.
    body = models.TextField(blank=True)
    # PostgreSQL only: the stored, weighted vector (NULL on SQLite, which uses FTS5).
    vector = SearchVectorField(null=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(condition__isnull=False, symptom__isnull=True)
                | models.Q(condition__isnull=True, symptom__isnull=False),
                name="search_document_for_one_item",
            )
        ]

    def __str__(self):
        return self.title.splitlines()[0] if self.title else "(empty)"


class SearchFacet(models.Model):
    """One filter value a condition's document carries, e.g. ``area:lower-leg-calf``.

    Counting filter options for a result set is then one GROUP BY over this small table,
    driven by the engine's match, instead of a join per filter through the content tables.
    """

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="facets")
    key = models.CharField(max_length=250)  # "<filter parameter>:<slug>"
    label = models.CharField(max_length=250)  # what readers see, e.g. "Lower leg (calf)"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "key"], name="unique_facet_per_document")
        ]
        indexes = [models.Index(fields=["key", "document"], name="search_facet_key_document")]

    def __str__(self):
        return self.key


class FtsMatchField(models.TextField):
    """The FTS5 table's hidden column named after the table, used only with ``match``."""


@FtsMatchField.register_lookup
class FtsMatch(Lookup):
    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class SqliteFtsEntry(models.Model):
    """The SQLite FTS5 table over SearchDocument, so the ORM can join to it.

    Created by a migration on SQLite only; never queried on PostgreSQL.
    """

    document = models.OneToOneField(
        SearchDocument,
        primary_key=True,
        db_column="rowid",
        on_delete=models.DO_NOTHING,
        related_name="fts",
        db_constraint=False,
    )
    match = FtsMatchField(db_column="conditions_search_fts")

    class Meta:
        managed = False
        db_table = "conditions_search_fts"

    def __str__(self):
        return f"FTS entry {self.pk}"


class SearchTerm(models.Model):
    """A word that occurs in the indexed text: the vocabulary spelling suggestions use."""

    word = models.CharField(max_length=100, unique=True)

    def __str__(self):
        return self.word
