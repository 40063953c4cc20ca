"""A bare Django view returning a fixed page: the ceiling the load benchmark compares with.

It runs through the same settings, middleware and gunicorn configuration as the site
(ROOT_URLCONF=bench.ceiling_urls), so the difference is the site's own work.
"""

from django.http import HttpResponse
from django.urls import path

PAGE = ("<!doctype html><title>ceiling</title>" + "<p>Fixed page.</p>" * 600).encode()


def fixed_page(request):
    return HttpResponse(PAGE)


urlpatterns = [path("", fixed_page)]
