"""Importing story files: each file is one work, all or nothing, idempotent by content.

`import_bytes` takes one file's bytes and stores its work in a transaction of its own; `import_path`
(importing/batches.py) walks files, folders and zips and stores several works per transaction,
each in a savepoint, through the same `import_read` and `import_store`. The same
content again is `unchanged` (nothing written); new content from a source imported before
`updated`s its work; a failing file is `failed` with a one-line error and never stops the others.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.db import connection, transaction

from ficarchive.importing.checks import data_problem, story_problem
from ficarchive.importing.models import SUCCESSFUL, ImportRecord, ImportStatus
from ficarchive.importing.selectors import (
    SOURCE_MAX,
    SourceHistory,
    source_history,
    work_id_with_content,
)
from ficarchive.importing.sources import Limits
from ficarchive.legacy import ParsedWork, parse_bytes
from ficarchive.site.database_errors import (
    DISK_FULL_MESSAGE,
    error_is_disk_full,
    transaction_retry,
)
from ficarchive.site.database_insert import rows_insert
from ficarchive.site.reading_limits import parse_for_visitor
from ficarchive.works.models import Work
from ficarchive.works.services import (
    permission_needed,
    work_chapter_put_from_parsed,
    work_create_from_parsed,
    work_find_continued_by,
    work_permission_settle,
    work_update_from_parsed,
)

logger = logging.getLogger(__name__)


@dataclass
class ImportResult:
    """What became of one file: the `ficarchive import --json` object, plus the title."""

    source: str
    status: str  # created | updated | unchanged | failed
    work_id: int | None = None
    url: str | None = None
    error: str | None = None
    title: str | None = None
    # Held from the public until the author gives permission (works/services/permission.py).
    held: bool = False
    # Dry run: the fields the reader is least sure of, least sure first, for an archivist to check.
    uncertain: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        """The DESIGN.md contract: source, status, work_id, url, error; and `held`."""
        return {
            "source": self.source,
            "status": self.status,
            "work_id": self.work_id,
            "url": self.url,
            "error": self.error,
            "held": self.held,
            "uncertain": self.uncertain,
        }


def import_limits() -> Limits:
    """The size caps from settings (FICARCHIVE_MAX_UPLOAD, default 5 MB, and the zip caps)."""
    max_size = int(getattr(settings, "FICARCHIVE_MAX_UPLOAD", 5 * 1024 * 1024))
    return Limits(
        max_size=max_size,
        max_zip_total=int(getattr(settings, "FICARCHIVE_MAX_ZIP_TOTAL", 40 * max_size)),
        max_zip_ratio=int(getattr(settings, "FICARCHIVE_MAX_ZIP_RATIO", 100)),
    )


def content_hash_of(data: bytes) -> str:
    """The content hash kept as provenance: SHA-256 of the file's bytes, in hex."""
    return hashlib.sha256(data).hexdigest()


def one_line(text: str) -> str:
    """`text` on one line (errors are printed one per file)."""
    return " ".join(str(text).split())


def result_for(source: str, status: str, work: Work | None) -> ImportResult:
    """The result of a file whose work is `work` (None for none)."""
    return ImportResult(
        source=source,
        status=status,
        work_id=work.pk if work is not None else None,
        url=work.get_absolute_url() if work is not None else None,
        title=work.title if work is not None else None,
        held=work.permission_held if work is not None else False,
    )


def parse_for_import(
    *, source: str, data: bytes, bounded: bool = False
) -> tuple[ParsedWork | None, str | None]:
    """(parsed work, None) when `data` reads as a story, else (maybe the parse, one-line error).

    `bounded` (uploads and pastes, read on behalf of a visitor): read in a child process under
    the hard time and memory limit of `site.reading_limits.parse_for_visitor`."""
    problem = data_problem(data, max_size=import_limits().max_size)
    if problem:
        return None, problem
    try:
        parsed = parse_for_visitor(data, source) if bounded else parse_bytes(data, source)
    except Exception as exc:  # the reader promises not to raise; a bug there fails one file only
        logger.exception("the legacy reader failed on %s", source)
        return None, one_line(f"the reader failed: {type(exc).__name__}: {exc}")
    problem = story_problem(parsed)
    return parsed, problem


