"""Importing files, folders and zips: several works per database transaction, each all or nothing.

`import_path` reads the files in walking order and settles them a batch at a time (up to
`BATCH_WORKS` files or `BATCH_BYTES`): their contents looked up in one query (a stored one is
`unchanged`, not parsed), the others parsed (no transaction open), then stored in one
transaction. The works certainly new are written together (`works_create_bulk`: a statement
per table) in a savepoint; the others (updates, later chapters, repeated content) one by one,
each in a savepoint. When the bulk write fails it is rolled back and its works are written one
by one too, so a file whose work fails is rolled back alone and is `failed` (recorded in the
same transaction); a conflict between writers runs the batch again; any other error of the
batch stores its files again one transaction each (`import_read_store`), so every file gets its
own result. A commit per batch instead of per work, and a statement per table instead of a
dozen per work, are what make a large import cheap (SQLite writes its log on each commit;
PostgreSQL pays a round trip for each statement).

Crash semantics: a crash (killed process, lost machine) while a batch is open loses that
batch's works, never part of one; every batch committed before stays, with its works' rows in
the search outbox of the same transaction, so the next drain indexes them (`import` drains at
its start). Running the same import again stores what was lost: works already stored are
`unchanged`, by content hash.
"""

from __future__ import annotations

import collections
import contextlib
import logging
from collections.abc import Iterable
from pathlib import Path

from django.db import DatabaseError, transaction

from ficarchive.importing.models import ImportRecord, ImportStatus
from ficarchive.importing.selectors import (
    SOURCE_MAX,
    SourceHistory,
    sources_history,
    work_ids_with_contents,
)
from ficarchive.importing.services import (
    ImportResult,
    ReadFile,
    content_hash_of,
    contents_claim,
    failure_record,
    import_bytes,
    import_limits,
    import_read,
    import_read_store,
    import_store,
    store_done,
    store_failed,
)
from ficarchive.importing.sources import source_files
from ficarchive.legacy import ParsedWork
from ficarchive.search.indexing import bulk_indexing, index_pending_drain
from ficarchive.site.database_errors import (
    error_is_disk_full,
    error_is_transient,
    transaction_retry,
)
from ficarchive.site.database_insert import rows_insert
from ficarchive.works.selectors import name_fold
from ficarchive.works.services import fixed_vocabulary_cached, work_find_continued_by
from ficarchive.works.services.work_bulk import (
    NewWork,
    new_work_prepare,
    parsed_bulk_ready,
    works_create_bulk,
)

logger = logging.getLogger(__name__)

# Works per transaction: enough that commits and each table's statement cost little, few
# enough that SQLite's one writer is not held long (a batch of ordinary stories stores in about
# a tenth of a second).
BATCH_WORKS = 50
BATCH_BYTES = 4 * 1024 * 1024

Pending = list[tuple[int, ReadFile]]
# Files read from disk and not yet looked at: (position in the results, source, bytes).
Waiting = list[tuple[int, str, bytes]]


def _batch_transaction(batch: Pending, *, permission_granted: str) -> list[ImportResult]:
    """Store the batch's works in one transaction: the new ones together (`_new_works_store`),
    the others (updates, later chapters, repeated content) each in a savepoint of its own. A
    work that fails for a reason of its own is rolled back alone and recorded as failed. A
    database error raises (the batch is then run again or stored file by file)."""
    reads = [read for _, read in batch]
    results: list[ImportResult | None] = [None] * len(reads)
    with transaction.atomic():
        contents_claim([read.content_hash for read in reads])
        stored = work_ids_with_contents([read.content_hash for read in reads])
        histories = sources_history([read.source for read in reads])
        fresh, alone = _new_or_not(reads, stored, histories)
        prepared = []
        for i in fresh:
            read = reads[i]
            try:
                item = new_work_prepare(
                    parsed=read.parsed,
                    content_hash=read.content_hash,
                    source_name=read.source,
                    permission_granted=permission_granted,
                    text_cleaned=True,  # `parse_bytes` cleaned what it read
                )
            except DatabaseError:
                raise
            except Exception as exc:  # nothing of it is written: it fails alone
                results[i] = store_failed(read, exc)
                continue
            prepared.append((i, item))
        alone += _new_works_store(reads, prepared, histories, results)
        for i in sorted(alone):
            try:
                work, status = import_store(reads[i], permission_granted=permission_granted)
            except DatabaseError:
                raise
            except Exception as exc:
                results[i] = store_failed(reads[i], exc)
                continue
            results[i] = store_done(reads[i], work, status)
    return [result for result in results if result is not None]


def _new_or_not(
    reads: list[ReadFile], stored: dict[str, int], histories: dict[str, SourceHistory]
) -> tuple[list[int], list[int]]:
    """(positions of the works certainly new: content not stored, source never imported, not a
    later chapter, not repeated in the batch; positions of the others)."""
    fresh: list[int] = []
    alone: list[int] = []
    contents: set[str] = set()
    sources: set[str] = set()
    titles = collections.Counter(_title_key(read.parsed) for read in reads)
    for i, read in enumerate(reads):
        new = (
            read.content_hash not in stored
            and read.content_hash not in contents
            and read.source[:SOURCE_MAX] not in sources
            and histories[read.source].previous is None
            and parsed_bulk_ready(read.parsed)
            and not _may_continue(read.parsed, titles)
        )
        (fresh if new else alone).append(i)
        contents.add(read.content_hash)
        sources.add(read.source[:SOURCE_MAX])
    return fresh, alone


def _title_key(parsed: ParsedWork) -> str:
    # Folded as the database's LOWER() folds it: the titles `work_find_continued_by` matches.
    return name_fold(" ".join((parsed.title or "").split()))


