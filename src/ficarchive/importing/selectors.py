"""Reads an import makes for every file: is this content stored, what became of this source.

They run once or twice per file, so each is one narrow statement written out by hand: the ORM
takes several hundred microseconds to compile a query that the database answers in ten.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from ficarchive.importing.models import SUCCESSFUL, ImportRecord, ImportStatus
from ficarchive.works.models import Work

SOURCE_MAX = ImportRecord._meta.get_field("source").max_length


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


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
    successful = [r for r in rows if r.status in SUCCESSFUL and r.work_id is not None]
    return SourceHistory(
        previous=successful[0] if successful else None,
        failure_ids=[r.id for r in rows if r.status == ImportStatus.FAILED],
    )
