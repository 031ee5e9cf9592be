"""`ficarchive reindex`: rebuild the full-text index from the database; processes rebuild their
bitmaps. `--pending` indexes only what waits in the outbox. `--check` compares the index with the database work by work, reports where they
disagree and repairs that (`--dry-run`: report only, exit status 1 when they disagree)."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ficarchive.search.indexing import (
    IndexCheck,
    index_check,
    index_pending_drain,
    index_rebuild,
)

SHOWN = 20


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the database; with --check, report the works the index "
        "and the database disagree on and repair them."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="compare the index with the database and repair the works they disagree on",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="with --check: report only, repair nothing"
        )
        parser.add_argument(
            "--pending",
            action="store_true",
            help="index only the works waiting in the indexing outbox (what a crash left)",
        )

    def handle(self, *args: str, check: bool, dry_run: bool, pending: bool, **options: Any) -> None:
        started = time.perf_counter()
        if pending:
            count = index_pending_drain()
            if count or options["verbosity"] > 1:
                self.stdout.write(f"Indexed {count} works that were waiting.")
            return
        if not check:
            count = index_rebuild(
                progress=lambda done, total: (
                    self.stderr.write(f"{done}/{total} works") if options["verbosity"] > 1 else None
                )
            )
            elapsed = time.perf_counter() - started
            self.stdout.write(f"Indexed {count} works in {elapsed:.1f}s.")
            return
        found = index_check(repair=not dry_run)
        elapsed = time.perf_counter() - started
        self.stdout.write(_report(found, elapsed))
        if found.disagreeing and dry_run:
            raise CommandError("the index and the database disagree", returncode=1)
        if found.disagreeing:
            self.stdout.write(f"Repaired: {len(found.disagreeing)} works indexed again.")


def _report(found: IndexCheck, elapsed: float) -> str:
    parts = [
        ("missing from the index", found.missing),
        ("stale in the index", found.stale),
        ("in the index but not the archive", found.orphans),
        ("waiting to be indexed", found.pending),
    ]
    lines = [
        f"Checked the index in {elapsed:.1f}s: {len(found.disagreeing)} works disagree with the "
        "database."
    ]
    for label, ids in parts:
        if ids:
            shown = ", ".join(map(str, ids[:SHOWN])) + (" …" if len(ids) > SHOWN else "")
            lines.append(f"  {len(ids)} {label}: {shown}")
    return "\n".join(lines)
