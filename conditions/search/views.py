from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import service


@require_GET
def search(request):
    """The search page: results, filters with counts, red-flag cards and spelling help."""
    outcome = service.search(
        request.GET.get("q", ""), params=request.GET, page_number=request.GET.get("page")
    )
    return render(request, "conditions/search.html", {"outcome": outcome, "query": outcome.query})


@require_GET
def suggest(request):
    """Names starting with what has been typed, as JSON for the search box script."""
    data = service.suggest(request.GET.get("q", ""))
    response = JsonResponse({"query": request.GET.get("q", "")[:200], **data})
    response["Cache-Control"] = "public, max-age=300"
    return response
