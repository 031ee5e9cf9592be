"""One `WorkIndex` per process, kept in step with the database through the `IndexChange` log.

Every query first reads the newest change (one indexed row); when other processes (or this one)
have logged changes since, only those works are re-read. A reused id or a pruned log means the
database moved under us, so the index is rebuilt.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.db import connections

from ficarchive.search.bitmaps.index import WorkIndex
from ficarchive.search.bitmaps.loading import tag_records_read, work_index_build, work_records_read
from ficarchive.search.models import IndexChange

# More changed works than this since the last query: rebuilding is cheaper than re-reading them.
REBUILD_AFTER = 50_000


@dataclass
class _State:
    index: WorkIndex | None = None
    seen: tuple[int, str] = (0, "")  # the newest change applied: (id, token)
    footprint_of: tuple[int, tuple[int, str]] | None = None  # the index last written out


_lock = threading.Lock()
_state = _State()


def _newest() -> tuple[int, str]:
    # Read before every search: plain SQL, without the ORM's cost of building the query.
    with connections[IndexChange.objects.db].cursor() as cursor:
        cursor.execute(
            f"SELECT id, token FROM {IndexChange._meta.db_table} ORDER BY id DESC LIMIT 1"
        )
        row = cursor.fetchone()
    return (int(row[0]), str(row[1])) if row else (0, "")


def work_index_current() -> WorkIndex:
    """This process's index, brought up to date with every change logged so far."""
    with _lock:
        newest = _newest()
        index = _state.index
        if index is None or (
            newest != _state.seen and not _apply_changes(index, _state.seen, newest)
        ):
            index = _state.index = work_index_build()
            index.built_stamp = time.time_ns()  # new for every build, even of a restored database
        _state.seen = newest
        return index


def _apply_changes(index: WorkIndex, seen: tuple[int, str], newest: tuple[int, str]) -> bool:
    """Apply the changes after `seen`; False when only a rebuild can be trusted."""
    seen_id, seen_token = seen
    if newest[0] <= seen_id:
        return False
    if seen_id:
        still = IndexChange.objects.filter(id=seen_id).values_list("token", flat=True).first()
        if still != seen_token:
            return False
    changes = list(
        IndexChange.objects.filter(id__gt=seen_id, id__lte=newest[0]).values_list(
            "id", "kind", "work_id"
        )
    )
    kinds = {kind for _, kind, _ in changes}
    work_ids = sorted({wid for _, kind, wid in changes if kind == IndexChange.Kind.WORK and wid})
    if IndexChange.Kind.ALL in kinds or len(work_ids) > REBUILD_AFTER:
        return False
    found = {record.id: record for record in work_records_read(work_ids)}
    unknown_tags = any(t not in index.tags for r in found.values() for t in r.tag_ids)
    if IndexChange.Kind.TAGS in kinds or unknown_tags:
        index.tags_load(tag_records_read())
    for wid in work_ids:
        if wid in found:
            index.work_add(found[wid])
        else:
            index.work_remove(wid)
    for change_id, kind, subject in changes:
        if kind == IndexChange.Kind.WORK and subject is not None:
            index.stamps.set(subject, change_id)
        elif kind == IndexChange.Kind.TAGS:
            index.tags_stamp = change_id
    return True


def index_changes_seen() -> tuple[int, str]:
    """The newest logged change (id, token) this process's index has taken in."""
    return _state.seen


def work_index_forget() -> None:
    """Drop this process's index (the next query rebuilds it)."""
    with _lock:
        _state.index = None
        _state.seen = (0, "")


def work_index_share() -> None:
    """Make this process's index current and ready to be inherited by processes forked from it.

    Database connections are closed (a child must never reuse its parent's socket), and every
    object is frozen out of the garbage collector, whose passes would otherwise write to, and so
    copy into each child, the pages that hold the index. Memory the build freed is handed back to
    the system: left resident, it is shared with each child until the child's own allocations
    land in it, and then copied.
    """
    index = work_index_current()
    index.prepare()  # what queries would make on first use, made once for every worker
    footprint = os.environ.get("FICARCHIVE_INDEX_FOOTPRINT")
    if footprint and _state.footprint_of != (id(index), _state.seen):
        # For `bench pages`: where the shared index lies, to count the pages workers copy.
        from ficarchive.search.bitmaps.footprint import footprint_write

        footprint_write(index, Path(footprint))
        _state.footprint_of = (id(index), _state.seen)
    connections.close_all()
    gc.collect()
    gc.freeze()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to hand back
        ctypes.CDLL("libc.so.6").malloc_trim(0)
