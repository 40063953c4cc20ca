import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "editor"


class Command(BaseCommand):
    help = (
        "For local development only: create (or reset) a superuser called 'editor' with a "
        "fresh random password and print how to log in to the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--port", type=int, default=8000, help="the development server's port (make run PORT=)"
        )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "create_local_editor only runs with DEBUG=1. In production, use "
                "'python manage.py createsuperuser'."
            )
        password = secrets.token_urlsafe(12)
        user, created = get_user_model().objects.get_or_create(username=USERNAME)
        user.is_staff = True
        user.is_superuser = True
        user.set_password(password)
        user.save()
        action = "Created" if created else "Reset the password of"
        self.stdout.write(
            f"{action} the local admin account.\n"
            f"  Admin:    http://127.0.0.1:{options['port']}/{settings.ADMIN_URL}\n"
            f"  Username: {USERNAME}\n"
            f"  Password: {password}\n"
            "(A new password is made each time you run 'make run'; local use only.)"
        )
