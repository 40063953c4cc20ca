from django.core.management.base import BaseCommand

from conditions.loading import load_library


class Command(BaseCommand):
    help = (
        "Load the shipped leg pain & weakness library. Safe to run again: items that "
        "already exist are left as editors made them, unless --update is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Overwrite existing items with the shipped text (editors' changes are lost).",
        )

    def handle(self, *args, update=False, **options):
        report = load_library(update=update)
        for line in report.lines():
            self.stdout.write(line)
