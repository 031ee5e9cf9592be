"""Keeping the text index in step with the database, through crashes, one writer at a time.

The feed is the database's change log (`IndexChange`): every change to a work's searchable text
writes a row in the same transaction as the change, so what is committed is logged and what is
logged is committed. The index remembers the last change it took in (its *cursor*: the row's id
and random token) in a document committed together with the changes, so after a crash, a full
disk or a killed process it resumes from its last commit: nothing is lost, and nothing needs the
crash to be noticed. An index with no cursor, a cursor the log no longer holds (a restored or
rolled-back database, a pruned log) or an `ALL` change means the index is rebuilt from the
database; a rebuild at an empty log first logs a marker, so a cursor always names a real row.

Tantivy lets one writer at a time hold a folder (a lock file, across processes). Whoever holds
it applies the changes: `ficarchive serve` runs one indexer process that keeps the writer and
follows the log (`text_index_follow`); any other process that finds the index behind takes the
writer only if it is free and the backlog small (`text_index_for_query`), so a web request never
rebuilds an archive, and commands (`import`, `reindex`) catch up in full when they end. Readers,
in any number of processes, reload when the log has moved past what they read. Several
machines (PostgreSQL) each keep their own folder, following the one log.

On PostgreSQL, transactions commit out of id order: a change with a lower id can become visible
after a higher one was taken in. The ids skipped over are kept with the cursor as *gaps* and
looked for again until they appear or are older than any transaction could be.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

import tantivy
from django.conf import settings
from django.db import close_old_connections, transaction
from django.db.models import Count

from ficarchive.search.documents import work_documents
from ficarchive.search.models import IndexChange
from ficarchive.search.textindex.schema import (
    CURSOR_ID,
    IN_MEMORY,
    TOKENIZER,
    index_location,
    text_analyzer,
    text_schema,
    work_document,
)
from ficarchive.works.models import Work

logger = logging.getLogger(__name__)

# Changes read per commit while following the log.
CHANGES_PER_COMMIT = 5000
# More works than this changed since the cursor: rebuilding is cheaper than replacing each.
REBUILD_AFTER = 50_000
# A request applies a backlog of at most this many works itself (a command applies any).
REQUEST_BACKLOG = 500
# How often a process whose index is behind looks again for the same change.
RETRY_SECONDS = 1.0
# Ids skipped over in the log are looked for this long, and only this close to the cursor.
GAP_SECONDS = 600.0
GAP_WINDOW = 1000
# The writer's memory budget. It is a ceiling, taken only as documents come (a follower's small
# commits use little of it), and a rebuild writes a segment each time it is full: every search
# pays for each segment it walks, and at 100,000 works this budget writes one where 64 MB wrote
# six (the large text + filters query: 0.11 ms less in the engine).
WRITER_HEAP = 512_000_000
WORKS_PER_BATCH = 2000

_Row = tuple[int, str, int | None, str]


@dataclass(frozen=True)
class Cursor:
    """The last change the index took in, and the ids skipped before it (id -> first seen)."""

    change_id: int
    token: str
    gaps: dict[int, float] = field(default_factory=dict)

    @property
    def key(self) -> tuple[int, str]:
        return (self.change_id, self.token)

    def to_json(self) -> str:
        return json.dumps({"id": self.change_id, "token": self.token, "gaps": self.gaps})

    @classmethod
    def from_json(cls, text: str) -> Cursor:
        data = json.loads(text)
        gaps = {int(k): float(v) for k, v in data.get("gaps", {}).items()}
        return cls(change_id=int(data["id"]), token=str(data["token"]), gaps=gaps)


class CatchUp(Enum):
    """What a catch-up did."""

    CURRENT = "current"  # nothing was missing
    APPLIED = "applied"  # the missing changes were taken in
    BUSY = "busy"  # another process holds the writer (it applies them)
    TOO_FAR = "too far"  # more than this caller may apply; left to the indexer or a command


@dataclass
class TextIndex:
    """This process's handle on the index: the Tantivy index, its cursor as last read (None:
    never built), and the newest logged change this process last tried to bring it to."""

    index: tantivy.Index
    schema: tantivy.Schema
    location: str
    pid: int
    configured: tuple[object, ...] = ()
    cursor: Cursor | None = None
    tried: tuple[int, str] = (0, "")
    tried_at: float = 0.0

    def searcher(self) -> tantivy.Searcher:
        return self.index.searcher()

    def reload(self) -> None:
        """See the newest commit (of any process) and its cursor."""
        self.index.reload()
        self.cursor = cursor_read(self.index.searcher(), self.schema)

    def behind(self, newest: tuple[int, str]) -> bool:
        """Whether changes up to `newest` may be missing from what this handle reads."""
        return self.cursor is None or self.cursor.key != newest or bool(self.cursor.gaps)


_lock = threading.RLock()
_opened: TextIndex | None = None


def _index_open(location: str, schema: tantivy.Schema) -> tantivy.Index:
    if location == IN_MEMORY:
        index = tantivy.Index(schema)
    else:
        folder = Path(location)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            index = tantivy.Index(schema, path=location, reuse=True)
        except ValueError:
            # Derived data: a folder that cannot be opened (another schema, a damaged file) is
            # set aside and built again from the database.
            logger.exception("text index at %s cannot be opened; building it again", location)
            shutil.move(location, f"{location}.broken-{int(time.time())}")
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            index = tantivy.Index(schema, path=location, reuse=True)
    index.register_tokenizer(TOKENIZER, text_analyzer())
    index.config_reader("manual", 0)
    return index


def text_index() -> TextIndex:
    """This process's handle (opened on first use in each process: never inherited by a fork)."""
    global _opened
    opened = _opened
    configured = (settings.FICARCHIVE_TEXT_INDEX, settings.DATA_DIR)
    if opened is not None and opened.pid == os.getpid() and opened.configured == configured:
        return opened
    with _lock:
        location = index_location()
        schema = text_schema()
        opened = TextIndex(
            index=_index_open(location, schema),
            schema=schema,
            location=location,
            pid=os.getpid(),
            configured=configured,
        )
        opened.reload()
        _opened = opened
        return opened