def failure_record(*, source: str, content_hash: str, error: str) -> None:
    """Note a failed import (one record per source, refreshed on each failure)."""
    try:
        with transaction.atomic():
            ImportRecord.objects.update_or_create(
                source=source[:SOURCE_MAX],
                status=ImportStatus.FAILED,
                defaults={"content_hash": content_hash, "error": error, "work": None},
            )
    except Exception:  # the log of a failure must not turn into a second failure
        logger.exception("could not record the failed import of %s", source)


def _work_with_content(content_hash: str) -> Work | None:
    """The work made from exactly this content, as a whole work or as one of its chapters."""
    work_id = work_id_with_content(content_hash)
    return Work.objects.filter(pk=work_id).first() if work_id is not None else None


def _previous_import(history: SourceHistory) -> ImportRecord | None:
    """The latest successful record of the source, with its work (None for a new source)."""
    if history.previous is None:
        return None
    return ImportRecord.objects.select_related("work").filter(pk=history.previous.id).first()


# A result only (no record is written): the same content is in the archive already.
UNCHANGED = "unchanged"


def _chapter_put(*, work: Work, parsed: ParsedWork, source: str, content_hash: str) -> Work:
    """This source is a later chapter of `work` (imported from another file): put it in place."""
    work_chapter_put_from_parsed(work=work, parsed=parsed)
    ImportRecord.objects.update_or_create(
        source=source[:SOURCE_MAX],
        status__in=SUCCESSFUL,
        defaults={
            "content_hash": content_hash,
            "status": ImportStatus.UPDATED,
            "work": work,
            "error": "",
        },
    )
    return work


def _work_reimport(
    *,
    previous: ImportRecord,
    work: Work,
    parsed: ParsedWork,
    source: str,
    content_hash: str,
    permission_granted: str,
) -> Work:
    """This source was imported before with other content: update its work."""
    chapters_elsewhere = (
        ImportRecord.objects.filter(work=work, status__in=SUCCESSFUL)
        .exclude(source=previous.source)
        .exists()
    )
    work = work_update_from_parsed(
        work=work,
        parsed=parsed,
        content_hash=content_hash,
        source_name=source,
        keep_extra_chapters=chapters_elsewhere,
        permission_granted=permission_granted,
    )
    previous.status, previous.content_hash, previous.error = ImportStatus.UPDATED, content_hash, ""
    previous.save()
    return work


def _work_new(
    *, parsed: ParsedWork, source: str, content_hash: str, permission_granted: str
) -> Work:
    """A new work from this source."""
    work = work_create_from_parsed(
        parsed=parsed,
        content_hash=content_hash,
        source_name=source,
        permission_granted=permission_granted,
    )
    rows_insert(
        [
            ImportRecord(
                source=source[:SOURCE_MAX],
                content_hash=content_hash,
                status=ImportStatus.CREATED,
                work=work,
            )
        ]
    )
    return work


def _continued_work(parsed: ParsedWork, previous: ImportRecord | None) -> Work | None:
    """The work this source continues as a later chapter, if any."""
    if previous is None:
        return work_find_continued_by(parsed)
    if previous.work is not None and previous.work.source_name != previous.source:
        return previous.work  # this source is a later chapter of a work from another file
    return None


def _dry_run_result(
    source: str, parsed: ParsedWork, target: Work | None, *, permission_granted: str
) -> ImportResult:
    """What importing would do, written nowhere."""
    result = result_for(source, ImportStatus.UPDATED if target else ImportStatus.CREATED, target)
    result.title = parsed.title
    result.uncertain = [
        {"field": name, **asdict(parsed.provenance[name])} for name in parsed.uncertain_fields()
    ]
    if target is None:
        # Imported authors have no account: the author's wish alone decides.
        result.held = not permission_granted and permission_needed(
            wish=parsed.distribution.permission
        )
    return result


