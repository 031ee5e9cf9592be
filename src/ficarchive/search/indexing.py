"""Keeping the search index in step with the archive, through crashes.

The full-text tables live in the archive's own database, so a work's text can be stored in the
same transaction as the work itself. Every change goes through a durable outbox, `IndexPending`:

- Signals on works, chapters, tags, creators and authorship add one outbox row per work the
  transaction touches, *inside* that transaction. A crash before the commit loses both; after
  it, the row is still there.
- After the commit, the works are indexed (text stored, one `IndexChange` row per work so every
  process's bitmaps follow) and their rows leave the outbox, in one transaction.
- `bulk_indexing()` (imports) leaves the rows in the outbox and drains it in batches at the end;
  an import (`text_later`) indexes the works without their story text there (and tells the
  bitmap indexes): the story text, most of the cost (the FTS5 tokenizer, PostgreSQL's
  to_tsvector), stays in the outbox for the drain that follows (the import command's last
  step, or a worker's).
- Whatever a crash left in the outbox, any later drain indexes: `ficarchive import` drains at
  its start and end, `ficarchive reindex --check` reports and repairs any disagreement, and
  `ficarchive serve` drains when it starts.

Every write to the index goes through `works_index`; drains claim outbox rows with SKIP LOCKED on
PostgreSQL, so concurrent drains share the work instead of waiting on (or deadlocking with)
each other, and a conflict is retried.
"""

from __future__ import annotations

import functools
import logging
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from ficarchive.search.backends import search_backend
from ficarchive.search.backends.base import SearchBackend
from ficarchive.search.documents import work_documents
from ficarchive.search.models import IndexChange, IndexPending
from ficarchive.search.textindex.follow import text_index_catch_up
from ficarchive.site.database_errors import transaction_retry
from ficarchive.site.database_insert import rows_insert
from ficarchive.works.models import Authorship, Chapter, Creator, Series, SeriesPart, Tag, Work
from ficarchive.works.signals import work_counts_changed, works_stored

logger = logging.getLogger(__name__)

# Past this many works in one go, processes rebuild their bitmaps instead of re-reading each work.
LOG_EACH_UP_TO = 20_000
KEEP_CHANGES = 100_000
BATCH = 2000
# Works indexed per drain transaction: short enough that SQLite's one writer is not held long.
DRAIN_BATCH = 500

_local = threading.local()


def _token() -> str:
    return secrets.token_hex(8)


def changes_log(*, work_ids: Iterable[int] = (), kind: str = IndexChange.Kind.WORK) -> None:
    """Tell every process's bitmap index, and the text index, what changed (`bitmaps.sync`,
    `textindex.follow`). A TEXT change is a work whose searchable text alone changed."""
    ids = sorted(set(work_ids))
    per_work = kind in (IndexChange.Kind.WORK, IndexChange.Kind.TEXT)
    if per_work and len(ids) > LOG_EACH_UP_TO:
        kind, ids = IndexChange.Kind.ALL, []
    if kind in (IndexChange.Kind.WORK, IndexChange.Kind.TEXT) and ids:
        IndexChange.objects.bulk_create(
            [IndexChange(kind=kind, work_id=i, token=_token()) for i in ids], batch_size=BATCH
        )
    else:
        IndexChange.objects.create(kind=kind, token=_token())
    newest = IndexChange.objects.order_by("-id").values_list("id", flat=True).first() or 0
    if newest > KEEP_CHANGES and newest % 1000 < max(len(ids), 1):
        IndexChange.objects.filter(id__lt=newest - KEEP_CHANGES).delete()


