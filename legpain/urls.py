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