@dataclass
class ReadFile:
    """A story file read and parsed, not yet stored: what storing it needs."""

    source: str
    content_hash: str
    parsed: ParsedWork


def import_read(
    *,
    source: str,
    data: bytes,
    dry_run: bool = False,
    permission_granted: str = "",
    stored_work_ids: dict[str, int] | None = None,
    content_hash: str | None = None,
) -> ImportResult | ReadFile:
    """The first half of `import_bytes`, outside any transaction: the result when the file is
    settled without storing (`unchanged`: its content is stored already; `failed`: it does not
    read as a story, and the failure is recorded unless `dry_run`), else the parsed file.
    `stored_work_ids` (content hash -> work id, from `work_ids_with_contents`) and
    `content_hash` save the look-up and the hashing when the caller did them for several files
    at once."""
    if content_hash is None:
        content_hash = content_hash_of(data) if data else ""
    if stored_work_ids is not None:
        work_id = stored_work_ids.get(content_hash)
        existing = Work.objects.filter(pk=work_id).first() if work_id is not None else None
    else:
        existing = _work_with_content(content_hash) if data else None
    if existing is not None:
        if permission_granted and existing.permission_held and not dry_run:
            work_permission_settle(work=existing, granted_note=permission_granted)
        if not dry_run:
            failures_forget(source)
        return result_for(source, UNCHANGED, existing)
    parsed, problem = parse_for_import(source=source, data=data)
    if problem or parsed is None:
        if not dry_run:
            failure_record(source=source, content_hash=content_hash, error=problem or "")
        return ImportResult(source=source, status=ImportStatus.FAILED, error=problem)
    return ReadFile(source=source, content_hash=content_hash, parsed=parsed)


def import_bytes(
    *, source: str, data: bytes, dry_run: bool = False, permission_granted: str = ""
) -> ImportResult:
    """Import one story file's bytes as one work, all or nothing.

    `unchanged` when a work with the same content hash exists; `updated` when this source was
    imported before with other content, or when it is chapter n ≥ 2 ("Title 2/3") of a work
    imported from another file (it becomes that chapter); else `created`. With `dry_run`, reads
    and reports the status it would have, writing nothing. Never raises for a bad file: it is
    `failed`.

    A work whose author asked to be asked first (or said no) is `held` from the public
    (works/services/permission.py) unless `permission_granted` says how her permission was
    obtained; given again for an unchanged file, it records the permission on its work.
    """
    read = import_read(
        source=source, data=data, dry_run=dry_run, permission_granted=permission_granted
    )
    if isinstance(read, ImportResult):
        return read
    if dry_run:
        previous = _previous_import(source_history(source))
        earlier = previous.work if previous is not None else None
        return _dry_run_result(
            source,
            read.parsed,
            _continued_work(read.parsed, previous) or earlier,
            permission_granted=permission_granted,
        )
    return import_read_store(read, permission_granted=permission_granted)


def store_failure_message(exc: BaseException) -> str:
    """The one-line error of a work that could not be stored."""
    if error_is_disk_full(exc):
        return f"not stored: {DISK_FULL_MESSAGE}"
    return one_line(f"could not store the work: {type(exc).__name__}: {exc}")


def import_read_store(read: ReadFile, *, permission_granted: str = "") -> ImportResult:
    """Store a read file's work in a transaction of its own (retried after a conflict between
    writers); a failure is recorded and returned as `failed`, never raised."""
    try:
        work, status = transaction_retry(
            lambda: import_store(read, permission_granted=permission_granted),
            what=f"importing {read.source}",
        )
    except Exception as exc:
        return store_failed(read, exc)
    return store_done(read, work, status)