def works_index(ids: Iterable[int], *, text_only: bool = False) -> int:
    """Re-store the full text of these works (deleting the text of those that no longer exist)
    and log the change for the bitmap indexes, unless only their text changed (`text_only`: a
    renamed tag), in the caller's transaction if there is one; returns how many works were
    indexed. The one place where the index is written, work by work; a backend that follows the
    change log (Tantivy) stores nothing here: the logged change is what it reads."""
    ids = sorted(set(ids))
    if not ids:
        return 0
    backend = search_backend()
    stored = 0
    with transaction.atomic():
        if backend.follows_change_log:
            kind = IndexChange.Kind.TEXT if text_only else IndexChange.Kind.WORK
            changes_log(work_ids=ids, kind=kind)
            stored = len(ids)
        else:
            stored = _documents_store(backend, ids)
            if not text_only:
                changes_log(work_ids=ids)
    state = getattr(_local, "transaction", None)
    if state is not None and not state.spent:
        # Indexed now, in this transaction: the callback after its commit need not again.
        state.text_ids.difference_update(ids)
        if not text_only:
            state.ids.difference_update(ids)
    return stored


def _documents_store(backend: SearchBackend, ids: list[int], *, metadata_only: bool = False) -> int:
    """Store the text of the works among `ids` (without their story text: `metadata_only`)
    and drop that of the rest; how many were stored."""
    stored = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        # Sorted: concurrent writers then lock index rows in the same order (no deadlock).
        documents = sorted(work_documents(chunk, bodies=not metadata_only), key=lambda d: d.id)
        present = {d.id for d in documents}
        missing = [i for i in chunk if i not in present]
        if missing:
            backend.documents_delete(missing)
        # Without its story text (`metadata_only`), a document's body is empty.
        stored += backend.documents_store(documents)
    return stored


def _index_and_release(
    *, work_ids: Iterable[int] | None, limit: int | None, text_only: Iterable[int] = ()
) -> int:
    """One transaction: claim outbox rows (those of `work_ids` and `text_only`, or the oldest
    `limit`), index their works (and every one named, claimed or not; those only in
    `text_only` without telling the bitmap indexes), delete the claimed rows. Returns how many
    works were indexed."""
    text_ids = set(text_only)
    named = set(work_ids or ())
    wanted = named | text_ids if work_ids is not None else None
    with transaction.atomic():
        rows = IndexPending.objects.select_for_update(skip_locked=True).order_by("id")
        if wanted is not None:
            rows = rows.filter(work_id__in=sorted(wanted))
        found = rows.values_list("id", "work_id", "text_only")
        claimed = list(found[:limit] if limit else found)
        text_ids -= named
        changed = {work_id for _, work_id, only in claimed if not only}
        # Works whose metadata an import indexed already: only their story text waits.
        text_ids |= {work_id for _, work_id, only in claimed if only} - changed - named
        full = (named | changed) - text_ids
        works_index(full)
        works_index(text_ids, text_only=True)
        if claimed:
            IndexPending.objects.filter(id__in=[row for row, _, _ in claimed]).delete()
    return len(full | text_ids)


def index_pending_drain() -> int:
    """Index every work waiting in the outbox, in batches, each in its own transaction (conflicts
    with concurrent writers are retried); returns how many works were indexed."""
    done = 0
    while True:
        count = transaction_retry(
            lambda: _index_and_release(work_ids=None, limit=DRAIN_BATCH), what="indexing"
        )
        if not count:
            return done
        done += count


def index_pending_metadata() -> int:
    """Index the metadata of every work waiting in the outbox, and tell the bitmap indexes, in
    batches (each a transaction); their rows stay, marked `text_only`, until a drain
    (`index_pending_drain`) stores their story text too. For a backend that stores the story
    text later (`stores_text_later`); any other gets the full drain here. Returns how many
    works were indexed."""
    if not search_backend().stores_text_later:
        return index_pending_drain()
    done = 0
    while True:
        count = transaction_retry(_metadata_index_and_mark, what="indexing metadata")
        if not count:
            return done
        done += count


def _metadata_index_and_mark() -> int:
    """One transaction: claim outbox rows not yet `text_only`, index their works' metadata,
    log the change, mark the rows `text_only`. Returns how many works were indexed."""
    with transaction.atomic():
        rows = IndexPending.objects.select_for_update(skip_locked=True).filter(text_only=False)
        claimed = list(rows.order_by("id").values_list("id", "work_id")[:DRAIN_BATCH])
        if not claimed:
            return 0
        ids = sorted({work_id for _, work_id in claimed})
        _documents_store(search_backend(), ids, metadata_only=True)
        changes_log(work_ids=ids)
        IndexPending.objects.filter(id__in=[row for row, _ in claimed]).update(text_only=True)
    return len(ids)


