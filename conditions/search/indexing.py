"""Keeping the search index in step with the content.

Each published condition and symptom has one SearchDocument; anything unpublished has none,
so it can never be found. ``index_condition`` and ``index_symptom`` are called (through the
signal handlers in ``signals.py``) after every change to an item or to what it shows;
``rebuild`` rebuilds everything from scratch.
"""

import contextvars
import re
from contextlib import contextmanager

from django.db import transaction
from django.utils.html import strip_tags

from .backends import get_backend
from .models import SearchDocument, SearchFacet, SearchTerm

_paused = contextvars.ContextVar("search_indexing_paused", default=False)

_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_SYNTAX = re.compile(r"[*_`#>]+|^\s*[-+]\s+|^\s*\d+\.\s+", re.MULTILINE)
_VOCABULARY_WORD = re.compile(r"[^\W\d_]{3,40}", re.UNICODE)


@contextmanager
def paused():
    """Skip per-item indexing inside the block (bulk loads call ``rebuild`` afterwards)."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def is_paused():
    return _paused.get()


def markdown_to_text(markdown_text):
    """Plain text of editor Markdown, cheaply (no rendering): links keep their words."""
    text = _MARKDOWN_LINK.sub(r"\1", markdown_text or "")
    return " ".join(_MARKDOWN_SYNTAX.sub(" ", strip_tags(text)).split())


def condition_document(condition):
    """The SearchDocument fields for a condition (expects its links prefetched or cheap)."""
    from ..models import Status

    # How typical a symptom is sets how much its words count: common symptoms twice in the
    # keywords, occasional ones once, rare ones only with the prose.
    keywords, rare = [], []
    for link in condition.symptom_links.all():
        if link.symptom.status != Status.PUBLISHED:
            continue
        words = [link.symptom.name, *link.symptom.alias_list]
        if link.typicality == link.Typicality.RARE:
            rare += words
        else:
            keywords += words * (2 if link.typicality == link.Typicality.COMMON else 1)
    # Tags have no order of their own: sorted, the same text comes out of a one-row update
    # and of a rebuild on every database.
    keywords += sorted(tag.name for tag in condition.tags.all())
    keywords += [area.name for area in condition.body_areas.all()]
    prose = [markdown_to_text(getattr(condition, field)) for field in condition.PROSE_FIELDS]
    # The published symptoms' words, the tags and the areas are all in ``keywords`` above;
    # the facets carry the same links as filter values.
    return {
        "title": "\n".join([condition.name, *condition.alias_list]),
        "keywords": "\n".join(keywords),
        "summary": condition.summary,
        "body": " ".join(prose + rare),
    }


def condition_facets(condition):
    """The (key, label) filter values of a condition: severity, areas, tags, symptoms."""
    from ..models import Status

    facets = [(f"severity:{condition.severity.slug}", condition.severity.name)]
    facets += [(f"area:{area.slug}", area.name) for area in condition.body_areas.all()]
    facets += [(f"tag:{tag.slug}", tag.name) for tag in condition.tags.all()]
    facets += [
        (f"symptom:{link.symptom.slug}", link.symptom.name)
        for link in condition.symptom_links.all()
        if link.symptom.status == Status.PUBLISHED
    ]
    return list(dict(facets).items())


def _facet_rows(document, facets):
    return [SearchFacet(document=document, key=key, label=label) for key, label in facets]


def symptom_document(symptom):
    return {
        "title": "\n".join([symptom.name, *symptom.alias_list]),
        "keywords": "\n".join(area.name for area in symptom.body_areas.all()),
        "summary": symptom.description,
        "body": "",
    }


def _vocabulary_of(values):
    text = " ".join(values[field] for field in ("title", "keywords", "summary", "body"))
    return {word.lower() for word in _VOCABULARY_WORD.findall(text)}


def _add_vocabulary(words):
    SearchTerm.objects.bulk_create(
        [SearchTerm(word=word) for word in sorted(words)], ignore_conflicts=True, batch_size=2000
    )


def _condition_queryset():
    from ..models import Condition

    return Condition.objects.prefetch_related("symptom_links__symptom", "tags", "body_areas")


@transaction.atomic
def index_condition(condition_or_pk):
    """Create, update or remove the search document of one condition."""
    from ..models import Status

    pk = getattr(condition_or_pk, "pk", condition_or_pk)
    condition = _condition_queryset().filter(pk=pk, status=Status.PUBLISHED).first()
    if condition is None:
        SearchDocument.objects.filter(condition_id=pk).delete()
        return None
    values = condition_document(condition)
    document, _ = SearchDocument.objects.update_or_create(condition=condition, defaults=values)
    document.facets.all().delete()
    SearchFacet.objects.bulk_create(_facet_rows(document, condition_facets(condition)))
    get_backend().update_vectors([document])
    _add_vocabulary(_vocabulary_of(values))
    return document


@transaction.atomic
def index_symptom(symptom_or_pk):
    """Create, update or remove a symptom's document, and refresh the conditions showing it."""
    from ..models import Status, Symptom

    pk = getattr(symptom_or_pk, "pk", symptom_or_pk)
    symptom = Symptom.objects.prefetch_related("body_areas").filter(pk=pk).first()
    if symptom is None or symptom.status != Status.PUBLISHED:
        SearchDocument.objects.filter(symptom_id=pk).delete()
    else:
        values = symptom_document(symptom)
        document, _ = SearchDocument.objects.update_or_create(symptom=symptom, defaults=values)
        get_backend().update_vectors([document])
        _add_vocabulary(_vocabulary_of(values))
    for condition_pk in _conditions_showing_symptom(pk):
        index_condition(condition_pk)


def _conditions_showing_symptom(symptom_pk):
    from ..models import ConditionSymptom

    return ConditionSymptom.objects.filter(symptom_id=symptom_pk).values_list(
        "condition_id", flat=True
    )


@transaction.atomic
def rebuild(batch_size=1000):
    """Rebuild every document, the engine's index and the vocabulary from scratch.

    Returns (conditions indexed, symptoms indexed).
    """
    from ..models import Status, Symptom

    backend = get_backend()
    backend.ensure_structures()
    SearchDocument.objects.all().delete()
    SearchTerm.objects.all().delete()
    vocabulary = set()
    conditions = symptoms = 0
    documents, facets = [], []

    def flush():
        created = SearchDocument.objects.bulk_create(documents, batch_size=batch_size)
        SearchFacet.objects.bulk_create(
            [row for document, pairs in zip(created, facets, strict=True) if pairs
             for row in _facet_rows(document, pairs)],
            batch_size=5000,
        )  # fmt: skip
        documents.clear()
        facets.clear()

    published = _condition_queryset().filter(status=Status.PUBLISHED).order_by("pk")
    for condition in published.iterator(chunk_size=batch_size):
        values = condition_document(condition)
        vocabulary |= _vocabulary_of(values)
        documents.append(SearchDocument(condition=condition, **values))
        facets.append(condition_facets(condition))
        conditions += 1
        if len(documents) >= batch_size:
            flush()
    published_symptoms = Symptom.objects.published().prefetch_related("body_areas")
    for symptom in published_symptoms.iterator(chunk_size=batch_size):
        values = symptom_document(symptom)
        vocabulary |= _vocabulary_of(values)
        documents.append(SearchDocument(symptom=symptom, **values))
        facets.append([])
        symptoms += 1
    flush()
    backend.rebuild()
    _add_vocabulary(vocabulary)
    return conditions, symptoms
