"""Search at its edges: which engine serves which database, rebuilding in small batches,
a body area deleted while indexing is paused, a red flag with an alias of common words
only, a condition unpublished while a search runs, and the index rows as an operator
inspecting them sees them.
"""

from types import SimpleNamespace

import pytest

from conditions.models import (
    BodyArea,
    Condition,
    SearchDocument,
    SearchFacet,
    SearchTerm,
    SqliteFtsEntry,
    Status,
    Symptom,
)
from conditions.search import backends, indexing, service
from conditions.search.query import MAX_QUERY_LENGTH, MAX_WORD_LENGTH, clean_text, tokenize
from conditions.search.service import search

pytestmark = pytest.mark.django_db


def facet_rows():
    return set(SearchFacet.objects.values_list("document__condition__slug", "key", "label"))


def document_rows():
    return set(
        SearchDocument.objects.values_list(
            "condition__slug", "symptom__slug", "title", "keywords", "summary", "body"
        )
    )


# Engines


def test_postgresql_gets_the_tsvector_engine(monkeypatch):
    monkeypatch.setattr(backends, "connection", SimpleNamespace(vendor="postgresql"))
    assert backends.get_backend().name == "postgres-tsvector"


def test_a_database_without_a_search_engine_is_named_in_the_error(monkeypatch):
    monkeypatch.setattr(backends, "connection", SimpleNamespace(vendor="mysql"))
    with pytest.raises(NotImplementedError) as error:
        backends.get_backend()
    assert str(error.value) == "No search engine for the mysql database."


# Rebuilding


def test_rebuilding_in_small_batches_gives_the_same_index():
    documents, facets = document_rows(), facet_rows()
    published = Condition.objects.published().count()
    assert published > 7  # several batches of conditions

    counts = indexing.rebuild(batch_size=7)

    assert counts == (published, Symptom.objects.published().count())
    assert document_rows() == documents
    assert facet_rows() == facets
    assert [result.condition.slug for result in search("sciatica").results][0] == "sciatica"


def test_a_body_area_deleted_while_indexing_is_paused_leaves_search_to_the_rebuild():
    area = BodyArea.objects.get(slug="lower-back")
    linked = set(area.conditions.values_list("slug", flat=True))
    assert linked
    key = f"area:{area.slug}"
    before = set(SearchFacet.objects.filter(key=key).values_list("document__condition__slug"))

    with indexing.paused():  # as while loading the library or importing content
        area.delete()

    # Unlinked at once, but nothing re-indexed one by one ...
    assert not Condition.objects.filter(slug__in=linked, body_areas__slug="lower-back").exists()
    assert set(SearchFacet.objects.filter(key=key).values_list("document__condition__slug")) == (
        before
    )
    # ... until the rebuild that follows a bulk load.
    indexing.rebuild()
    assert not SearchFacet.objects.filter(key=key).exists()
    assert "lower-back" not in [option.slug for f in search("").facets for option in f.options]


# Red flags


def test_a_red_flag_alias_of_common_words_only_does_not_raise_the_alarm(client):
    """ "pins and needles" finds the spreading-weakness sign (an alias says tingling moves
    up from the feet) without describing it. An alias made only of common words ("out of
    it") says nothing about the sign either, so it must not turn the search into an
    emergency."""
    sign = Symptom.objects.get(slug="spreading-weakness")
    assert sign.is_red_flag
    sign.aliases = sign.aliases + "\nout of it"
    sign.save()

    outcome = search("pins and needles")
    assert "spreading-weakness" in [symptom.slug for symptom in outcome.symptoms]
    assert outcome.red_flags == []
    main = client.get("/search/", {"q": "pins and needles"}).content.decode().split('id="main"')[1]
    assert "care-card--emergency" not in main and "care-card--urgent" not in main


# A search that races an edit


def test_a_condition_unpublished_while_a_search_runs_leaves_an_empty_page(
    make_condition, monkeypatch
):
    condition = make_condition(overview="Only this page says zorblax.")
    best_first = service._best_first

    def unpublished_meanwhile(matches, parsed):
        ordered = best_first(matches, parsed)
        # Another request unpublishes it after the count and before the page is read.
        Condition.objects.filter(pk=condition.pk).update(status=Status.DRAFT)
        return ordered

    monkeypatch.setattr(service, "_best_first", unpublished_meanwhile)
    outcome = search("zorblax")
    assert outcome.total == 1
    assert outcome.results == []


# The index's rows, as an operator inspecting them sees them


def test_index_rows_name_what_they_hold():
    document = SearchDocument.objects.get(condition__slug="sciatica")
    assert str(document) == "Sciatica"
    assert str(SearchDocument(title="")) == "(empty)"
    facet = SearchFacet.objects.filter(document=document, key__startswith="area:").first()
    assert str(facet) == facet.key
    assert str(facet).startswith("area:")
    assert str(SqliteFtsEntry(document=document)) == f"FTS entry {document.pk}"
    word = SearchTerm.objects.get(word="sciatica")
    assert str(word) == "sciatica"


# Cutting and splitting what the reader typed, at the exact limits.


def test_a_query_of_exactly_the_longest_length_is_kept_whole_without_a_note():
    text = "a" * 39 + " " + "b" * (MAX_QUERY_LENGTH - 40)
    assert len(text) == MAX_QUERY_LENGTH
    assert clean_text(text) == (text, False)
    assert search(text).notes == []


def test_a_query_cut_at_a_space_has_no_space_left_at_its_end():
    text = "x" * (MAX_QUERY_LENGTH - 1) + " leg"
    assert clean_text(text) == ("x" * (MAX_QUERY_LENGTH - 1), True)


def test_an_ordinary_search_has_no_note_about_its_length(client):
    outcome = search("sciatica")
    assert outcome.notes == [] and not outcome.parsed.was_truncated
    assert "Your search was long" not in client.get("/search/", {"q": "sciatica"}).content.decode()


def test_words_up_to_the_longest_length_are_searched_and_longer_ones_are_not():
    longest, too_long = "a" * MAX_WORD_LENGTH, "b" * (MAX_WORD_LENGTH + 1)
    assert tokenize(f"{longest} {too_long} leg") == [longest, "leg"]
