import json

from django.core.management.base import BaseCommand, CommandError

from conditions.content_transfer import ImportProblems, import_content


def _no_repeated_keys(pairs):
    # json keeps the last of two equal keys silently; in a hand-edited file the first
    # may be the one the editor meant, so a repeat is refused rather than guessed at.
    record = dict(pairs)
    if len(record) < len(pairs):
        keys = [key for key, _ in pairs]
        key = next(key for key in keys if keys.count(key) > 1)
        where = f" (slug {record['slug']!r})" if isinstance(record.get("slug"), str) else ""
        raise ValueError(f"the key {key!r} appears twice in one record{where}")
    return record


def read(file):
    """The parsed file; raises ``ImportProblems`` (naming the file) if it is not JSON."""
    try:
        # utf-8-sig: a byte-order mark from a Windows editor is not a reason to refuse.
        with open(file, encoding="utf-8-sig") as handle:
            return json.load(handle, object_pairs_hook=_no_repeated_keys)
    except (OSError, ValueError) as error:
        # ValueError covers malformed JSON, a truncated file and bytes that are not UTF-8.
        raise ImportProblems([f"file: could not read {file}: {error}"]) from error
    except RecursionError as error:
        raise ImportProblems([f"file: {file} is nested too deeply to be an export"]) from error


class Command(BaseCommand):
    help = (
        "Import content written by export_content. Every record is checked first; if any is "
        "invalid, nothing is changed and each problem is listed with its record."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            counts = import_content(read(file))
        except ImportProblems as error:
            # The problems go into the error itself, so every caller (the command line,
            # call_command, a deploy script) sees what to fix, not only a count.
            listing = "\n".join(f"- {problem}" for problem in error.problems)
            raise CommandError(f"{error}\n{listing}") from error
        self.stdout.write(
            f"Imported {counts['conditions']} conditions and {counts['symptoms']} symptoms."
        )
