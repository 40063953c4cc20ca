from django.apps import AppConfig


class ConditionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "conditions"
    verbose_name = "Leg pain library"

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers the search index check)
            content_version,  # noqa: F401  (content changes bump the version)
        )
        from .checker import signals as checker_signals  # noqa: F401  (derived warning signs)
        from .search import signals  # noqa: F401  (connects the index to the content)
