"""Values every page template needs."""

from django.conf import settings

from . import care_numbers


def site(request):
    """The site name and the numbers to call (see ``care_numbers``)."""
    emergency = care_numbers.emergency()
    return {
        "SITE_NAME": settings.SITE_NAME,
        # In a sentence: "call {{ EMERGENCY_NUMBER }} now".
        "EMERGENCY_NUMBER": str(emergency),
        "EMERGENCY": emergency,
        "URGENT_CARE": care_numbers.urgent_care(),
    }