def text_index_reset() -> None:
    """Empty this process's index and let it follow the change log from its very start, as the
    tests need: each test's transaction begins with an empty log and is rolled back."""
    opened = text_index()
    with _lock:
        writer = _writer_take(opened.index, wait=5.0)
        if writer is None:
            raise RuntimeError("the text index is being written by another process")
        try:
            writer.delete_all_documents()
            writer.add_document(_cursor_document(Cursor(change_id=0, token="")))
            writer.commit()
        finally:
            _writer_release(writer)
        opened.reload()
        opened.tried = (0, "")


def text_index_forget() -> None:
    """Drop this process's handle (the next use opens the index again)."""
    global _opened
    with _lock:
        _opened = None


def cursor_read(searcher: tantivy.Searcher, schema: tantivy.Schema) -> Cursor | None:
    """The cursor committed in the index (None in an index never built)."""
    query = tantivy.Query.term_query(schema, "id", CURSOR_ID)
    hits = searcher.search(query, limit=1, count=False).hits
    if not hits:
        return None
    stored = searcher.doc(hits[0][1]).get_first("cursor")
    return Cursor.from_json(stored) if stored else None


def _cursor_document(cursor: Cursor) -> tantivy.Document:
    made = tantivy.Document()
    made.add_unsigned("id", CURSOR_ID)
    made.add_text("cursor", cursor.to_json())
    return made


def newest_change() -> tuple[int, str]:
    """The newest row of the change log: (id, token), or (0, "") when the log is empty."""
    row = IndexChange.objects.order_by("-id").values_list("id", "token").first()
    return (row[0], row[1]) if row else (0, "")


def _cursor_valid(cursor: Cursor | None) -> bool:
    """Whether the log still holds the cursor's change (else the database moved under us); the
    empty cursor of `text_index_reset` follows the log from its very start."""
    if cursor is None:
        return False
    if cursor.key == (0, ""):
        return True
    token = IndexChange.objects.filter(id=cursor.change_id).values_list("token", flat=True).first()
    return token == cursor.token


