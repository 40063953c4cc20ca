from django.shortcuts import render

from . import search as run_search


def search(request):
    """The search results page; an empty query shows help instead of results."""
    raw_query = request.GET.get("q", "")
    results = run_search(raw_query)
    return render(request, "conditions/search.html", {"results": results, "query": results.query})
