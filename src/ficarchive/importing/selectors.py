"""Reads an import makes for every file: is this content stored, what became of this source.

They run once or twice per file, so each is one narrow statement written out by hand: the ORM
takes several hundred microseconds to compile a query that the database answers in ten.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection

from ficarchive.importing.models import SUCCESSFUL, ImportRecord, ImportStatus
from ficarchive.works.models import Work

SOURCE_MAX = ImportRecord._meta.get_field("source").max_length


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def work_ids_with_contents(content_hashes: Sequence[str]) -> dict[str, int]:
    """`work_id_with_content` for several hashes in one statement: the hashes among them that
    are stored, each with its work's id (blank hashes are never stored)."""
    wanted = sorted({h for h in content_hashes if h})
    if not wanted:
        return {}
    marks = ", ".join("%s" for _ in wanted)
    statuses = ", ".join("%s" for _ in SUCCESSFUL)
    found: dict[str, tuple[int, int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 0, content_hash, MIN(id) FROM {_table(Work)} WHERE content_hash IN ({marks})"
            " GROUP BY content_hash"
            f" UNION ALL SELECT 1, content_hash, MIN(work_id) FROM {_table(ImportRecord)}"
            f" WHERE content_hash IN ({marks}) AND status IN ({statuses})"
            " AND work_id IS NOT NULL GROUP BY content_hash",
            [*wanted, *wanted, *map(str, SUCCESSFUL)],
        )
        for rank, content_hash, work_id in cursor.fetchall():
            # A whole work made from the content comes before a chapter made from it.
            if work_id is not None and (rank, work_id) < found.get(content_hash, (2, 0)):
                found[content_hash] = (rank, work_id)
    return {content_hash: work_id for content_hash, (_, work_id) in found.items()}


def work_id_with_content(content_hash: str) -> int | None:
    """The id of the work made from exactly this content, as a whole work (the oldest such) or
    as one of its chapters (a successful import record); None when there is none. Uses the
    indexes on both tables' `content_hash`."""
    if not content_hash:
        return None
    statuses = ", ".join("%s" for _ in SUCCESSFUL)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 0, MIN(id) FROM {_table(Work)} WHERE content_hash = %s"
            f" UNION ALL SELECT 1, MIN(work_id) FROM {_table(ImportRecord)}"
            f" WHERE content_hash = %s AND status IN ({statuses}) AND work_id IS NOT NULL"
            " ORDER BY 1",
            [content_hash, content_hash, *map(str, SUCCESSFUL)],
        )
        found = [work_id for _, work_id in cursor.fetchall() if work_id is not None]
    return found[0] if found else None


@dataclass(frozen=True)
class SourceRecord:
    """One import record of a source, as much as deciding what to do with it needs."""

    id: int
    status: str
    work_id: int | None


@dataclass(frozen=True)
class SourceHistory:
    """What earlier imports left for one source: its latest successful record with a work, if
    any, and the ids of its failure records (at most one, by a constraint)."""

    previous: SourceRecord | None
    failure_ids: list[int]


def sources_history(sources: Sequence[str]) -> dict[str, SourceHistory]:
    """`source_history` of several sources (each cut to the column's length) in one statement,
    keyed by the source as given."""
    cut = sorted({source[:SOURCE_MAX] for source in sources})
    rows: dict[str, list[SourceRecord]] = {source: [] for source in cut}
    if cut:
        marks = ", ".join("%s" for _ in cut)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT source, id, status, work_id FROM {_table(ImportRecord)}"
                f" WHERE source IN ({marks}) ORDER BY updated_at DESC, id DESC",
                cut,
            )
            for source, *record in cursor.fetchall():
                rows[source].append(SourceRecord(*record))
    return {source: _history(rows[source[:SOURCE_MAX]]) for source in sources}


def _history(rows: list[SourceRecord]) -> SourceHistory:
    successful = [r for r in rows if r.status in SUCCESSFUL and r.work_id is not None]
    return SourceHistory(
        previous=successful[0] if successful else None,
        failure_ids=[r.id for r in rows if r.status == ImportStatus.FAILED],
    )


def source_history(source: str) -> SourceHistory:
    """The records of `source` (cut to the column's length), in one indexed statement."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, status, work_id FROM {_table(ImportRecord)}"
            # The newest first, as the model orders records.
            " WHERE source = %s ORDER BY updated_at DESC, id DESC",
            [source[:SOURCE_MAX]],
        )
        rows = [SourceRecord(*row) for row in cursor.fetchall()]
    return _history(rows)
