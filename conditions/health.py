"""/healthz: can this app server reach its database and its cache? Cheap enough for a
load balancer to ask every few seconds."""

import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """200 with {"database": "ok", "cache": "ok"}, or 503 naming what failed."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:  # any failure means "not healthy", whatever the driver raised
        checks["database"] = "unreachable"
    try:
        probe = uuid.uuid4().hex
        cache.set("healthz", probe, 10)
        checks["cache"] = "ok" if cache.get("healthz") == probe else "not storing"
    except Exception:
        checks["cache"] = "unreachable"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(checks, status=200 if healthy else 503)
