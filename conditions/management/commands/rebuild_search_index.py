import time

from django.core.management.base import BaseCommand

from conditions.search import indexing
from conditions.search.backends import get_backend


class Command(BaseCommand):
    help = "Rebuild the search index (documents, engine index, vocabulary) from scratch."

    def handle(self, *args, **options):
        started = time.perf_counter()
        conditions, symptoms = indexing.rebuild()
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Indexed {conditions} conditions and {symptoms} symptoms with "
            f"{get_backend().name} in {seconds:.1f} s."
        )