def index_pending_count() -> int:
    """How many outbox rows wait (works changed but not yet indexed)."""
    return IndexPending.objects.count()


def index_rebuild(*, progress: Callable[[int, int], object] | None = None) -> int:
    """Rebuild the full-text index of the whole archive; returns how many works were indexed.
    A backend that follows the change log is told by an `ALL` change, and rebuilt here unless
    its indexer (`ficarchive serve`) holds it: then the indexer rebuilds it."""
    backend = search_backend()
    if backend.follows_change_log:
        changes_log(kind=IndexChange.Kind.ALL)
        text_index_catch_up(wait=5.0, progress=progress)
        return Work.objects.count()
    stored = 0
    with transaction.atomic():
        backend.documents_clear()
        IndexPending.objects.all().delete()
        ids = list(Work.objects.order_by("id").values_list("id", flat=True))
        for start in range(0, len(ids), BATCH):
            stored += backend.documents_store(work_documents(ids[start : start + BATCH]))
            if progress is not None:
                progress(stored, len(ids))
        changes_log(kind=IndexChange.Kind.ALL)
    return stored


def text_index_settle() -> None:
    """Outside a transaction, bring a change-log-following text index up to date now, unless
    another process (the indexer) holds its writer and will (an import's last step)."""
    if search_backend().follows_change_log and not transaction.get_connection().in_atomic_block:
        text_index_catch_up()


@dataclass
class IndexCheck:
    """Where the index and the database disagree (work ids, sorted)."""

    missing: list[int] = field(default_factory=list)  # works with no text in the index
    stale: list[int] = field(default_factory=list)  # text that differs from the work's
    orphans: list[int] = field(default_factory=list)  # text of works that no longer exist
    pending: list[int] = field(default_factory=list)  # works waiting in the outbox

    @property
    def disagreeing(self) -> list[int]:
        return sorted(set(self.missing) | set(self.stale) | set(self.orphans) | set(self.pending))


def index_check(*, repair: bool) -> IndexCheck:
    """Compare every work's text in the index with the database (and the outbox); with
    `repair`, index what is missing, stale or pending and drop orphans. Reads the whole archive."""
    backend = search_backend()
    text_index_settle()  # a text index that follows the log is compared as it will be
    work_ids = set(Work.objects.values_list("id", flat=True))
    indexed = backend.documents_ids()
    check = IndexCheck(
        missing=sorted(work_ids - indexed),
        orphans=sorted(indexed - work_ids),
        pending=sorted(set(IndexPending.objects.values_list("work_id", flat=True))),
    )
    both = sorted(work_ids & indexed)
    for start in range(0, len(both), BATCH):
        check.stale += backend.documents_differing(
            list(work_documents(both[start : start + BATCH]))
        )
    check.stale.sort()
    if repair and check.disagreeing:
        ids = check.disagreeing
        for start in range(0, len(ids), DRAIN_BATCH):
            chunk = ids[start : start + DRAIN_BATCH]
            transaction_retry(
                functools.partial(_index_and_release, work_ids=chunk, limit=None),
                what="repairing the index",
            )
        index_pending_drain()
        text_index_settle()
    return check


@contextmanager
def bulk_indexing(*, text_later: bool = False) -> Iterator[set[int]]:
    """Pause indexing after each commit: changed works wait in the outbox, and at exit the
    outbox is drained in batches (what a crash leaves there, the next drain indexes). With
    `text_later`, a backend that `stores_text_later` gets only their metadata at exit
    (`index_pending_metadata`): their story text waits in the outbox for the next drain.

    Nested uses join the outermost one. Yields the set of work ids touched inside.
    """
    outer = getattr(_local, "bulk", None)
    if outer is not None:
        yield outer
        return
    touched: set[int] = set()
    _local.bulk = touched
    failed = False
    try:
        yield touched
    except BaseException:
        failed = True
        raise
    finally:
        _local.bulk = None
        if not (failed and transaction.get_connection().in_atomic_block):
            # Inside a transaction the rows are visible here and are indexed with it.
            if transaction.get_connection().in_atomic_block:
                _index_and_release(work_ids=touched, limit=None)
            elif text_later:
                index_pending_metadata()
            else:
                index_pending_drain()
        text_index_settle()


