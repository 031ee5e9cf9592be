"""A time limit on the database statements of one search, so no query can hold a worker.

PostgreSQL gets `statement_timeout` for the statements inside the block (the previous value is put
back after); SQLite gets a progress handler that interrupts a statement past the deadline. Either
way a statement that runs too long raises `SearchTimeout`, and the search reports it in its notes.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.utils import DatabaseError

DEFAULT_MS = 3000
# SQLite calls the progress handler every this many virtual-machine instructions.
SQLITE_CHECK_EVERY = 10_000
TIMEOUT_NOTE = "The search took too long and was stopped; try fewer or more specific words."


class SearchTimeout(Exception):
    """A search statement ran past the time limit and was cancelled."""


def search_time_limit_ms() -> int:
    """The limit from `FICARCHIVE_SEARCH_TIMEOUT_MS` (default 3,000 ms)."""
    return int(getattr(settings, "FICARCHIVE_SEARCH_TIMEOUT_MS", DEFAULT_MS))


@contextmanager
def search_time_limit(ms: int | None = None) -> Iterator[None]:
    """Run the block's statements under a time limit; raises `SearchTimeout` when it is passed.

    The block runs in a savepoint when a transaction is open, so a cancelled statement leaves
    the surrounding transaction usable.
    """
    limit = search_time_limit_ms() if ms is None else ms
    if connection.vendor == "postgresql":
        with _postgres_limit(limit):
            yield
    elif connection.vendor == "sqlite":
        with _sqlite_limit(limit):
            yield
    else:
        yield


@contextmanager
def _postgres_limit(ms: int) -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('statement_timeout'), set_config('statement_timeout', %s,"
            " false)",
            [f"{max(int(ms), 1)}ms"],
        )
        previous = cursor.fetchone()[0]
    # Outside a transaction each statement stands alone; inside one, a savepoint keeps a cancelled
    # statement from spoiling the rest of it.
    block = transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()
    try:
        with block:
            yield
    except DatabaseError as exc:
        if getattr(exc.__cause__, "sqlstate", None) == "57014":  # query_canceled
            raise SearchTimeout(str(exc)) from exc
        raise
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, false)", [previous])


@contextmanager
def _sqlite_limit(ms: int) -> Iterator[None]:
    connection.ensure_connection()
    raw = connection.connection
    deadline = time.monotonic() + ms / 1000
    raw.set_progress_handler(lambda: int(time.monotonic() > deadline), SQLITE_CHECK_EVERY)
    try:
        yield
    except OperationalError as exc:
        if "interrupted" in str(exc):
            raise SearchTimeout(str(exc)) from exc
        raise
    finally:
        raw.set_progress_handler(None, SQLITE_CHECK_EVERY)