def _may_continue(parsed: ParsedWork, titles: collections.Counter[str]) -> bool:
    """Whether this story ("Title 2/3") may be a later chapter of a stored work, or of another
    work of the batch (a story of the same title): it is then stored alone, after the others."""
    number = parsed.chapter.number if parsed.chapter else None
    if not number or number < 2:
        return False
    return titles[_title_key(parsed)] > 1 or work_find_continued_by(parsed) is not None


def _new_works_store(
    reads: list[ReadFile],
    prepared: list[tuple[int, NewWork]],
    histories: dict[str, SourceHistory],
    results: list[ImportResult | None],
) -> list[int]:
    """Store the prepared new works together, with their import records, in a savepoint; their
    results go in `results`. When that fails (other than by a conflict between writers or a
    full disk, which the batch as a whole answers), the savepoint is rolled back and the
    positions to store one by one are returned."""
    if not prepared:
        return []
    try:
        with transaction.atomic():
            works = works_create_bulk(items=[item for _, item in prepared])
            rows_insert(
                [
                    ImportRecord(
                        source=reads[i].source[:SOURCE_MAX],
                        content_hash=reads[i].content_hash,
                        status=ImportStatus.CREATED,
                        work=work,
                    )
                    for (i, _), work in zip(prepared, works, strict=True)
                ],
                keys=False,
            )
            failures = [f for i, _ in prepared for f in histories[reads[i].source].failure_ids]
            if failures:  # those sources are in the archive now
                ImportRecord.objects.filter(pk__in=failures).delete()
    except Exception as exc:
        if isinstance(exc, DatabaseError) and (error_is_transient(exc) or error_is_disk_full(exc)):
            raise
        logger.warning(
            "%d new works failed together (%s); storing them one by one", len(prepared), exc
        )
        return [i for i, _ in prepared]
    for (i, _), work in zip(prepared, works, strict=True):
        results[i] = store_done(reads[i], work, ImportStatus.CREATED)
    return []


def _batch_store(
    batch: Pending, results: list[ImportResult | None], *, permission_granted: str
) -> None:
    """Store a batch and put each file's result in its place in `results`."""
    if not batch:
        return
    try:
        stored = transaction_retry(
            lambda: _batch_transaction(batch, permission_granted=permission_granted),
            what=f"importing {len(batch)} files",
        )
    except DatabaseError:
        logger.warning("a batch of %d files failed; storing them one by one", len(batch))
        stored = [
            import_read_store(read, permission_granted=permission_granted) for _, read in batch
        ]
    for (position, _), result in zip(batch, stored, strict=True):
        results[position] = result


def import_path(
    *,
    paths: Iterable[str | Path],
    dry_run: bool = False,
    permission_granted: str = "",
    text_later: bool = False,
) -> list[ImportResult]:
    """Import every story file under `paths` (files, folders recursively, .zip archives).

    One result per file, in walking order; each work is stored all or nothing (a savepoint in
    a transaction of several works, see the module's note on crashes), and a failure in one
    file never stops the others. Each work's search text waits in the indexing outbox (written
    in the work's transaction) and the outbox is drained in bulk at the end, and first at the
    start: whatever an earlier, interrupted run left unindexed is indexed. With `text_later`,
    the search index gets the works without their story text at the end (metadata searchable,
    filters current): the story text waits in the outbox for the next drain
    (`search.indexing.index_pending_drain`; the import command runs it last). Files are looked
    up by content a batch at a time: a stored one is `unchanged` without being parsed.
    `permission_granted` (how the authors' permission was obtained) is recorded on every work,
    so none is held for permission (see `import_bytes`).
    """
    results: list[ImportResult | None] = []
    if not dry_run:
        index_pending_drain()  # what an interrupted run left unindexed
    # Each work's text waits in the indexing outbox and is indexed in bulk at the end.
    context = contextlib.nullcontext() if dry_run else bulk_indexing(text_later=text_later)
    waiting: Waiting = []
    size = 0
    with context, fixed_vocabulary_cached():
        for item in source_files(paths, limits=import_limits()):
            if item.error is not None:
                if not dry_run:
                    failure_record(source=item.source, content_hash="", error=item.error)
                results.append(
                    ImportResult(source=item.source, status=ImportStatus.FAILED, error=item.error)
                )
                continue
            data = item.data or b""
            if dry_run:
                results.append(
                    import_bytes(
                        source=item.source,
                        data=data,
                        dry_run=True,
                        permission_granted=permission_granted,
                    )
                )
                continue
            waiting.append((len(results), item.source, data))
            results.append(None)
            size += len(data)
            if len(waiting) >= BATCH_WORKS or size >= BATCH_BYTES:
                _files_store(waiting, results, permission_granted=permission_granted)
                waiting, size = [], 0
        _files_store(waiting, results, permission_granted=permission_granted)
    return [result for result in results if result is not None]


def _files_store(
    waiting: Waiting, results: list[ImportResult | None], *, permission_granted: str
) -> None:
    """Settle a batch of files read from disk: their contents looked up in one query (a stored
    one is `unchanged`, without being parsed), the others parsed and stored in one batch."""
    hashes = [content_hash_of(data) if data else "" for _, _, data in waiting]
    stored = work_ids_with_contents(hashes)
    batch: Pending = []
    for (position, source, data), content_hash in zip(waiting, hashes, strict=True):
        read = import_read(
            source=source,
            data=data,
            permission_granted=permission_granted,
            stored_work_ids=stored,
            content_hash=content_hash,
        )
        if isinstance(read, ImportResult):
            results[position] = read
        else:
            batch.append((position, read))
    _batch_store(batch, results, permission_granted=permission_granted)