class _Transaction:
    """The works one transaction has put in the outbox, and its after-commit callback."""

    def __init__(self) -> None:
        self.ids: set[int] = set()
        self.text_ids: set[int] = set()  # only their text changed (a renamed tag)
        self.spent = False
        self.callback = self.flush
        # The works whose outbox rows are written, as read from this list of callbacks.
        self.written: set[int] = set()
        self.callbacks_read: list[Any] | None = None

    def flush(self) -> None:
        if self.spent:
            return
        self.spent = True
        if getattr(_local, "bulk", None) is not None or not (self.ids or self.text_ids):
            return  # the bulk mode drains at its exit
        ids, text_ids = sorted(self.ids), sorted(self.text_ids - self.ids)
        try:
            transaction_retry(
                lambda: _index_and_release(work_ids=ids, limit=None, text_only=text_ids),
                what="indexing",
            )
        except Exception:
            # The rows stay in the outbox: the next drain or `reindex --check` indexes them.
            logger.exception("indexing works %s after commit failed", (ids + text_ids)[:20])


def _current_transaction() -> _Transaction:
    """This thread's outbox record for the transaction in progress: a new one after its
    callback ran (a commit), or when a rollback discarded the callback."""
    connection = transaction.get_connection()
    state = getattr(_local, "transaction", None)
    if (
        state is None
        or state.spent
        or not any(entry[1] is state.callback for entry in connection.run_on_commit)
    ):
        state = _local.transaction = _Transaction()
    return state


class _OutboxWritten:
    """An after-commit no-op whose presence says these works' outbox rows are written in the
    transaction (Django drops it when the savepoint it was registered in is rolled back)."""

    def __init__(self, ids: set[int]) -> None:
        self.ids = frozenset(ids)

    def __call__(self) -> None:
        return None


def _outbox_written(connection: Any, state: _Transaction) -> set[int]:
    """The works whose outbox rows the current transaction holds (not rolled back). Django
    replaces its list of callbacks when it rolls a savepoint back, so while the list is the one
    last read, the set read from it holds (no scan of the list on every change)."""
    if state.callbacks_read is not connection.run_on_commit:
        state.callbacks_read = connection.run_on_commit
        state.written = {
            work_id
            for _, callback, *_ in connection.run_on_commit
            if isinstance(callback, _OutboxWritten)
            for work_id in callback.ids
        }
    return state.written


