from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django_ratelimit.decorators import ratelimit

from ..caching import cache_query_params
from ..models import Symptom
from . import service


@cache_query_params("q", "page", *(spec.param for spec in service.FILTERS))
@require_GET
@ratelimit(key="ip", rate=lambda group, request: settings.SEARCH_RATE, block=True)
def search(request):
    """The search page: results, filters with counts, red-flag cards and spelling help."""
    outcome = service.search(
        request.GET.get("q", ""), params=request.GET, page_number=request.GET.get("page")
    )
    context = {"outcome": outcome, "query": outcome.query}
    if not outcome.results:
        context["popular_symptoms"] = Symptom.objects.published().most_common()[:8]
    return render(request, "conditions/search.html", context)


@cache_query_params("q")
@require_GET
@ratelimit(key="ip", rate=lambda group, request: settings.SUGGEST_RATE, block=True)
def suggest(request):
    """Names starting with what has been typed, as JSON for the search box script."""
    data = service.suggest(request.GET.get("q", ""))
    # Cached by the page cache like every reader page, and revalidated by browsers
    # ("no-cache"): a suggestion shows a care level, which must never be stale.
    return JsonResponse({"query": request.GET.get("q", "")[:200], **data})
