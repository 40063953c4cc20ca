import json

from django.core.management.base import BaseCommand, CommandError

from conditions.content_transfer import ImportProblems, import_content


class Command(BaseCommand):
    help = (
        "Import content written by export_content. Every record is checked first; if any is "
        "invalid, nothing is changed and each problem is listed with its record."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError) as error:
            raise CommandError(f"Could not read {file}: {error}") from error
        try:
            counts = import_content(data)
        except ImportProblems as error:
            for problem in error.problems:
                self.stderr.write(f"- {problem}")
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Imported {counts['conditions']} conditions and {counts['symptoms']} symptoms."
        )
