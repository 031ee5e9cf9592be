"""`ficarchive reindex`: rebuild the full-text index from the database; processes rebuild their bitmaps."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from ficarchive.search.indexing import index_rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from the database."

    def handle(self, *args: str, **options: Any) -> None:
        started = time.perf_counter()
        count = index_rebuild(
            progress=lambda done, total: (
                self.stderr.write(f"{done}/{total} works") if options["verbosity"] > 1 else None
            )
        )
        elapsed = time.perf_counter() - started
        self.stdout.write(f"Indexed {count} works in {elapsed:.1f}s.")