def backlog(cursor: Cursor | None) -> int:
    """How many works an index at `cursor` must re-read (every work when it must be rebuilt)."""
    if cursor is None or not _cursor_valid(cursor):
        return Work.objects.count()
    later = IndexChange.objects.filter(id__gt=cursor.change_id)
    if later.filter(kind=IndexChange.Kind.ALL).exists():
        return Work.objects.count()
    logged = later.filter(work_id__isnull=False).aggregate(n=Count("work_id", distinct=True))
    # Gaps are not counted: most are ids of rolled-back transactions that never appear (on
    # PostgreSQL a rollback still spends its sequence values), and looking again costs one query.
    return int(logged["n"])


# ---- writing ------------------------------------------------------------------------------------


def _writer_take(index: tantivy.Index, wait: float) -> tantivy.IndexWriter | None:
    """The index's writer, or None when another holder keeps it past `wait` seconds."""
    deadline = time.monotonic() + wait
    while True:
        try:
            return index.writer(heap_size=WRITER_HEAP, num_threads=1)
        except ValueError as exc:
            if "LockBusy" not in str(exc):
                raise
            if time.monotonic() >= deadline:
                return None
        time.sleep(0.05)


def _writer_release(writer: tantivy.IndexWriter) -> None:
    # Waiting for the merges this writer started keeps the segments few; it also frees the lock.
    writer.wait_merging_threads()


def _works_add(writer: tantivy.IndexWriter, ids: list[int]) -> int:
    """Add the current documents of the works among `ids` that exist; returns how many."""
    added = 0
    through = Work.tags.through.objects
    for start in range(0, len(ids), WORKS_PER_BATCH):
        chunk = ids[start : start + WORKS_PER_BATCH]
        tags: dict[int, list[int]] = {}
        for work_id, tag_id in through.filter(work_id__in=chunk).values_list("work_id", "tag_id"):
            tags.setdefault(work_id, []).append(tag_id)
        for document in work_documents(chunk):
            writer.add_document(work_document(document, tags.get(document.id, [])))
            added += 1
    return added


def _marker_log() -> tuple[int, str]:
    """A change that touches no work, so that an index built from an empty log still has a row
    to name as its cursor."""
    made = IndexChange.objects.create(kind=IndexChange.Kind.TEXT, token=secrets.token_hex(8))
    return (made.pk, made.token)


def _rebuild(writer: tantivy.IndexWriter, progress: Callable[[int, int], object] | None) -> Cursor:
    """Replace the whole index with the archive as it is now: one commit at the end, so readers
    see the old index until the new one is complete."""
    newest = newest_change() if IndexChange.objects.exists() else _marker_log()
    writer.delete_all_documents()
    ids = list(Work.objects.order_by("id").values_list("id", flat=True))
    step = WORKS_PER_BATCH * 5
    for start in range(0, len(ids), step):
        _works_add(writer, ids[start : start + step])
        if progress is not None:
            progress(min(start + step, len(ids)), len(ids))
    cursor = Cursor(change_id=newest[0], token=newest[1])
    writer.add_document(_cursor_document(cursor))
    writer.commit()
    logger.info("text index rebuilt: %d works", len(ids))
    return cursor


def _apply_next(opened: TextIndex, writer: tantivy.IndexWriter, cursor: Cursor) -> Cursor | None:
    """Take in the next changes logged after `cursor`, and any gap that has appeared, in one
    commit. Returns the new cursor (the same one when nothing was new), or None when only a
    rebuild can be trusted."""
    now = time.time()
    gaps = {i: seen for i, seen in cursor.gaps.items() if now - seen < GAP_SECONDS}
    changes = IndexChange.objects.values_list("id", "kind", "work_id", "token")
    later: list[_Row] = list(
        changes.filter(id__gt=cursor.change_id).order_by("id")[:CHANGES_PER_COMMIT]
    )
    filled: list[_Row] = list(changes.filter(id__in=list(gaps)))
    rows = later + filled
    if any(kind == IndexChange.Kind.ALL for _, kind, _, _ in rows):
        return None
    ids = sorted({work_id for _, _, work_id, _ in rows if work_id is not None})
    if len(ids) > REBUILD_AFTER:
        return None
    for row_id, *_ in filled:
        gaps.pop(row_id, None)
    change_id, token = cursor.key
    if later:
        last_id, last_token = later[-1][0], later[-1][3]
        present = {row[0] for row in later}
        for skipped in range(max(change_id + 1, last_id - GAP_WINDOW), last_id):
            if skipped not in present:
                gaps.setdefault(skipped, now)
        change_id, token = last_id, last_token
    new = Cursor(change_id=change_id, token=token, gaps=gaps)
    if new == cursor:
        return cursor
    if ids:
        writer.delete_documents_by_query(tantivy.Query.term_set_query(opened.schema, "id", ids))
        _works_add(writer, ids)
    writer.delete_documents_by_query(tantivy.Query.term_query(opened.schema, "id", CURSOR_ID))
    writer.add_document(_cursor_document(new))
    writer.commit()
    return new


