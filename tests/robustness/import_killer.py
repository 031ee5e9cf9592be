"""Run `ficarchive import` in this process and kill it with SIGKILL at a chosen point.

Used by test_import_crashes.py as `python import_killer.py POINT N PATH...`. The points:
- `store`: inside the transaction of the Nth new work, after every row of it is written (new
  works are written together, a batch at a time: the batch holding the Nth is written);
- `between`: before the Nth file is read (the works before it are committed, not yet indexed);
- `indexing`: inside the Nth batch of the final indexing, after its text is stored;
- `text`: after an import that left the story text for later (`text_later`, as the command
  does), before the drain that indexes it: works and metadata stored, the text waiting;
- `batch`: as `store`, with batches of BATCH_WORKS (5) works per transaction: the batches
  before the Nth work's are committed, its own is not.
The process really dies (no cleanup, no commit): the state it leaves is what a crash leaves.
"""

from __future__ import annotations

import os
import signal
import sys

# Works per transaction at the `batch` point.
BATCH_WORKS = 5


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def stored_in_bulk(real, calls: dict, nth: int):
    """`works_create_bulk` counting the works it writes; dies once the Nth is written."""

    def wrapper(*, items):
        works = real(items=items)
        calls["n"] += len(items)
        if calls["n"] >= nth:
            die()
        return works

    return wrapper


def arm(point: str, nth: int) -> None:
    from ficarchive.importing import batches, services
    from ficarchive.search import indexing

    calls = {"n": 0}

    def counted(real, *, before: bool, only_if=lambda *a, **k: True):
        def wrapper(*args, **kwargs):
            if only_if(*args, **kwargs):
                calls["n"] += 1
                if before and calls["n"] == nth:
                    die()
            result = real(*args, **kwargs)
            if not before and calls["n"] == nth and only_if(*args, **kwargs):
                die()
            return result

        return wrapper

    if point == "batch":
        batches.BATCH_WORKS = BATCH_WORKS
    if point in ("store", "batch"):
        services.work_create_from_parsed = counted(services.work_create_from_parsed, before=False)
        batches.works_create_bulk = stored_in_bulk(batches.works_create_bulk, calls, nth)
    elif point == "between":
        batches.import_read = counted(batches.import_read, before=True)
    elif point == "text":
        real = batches.import_path

        def then_die(**kwargs):
            real(**kwargs, text_later=True)
            die()

        batches.import_path = then_die
    elif point == "indexing":
        indexing.DRAIN_BATCH = 4
        indexing.works_index = counted(
            indexing.works_index, before=False, only_if=lambda ids, *a, **k: bool(list(ids))
        )
    else:
        raise SystemExit(f"unknown point {point!r}")


def main() -> int:
    point, nth, paths = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    from ficarchive.cli import migrate_if_needed, setup_django

    setup_django()
    migrate_if_needed()
    arm(point, nth)
    from ficarchive.importing import batches

    batches.import_path(paths=paths)
    return 0


if __name__ == "__main__":
    sys.exit(main())
