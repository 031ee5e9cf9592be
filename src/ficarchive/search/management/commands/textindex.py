"""`ficarchive textindex [--follow]`: bring the Tantivy text index up to date with the database.

Without `--follow` it applies what the change log holds and exits (waiting for the writer while
another process holds it). With `--follow` it is the machine's indexer: it keeps the writer and
applies each change as it is logged, until stopped; `ficarchive serve` runs one beside the web
server.
"""

from __future__ import annotations

import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ficarchive.search.textindex.follow import CatchUp, text_index_catch_up, text_index_follow


class Command(BaseCommand):
    help = "Bring the text index up to date with the database (--follow: keep doing it)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--follow", action="store_true", help="keep following the change log")
        parser.add_argument("--poll", type=float, default=0.5, help="seconds between looks")
        parser.add_argument(
            "--wait", type=float, default=600.0, help="longest wait for the writer (seconds)"
        )

    def handle(self, *args: str, **options: Any) -> None:
        if options["follow"]:
            stopping = {"now": False}

            def stop(signum: int, frame: FrameType | None) -> None:
                stopping["now"] = True

            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, stop)
            text_index_follow(poll=options["poll"], stop=lambda: stopping["now"])
            return
        started = time.perf_counter()
        outcome = text_index_catch_up(
            wait=options["wait"],
            progress=lambda done, total: (
                self.stderr.write(f"{done}/{total} works") if options["verbosity"] > 1 else None
            ),
        )
        elapsed = time.perf_counter() - started
        if outcome is CatchUp.BUSY:
            self.stderr.write("Another process holds the text index's writer; it applies the log.")
            return
        self.stdout.write(f"Text index {outcome.value} in {elapsed:.1f}s.")
