"""When the database cannot answer, say so properly: 503 with Retry-After, not 500.

The database backend (legpain/postgresql/) turns a stalled or refused connection into
OperationalError within its deadline, and its circuit breaker then refuses at once for a
moment. That is an outage, not a bug in the page: the reader gets the same friendly page
as for any error (it names the emergency number), with status 503 and ``Retry-After``,
so crawlers and scripts come back later instead of dropping the page. The outage itself
is logged once a minute by the breaker, not once per request.
"""

from django.db import InterfaceError, OperationalError

from conditions.views import server_error

RETRY_AFTER_SECONDS = 5


class DatabaseUnavailableMiddleware:
    """Answer a view's database outage with the error page, status 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        """503 for OperationalError/InterfaceError; anything else goes on to handler500."""
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        response = server_error(request)
        response.status_code = 503
        response.reason_phrase = "Service Unavailable"
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
