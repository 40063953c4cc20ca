"""Values every page template needs."""

from django.conf import settings


def site(request):
    """Expose the site name and the emergency number to every template."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "EMERGENCY_NUMBER": settings.EMERGENCY_NUMBER,
    }
