"""WSGI entry point (gunicorn legpain.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legpain.settings")

application = get_wsgi_application()
