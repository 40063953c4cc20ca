from django.apps import AppConfig


class ConditionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "conditions"
    verbose_name = "Leg pain library"