def store_failed(read: ReadFile, exc: Exception) -> ImportResult:
    """A read file whose work could not be stored: logged, recorded as failed (in the current
    transaction), returned as `failed`."""
    logger.exception("import of %s failed", read.source)
    error = store_failure_message(exc)
    failure_record(source=read.source, content_hash=read.content_hash, error=error)
    return ImportResult(source=read.source, status=ImportStatus.FAILED, error=error)


def store_done(read: ReadFile, work: Work | None, status: str) -> ImportResult:
    """A read file's work stored (or found unchanged): an earlier failure of its source is
    forgotten when unchanged; the file's result."""
    if status == UNCHANGED:
        failures_forget(read.source)
    return result_for(read.source, status, work)


def content_claim(content_hash: str, *, wait_for_disk: bool = True) -> None:
    """Hold this content for the rest of the transaction, so that of two imports (or uploads)
    of the same bytes at once, one stores the work and the other then finds it.

    On PostgreSQL a transaction-level advisory lock on the hash: the second waits here until
    the first commits. On SQLite nothing is needed: every write transaction begins IMMEDIATE,
    so writers already run one at a time. Callers check for the content after claiming it.

    Without `wait_for_disk` (imports of files, one transaction per work), PostgreSQL commits
    this transaction without waiting for its log to reach the disk, as SQLite's WAL mode with
    synchronous=NORMAL commits every write: the work is stored whole or not at all, a killed
    importer loses nothing committed, and only a crash of the machine (or of the database
    server) within a fraction of a second may lose the last works, which the next run of the
    same import stores again.
    """
    if not content_hash or connection.vendor != "postgresql":
        return
    durability = "" if wait_for_disk else "set_config('synchronous_commit', 'off', true), "
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {durability}pg_advisory_xact_lock(hashtextextended(%s, 0))", [content_hash]
        )


def contents_claim(content_hashes: list[str]) -> None:
    """`content_claim` (without waiting for the disk) for several contents at once, in one
    statement, in sorted order: two imports claiming overlapping batches wait for each other
    instead of deadlocking."""
    wanted = sorted({h for h in content_hashes if h})
    if not wanted or connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('synchronous_commit', 'off', true), (SELECT"
            " COUNT(pg_advisory_xact_lock(hashtextextended(h, 0))) FROM unnest(%s::text[]) h)",
            [wanted],
        )


def import_store(read: ReadFile, *, permission_granted: str = "") -> tuple[Work, str]:
    """The writing half of `import_bytes`, in one transaction (a savepoint inside the caller's)
    that claims the content first: (the work, created | updated), or (the work, unchanged) when
    the same content was stored meanwhile (by a concurrent import, or earlier in the caller's
    transaction). The work's search text waits in the outbox of the same transaction."""
    parsed, source, content_hash = read.parsed, read.source, read.content_hash
    kept = {"source": source, "content_hash": content_hash}
    with transaction.atomic():
        content_claim(content_hash, wait_for_disk=False)
        existing = _work_with_content(content_hash)
        if existing is not None:
            return existing, UNCHANGED
        history = source_history(source)
        previous = _previous_import(history)
        continued = _continued_work(parsed, previous)
        earlier = previous.work if previous is not None else None
        if continued is not None:
            work = _chapter_put(work=continued, parsed=parsed, **kept)
        elif previous is not None and earlier is not None:
            work = _work_reimport(
                previous=previous,
                work=earlier,
                parsed=parsed,
                permission_granted=permission_granted,
                **kept,
            )
        else:
            work = _work_new(parsed=parsed, permission_granted=permission_granted, **kept)
        if history.failure_ids:  # the source is in the archive: no failure of it to report
            ImportRecord.objects.filter(pk__in=history.failure_ids).delete()
    updated = continued is not None or earlier is not None
    return work, ImportStatus.UPDATED if updated else ImportStatus.CREATED


def failures_forget(source: str) -> None:
    """A source that is in the archive has no failure to report (one may be left from a run
    that failed or crashed before)."""
    ImportRecord.objects.filter(source=source[:SOURCE_MAX], status=ImportStatus.FAILED).delete()
