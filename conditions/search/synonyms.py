"""The editors' synonym table, as the query parser wants it."""

from django.core.cache import cache
from django.db.models import Count, Max

from .query import tokenize

CACHE_KEY = "search:synonyms:{stamp}"


def synonym_map():
    """{phrase tokens: (every phrase in its group)} for all synonym groups.

    Cached under a key that changes whenever a group is added, edited or deleted, so an
    edit in the admin takes effect on the next search in every process.
    """
    from ..models import Synonym

    stamp = Synonym.objects.aggregate(count=Count("id"), changed=Max("updated_at"))
    key = CACHE_KEY.format(stamp=f"{stamp['count']}-{stamp['changed']}").replace(" ", "_")
    mapping = cache.get(key)
    if mapping is None:
        mapping = {}
        for group in Synonym.objects.all():
            phrases = tuple(dict.fromkeys(" ".join(tokenize(p)) for p in group.phrase_list))
            phrases = tuple(phrase for phrase in phrases if phrase)
            for phrase in phrases:
                # A phrase in several groups gets every group's alternatives.
                merged = mapping.get(tuple(phrase.split()), ()) + phrases
                mapping[tuple(phrase.split())] = tuple(dict.fromkeys(merged))
        cache.set(key, mapping, 3600)
    return mapping