def _queue(ids: Iterable[int], *, text_only: bool = False) -> None:
    """Put these works in the outbox, in the current transaction, and index them after it
    commits (in bulk mode, at the end of the bulk)."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return
    bulk = getattr(_local, "bulk", None)
    if bulk is not None:
        bulk.update(ids)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        # Autocommit: the change is already committed; record it, then index it at once.
        IndexPending.objects.bulk_create([IndexPending(work_id=i) for i in sorted(ids)])
        if bulk is None:
            _index_and_release(
                work_ids=() if text_only else ids, limit=None, text_only=ids if text_only else ()
            )
        return
    state = _current_transaction()
    new = ids - _outbox_written(connection, state)
    if new:
        rows_insert([IndexPending(work_id=i) for i in sorted(new)], keys=False)
        # Marks the rows as written while the savepoint they went into stands: a savepoint
        # rolled back drops the mark with the rows, and the next change writes them again.
        transaction.on_commit(_OutboxWritten(new))
        state.written |= new
    if text_only:
        state.text_ids |= ids
    else:
        state.ids |= ids
    # Registered on every change (the first to run does the work, the rest return): whichever
    # part of the transaction commits last, a callback of its own follows it.
    transaction.on_commit(state.callback, robust=True)


def _work_saved(sender: type[Work], instance: Work, **kwargs: Any) -> None:
    _queue([instance.pk])


def _work_part_saved(sender: type[Model], instance: Chapter | SeriesPart, **kwargs: Any) -> None:
    _queue([instance.work_id])


def _works_stored(sender: type[Work], work_ids: Iterable[int], **kwargs: Any) -> None:
    _queue(work_ids)


def _counts_changed(sender: type[Work], work_id: int, **kwargs: Any) -> None:
    # Kudos, comments or bookmarks counted again: the bitmap indexes re-read the work's row (a
    # sort by kudos sees the new count) and its card and listings are made again; its text is
    # not re-stored.
    changes_log(work_ids=[work_id])


def _series_saved(sender: type[Series], instance: Series, created: bool, **kwargs: Any) -> None:
    # A series' title shows on its works' cards ("Part 2 of …"), kept under each work's stamp.
    if not created:
        _queue(SeriesPart.objects.filter(series=instance).values_list("work_id", flat=True))


def _tags_changed(
    sender: type[Model],
    instance: Work | Tag,
    action: str,
    reverse: bool,
    pk_set: set[int] | None,
    **kwargs: Any,
) -> None:
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if not reverse:
        _queue([instance.pk])
    elif action == "pre_clear" and isinstance(instance, Tag):
        _queue(instance.works.values_list("id", flat=True))
    else:
        _queue(pk_set or [])


def _tag_saved(
    sender: type[Tag],
    instance: Tag,
    created: bool,
    update_fields: frozenset[str] | None = None,
    **kwargs: Any,
) -> None:
    if created:
        return
    # Names, types and synonym links live in the bitmap indexes' tag table: one TAGS change
    # reloads it in every process, without re-reading a single work. Only a rename changes the
    # works' searchable text (documents hold tag names), and only that text is re-stored.
    transaction.on_commit(lambda: changes_log(kind=IndexChange.Kind.TAGS))
    if update_fields is not None and "name" not in update_fields:
        return
    _queue(
        Work.tags.through.objects.filter(tag_id=instance.pk).values_list("work_id", flat=True),
        text_only=True,
    )


def _creator_saved(sender: type[Creator], instance: Creator, created: bool, **kwargs: Any) -> None:
    if not created:
        _queue(Authorship.objects.filter(creator=instance).values_list("work_id", flat=True))


def _orphans_drop(sender: object, **kwargs: Any) -> None:
    # Test flushes empty the works but not the engine's own table; drop text of vanished works.
    search_backend().documents_orphans_delete()


def signals_connect() -> None:
    """Connect the indexing signals (called once from the app's ready())."""
    uid = "ficarchive.search"
    post_save.connect(_work_saved, sender=Work, dispatch_uid=f"{uid}.work_saved")
    post_delete.connect(_work_saved, sender=Work, dispatch_uid=f"{uid}.work_deleted")
    for model in (Chapter, Authorship, SeriesPart):
        name = model.__name__.lower()
        post_save.connect(_work_part_saved, sender=model, dispatch_uid=f"{uid}.{name}_saved")
        post_delete.connect(_work_part_saved, sender=model, dispatch_uid=f"{uid}.{name}_deleted")
    m2m_changed.connect(_tags_changed, sender=Work.tags.through, dispatch_uid=f"{uid}.tags")
    post_save.connect(_tag_saved, sender=Tag, dispatch_uid=f"{uid}.tag_saved")
    post_save.connect(_creator_saved, sender=Creator, dispatch_uid=f"{uid}.creator_saved")
    post_save.connect(_series_saved, sender=Series, dispatch_uid=f"{uid}.series_saved")
    work_counts_changed.connect(_counts_changed, sender=Work, dispatch_uid=f"{uid}.counts")
    works_stored.connect(_works_stored, sender=Work, dispatch_uid=f"{uid}.works_stored")
    search_app = apps.get_app_config("search")
    post_migrate.connect(_orphans_drop, sender=search_app, dispatch_uid=f"{uid}.orphans")
