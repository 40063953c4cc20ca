"""Site search.

This first version matches every word of the query against names, aliases, summaries and
symptom names. The full-text engines (SQLite FTS5 and PostgreSQL) replace it behind the
same ``search()`` function.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Q

from ..models import Condition, Symptom

MAX_QUERY_LENGTH = 200
WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class SearchResults:
    query: str
    conditions: list = field(default_factory=list)
    symptoms: list = field(default_factory=list)
    was_truncated: bool = False


def clean_query(raw):
    """Strip control characters and cut the query to ``MAX_QUERY_LENGTH`` characters."""
    text = "".join(ch for ch in raw if ch.isprintable() or ch == " ").strip()
    return text[:MAX_QUERY_LENGTH], len(text) > MAX_QUERY_LENGTH


def search(raw_query):
    """Published conditions and symptoms matching every word of ``raw_query``."""
    query, was_truncated = clean_query(raw_query)
    words = WORD.findall(query.lower())[:12]
    results = SearchResults(query=query, was_truncated=was_truncated)
    if not words:
        return results
    condition_filter = Q()
    symptom_filter = Q()
    for word in words:
        condition_filter &= (
            Q(name__icontains=word)
            | Q(aliases__icontains=word)
            | Q(summary__icontains=word)
            | Q(symptoms__name__icontains=word)
        )
        symptom_filter &= Q(name__icontains=word) | Q(aliases__icontains=word)
    results.conditions = list(
        Condition.objects.published().for_listing().filter(condition_filter).distinct()
    )
    results.symptoms = list(Symptom.objects.published().filter(symptom_filter))
    return results
