import json

from django.core.management.base import BaseCommand

from conditions.content_transfer import export_content


class Command(BaseCommand):
    help = "Write all content (conditions, symptoms, links, references, tags, ...) to a JSON file."

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="Where to write the export, e.g. content.json ('-' for stdout)."
        )

    def handle(self, *args, file, **options):
        text = json.dumps(export_content(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        if file == "-":
            self.stdout.write(text, ending="")
            return
        with open(file, "w", encoding="utf-8") as handle:
            handle.write(text)
        self.stderr.write(f"Wrote {file}.")
