"""'Did you mean …?': corrections from the content's own vocabulary, never a fixed list."""

from django.core.cache import cache
from django.db.models import Count, Max

from .backends import get_backend
from .models import SearchTerm
from .query import STOP_WORDS

MIN_WORD_LENGTH = 4


def _vocabulary():
    """Every indexed word, cached until the vocabulary changes (SQLite's engine needs it)."""
    stamp = SearchTerm.objects.aggregate(count=Count("id"), last=Max("id"))
    key = f"search:vocabulary:{stamp['count']}-{stamp['last']}"
    words = cache.get(key)
    if words is None:
        words = list(SearchTerm.objects.values_list("word", flat=True))
        cache.set(key, words, 3600)
    return words


def corrections(parsed, matches_alone):
    """{misspelt word: correction} for the typed words the site does not know.

    A word counts as known if it is in the vocabulary or if the engine matches it on its
    own (so "walks" is known where the text says "walking": the stemmer joins them).
    ``matches_alone(word)`` asks the engine that.
    """
    candidates = [word for word in parsed.typed_words if len(word) >= MIN_WORD_LENGTH]
    if not candidates:
        return {}
    known = set(SearchTerm.objects.filter(word__in=candidates).values_list("word", flat=True))
    unknown = [word for word in candidates if word not in known and not word.isdigit()]
    if not unknown:
        return {}
    backend = get_backend()
    vocabulary = _vocabulary() if backend.name.startswith("sqlite") else None
    found = {}
    for word in unknown:
        if matches_alone(word):
            continue
        # The vocabulary only grows between rebuilds; offer a word only if published
        # content still has it.
        closest = [
            match
            for match in backend.closest_words(word, vocabulary, limit=3)
            if match != word and match not in STOP_WORDS and matches_alone(match)
        ]
        if closest:
            found[word] = closest[0]
    return found
