"""What a database error means for the caller, on SQLite and PostgreSQL alike.

Two kinds matter outside the query that hit them: *transient* conflicts between writers (a
PostgreSQL deadlock or serialization failure, SQLite's "database is locked"), which the same
transaction run again will get past, and a *full disk*, where writes must fail with a clear
message while reads go on.
"""

from __future__ import annotations

import errno
import logging
import random
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)
T = TypeVar("T")

# SQLSTATEs: deadlock_detected, serialization_failure, lock_not_available.
TRANSIENT_STATES = {"40P01", "40001", "55P03"}
# disk_full, out_of_memory / insufficient_resources that PostgreSQL raises when it cannot extend
# a file.
DISK_FULL_STATES = {"53100"}
SQLITE_BUSY_WORDS = ("database is locked", "database table is locked", "database is busy")
SQLITE_FULL_WORDS = ("database or disk is full",)
DISK_FULL_MESSAGE = (
    "The archive's disk is full, so nothing could be saved. Reading still works; "
    "please try again later."
)


def _causes(exc: BaseException | None) -> Iterator[BaseException]:
    """`exc` and the exceptions it was raised from or during, innermost last."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def _sqlstate(exc: BaseException) -> str | None:
    for cause in _causes(exc):
        state = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
        if state:
            return state
    return None


def error_is_transient(exc: BaseException) -> bool:
    """True for a conflict between concurrent writers that a retry of the transaction clears."""
    if not isinstance(exc, DatabaseError):
        return False
    if _sqlstate(exc) in TRANSIENT_STATES:
        return True
    message = str(exc).lower()
    return any(words in message for words in SQLITE_BUSY_WORDS)


def error_is_disk_full(exc: BaseException) -> bool:
    """True when a write failed because the disk (or the database's size limit) is full."""
    for cause in _causes(exc):
        if isinstance(cause, OSError) and cause.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if isinstance(cause, DatabaseError) or type(cause).__module__.startswith(
            ("sqlite3", "psycopg")
        ):
            if _sqlstate(cause) in DISK_FULL_STATES:
                return True
            message = str(cause).lower()
            if any(words in message for words in SQLITE_FULL_WORDS):
                return True
    return False


def transaction_retry(work: Callable[[], T], *, attempts: int = 6, what: str = "write") -> T:
    """Run `work` (which opens its own transaction) again after a transient conflict, with a
    short random back-off; the last failure is raised. Must be called outside any transaction:
    inside one, a conflict has already spoiled the whole of it."""
    if connection.in_atomic_block:
        return work()
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except DatabaseError as exc:
            if attempt == attempts or not error_is_transient(exc):
                raise
            logger.warning("%s: %s; trying again (%d/%d)", what, exc, attempt, attempts - 1)
            time.sleep(random.uniform(0.05, 0.2) * attempt)
    raise AssertionError("unreachable")
