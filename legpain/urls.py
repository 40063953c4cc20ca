from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from conditions import health
from conditions.sitemaps import SITEMAPS

admin.site.site_header = "legpain editors"
admin.site.site_title = "legpain editors"
admin.site.index_title = "Leg pain library"

# Django's default 500 page has no context, so it could not name the local emergency
# number; this one can, without touching the database or the cache.
handler500 = "conditions.views.server_error"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
    path("", include("conditions.urls")),
]