def _drain(
    opened: TextIndex,
    writer: tantivy.IndexWriter,
    progress: Callable[[int, int], object] | None = None,
) -> bool:
    """Apply everything logged so far (rebuilding when needed); True when anything was written."""
    opened.reload()
    cursor = opened.cursor
    wrote = False
    if cursor is None or not _cursor_valid(cursor):
        cursor, wrote = _rebuild(writer, progress), True
    while True:
        new = _apply_next(opened, writer, cursor)
        if new is None:
            new = _rebuild(writer, progress)
        elif new == cursor:
            break
        cursor, wrote = new, True
    if wrote:
        opened.reload()
    return wrote


def text_index_catch_up(
    *,
    most: int | None = None,
    wait: float = 0.0,
    progress: Callable[[int, int], object] | None = None,
) -> CatchUp:
    """Bring the index up to the newest logged change, if this process can take the writer
    within `wait` seconds and (with `most`) at most that many works need indexing."""
    opened = text_index()
    with _lock:
        opened.reload()
        if not opened.behind(newest_change()):
            return CatchUp.CURRENT
        writer = _writer_take(opened.index, wait)
        if writer is None:
            return CatchUp.BUSY
        try:
            if most is not None and backlog(opened.cursor) > most:
                return CatchUp.TOO_FAR
            wrote = _drain(opened, writer, progress)
        finally:
            _writer_release(writer)
        return CatchUp.APPLIED if wrote else CatchUp.CURRENT


def text_index_for_query(newest: tuple[int, str]) -> TextIndex:
    """The handle a search reads, brought to `newest` (the newest logged change this process
    has seen) when that costs little: a reload when another process moved the index, a small
    backlog applied here when no indexer holds the writer. Otherwise it answers from what is
    indexed, and `behind(newest)` says so."""
    opened = text_index()
    if not opened.behind(newest):
        return opened
    with _lock:
        now = time.monotonic()
        if opened.tried == newest and now - opened.tried_at < RETRY_SECONDS:
            return opened
        opened.tried, opened.tried_at = newest, now
        opened.reload()
        # Inside a transaction the log shows this transaction's own, uncommitted changes: taken
        # in and then rolled back, they would cost a rebuild. Only a one-process index in memory
        # (the tests', whose transactions always roll back) is small enough not to mind.
        in_transaction = transaction.get_connection().in_atomic_block
        if opened.behind(newest) and (opened.location == IN_MEMORY or not in_transaction):
            try:
                text_index_catch_up(most=REQUEST_BACKLOG)
            except Exception:  # a search still answers from what is indexed
                logger.exception("catching the text index up failed")
        return opened


def text_index_follow(*, poll: float = 0.5, stop: Callable[[], bool] = lambda: False) -> None:
    """The indexer: take the writer (waiting while another process holds it), then apply each
    change as it is logged until `stop()`. It keeps the writer, so merges run beside it."""
    opened = text_index()
    writer = None
    while writer is None and not stop():
        writer = _writer_take(opened.index, poll * 10)
    if writer is None:
        return
    try:
        while not stop():
            close_old_connections()
            with _lock:
                try:
                    _drain(opened, writer)
                except Exception:
                    logger.exception("applying the change log to the text index failed")
                    writer.rollback()
            time.sleep(poll)
    finally:
        _writer_release(writer)
