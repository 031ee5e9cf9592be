"""Reading the archive into a `WorkIndex`: whole-archive builds in bulk, single works on change."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, overload

import numpy as np
from django.db import connection

from ficarchive.search.bitmaps.bulk import index_fill
from ficarchive.search.bitmaps.index import TagRecord, WorkIndex, WorkRecord
from ficarchive.works.models import Authorship, Chapter, Creator, SeriesPart, Tag, Work

BATCH = 5000
PAIR_CHUNK = 250_000


def _epoch(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"COALESCE(EXTRACT(EPOCH FROM {column})::bigint, 0)"
    return f"COALESCE(CAST(strftime('%s', {column}) AS INTEGER), 0)"


def _work_select() -> str:
    work = Work._meta.db_table
    return (
        f"SELECT id, title, language, word_count, {_epoch('published_at')},"
        f" {_epoch('updated_at')}, kudos_count, hits, comments_count, bookmarks_count,"
        # Held for the author's permission is hidden from readers like hidden by staff.
        f" COALESCE(expected_chapters, -1), draft, (hidden_by_staff OR permission_held),"
        f" restricted FROM {work}"
    )


def tag_records_read() -> list[TagRecord]:
    """Every tag with its type and synonym group."""
    rows = Tag.objects.values_list("id", "name", "type", "synonym_of_id")
    return [TagRecord(id=i, name=n, type=t, group=s or i) for i, n, t, s in rows]


def _first_creators(ids: list[int] | None) -> dict[int, str]:
    authorship, creator = Authorship._meta.db_table, Creator._meta.db_table
    sql = f"SELECT a.work_id, c.name FROM {authorship} a JOIN {creator} c ON c.id = a.creator_id"
    return _keyed_first(sql, ids, "a.work_id", "ORDER BY a.work_id, a.position DESC, a.id DESC")


def _chapter_counts(ids: list[int] | None) -> dict[int, int]:
    chapter = Chapter._meta.db_table
    draft_false = "false" if connection.vendor == "postgresql" else "0"
    where = f"WHERE draft = {draft_false}"
    counts: dict[int, int] = {}
    with connection.cursor() as cursor:
        for chunk in _chunks(ids):
            extra = f" AND work_id IN ({','.join(map(str, chunk))})" if chunk is not None else ""
            cursor.execute(
                f"SELECT work_id, COUNT(*) FROM {chapter} {where}{extra} GROUP BY work_id"
            )
            counts.update(cursor.fetchall())
    return counts


def _keyed_first(sql: str, ids: list[int] | None, key: str, order: str) -> dict[int, str]:
    """Run `sql` (rows of key, value), keeping the last value per key in `order` order."""
    result: dict[int, str] = {}
    with connection.cursor() as cursor:
        for chunk in _chunks(ids):
            where = f" WHERE {key} IN ({','.join(map(str, chunk))})" if chunk is not None else ""
            cursor.execute(f"{sql}{where} {order}")
            result.update(cursor.fetchall())
    return result


@overload
def _chunks(ids: list[int]) -> Iterable[list[int]]: ...
@overload
def _chunks(ids: None) -> Iterable[None]: ...
def _chunks(ids: list[int] | None) -> Iterable[list[int] | None]:
    """`ids` in batches; None (every work) as one batch."""
    if ids is None:
        yield None
        return
    for i in range(0, len(ids), BATCH):
        yield ids[i : i + BATCH]


def work_records_read(ids: list[int]) -> list[WorkRecord]:
    """The works with these ids that still exist."""
    records: list[WorkRecord] = []
    creators = _first_creators(ids)
    chapters = _chapter_counts(ids)
    through = Work.tags.through._meta.db_table
    parts = SeriesPart._meta.db_table
    authorship = Authorship._meta.db_table
    tags: dict[int, list[int]] = {}
    series: dict[int, list[int]] = {}
    writers: dict[int, list[int]] = {}
    with connection.cursor() as cursor:
        for chunk in _chunks(ids):
            listed = ",".join(map(str, chunk))
            cursor.execute(f"SELECT work_id, tag_id FROM {through} WHERE work_id IN ({listed})")
            for work_id, tag_id in cursor.fetchall():
                tags.setdefault(work_id, []).append(tag_id)
            cursor.execute(f"SELECT work_id, series_id FROM {parts} WHERE work_id IN ({listed})")
            for work_id, series_id in cursor.fetchall():
                series.setdefault(work_id, []).append(series_id)
            cursor.execute(
                f"SELECT work_id, creator_id FROM {authorship} WHERE work_id IN ({listed})"
            )
            for work_id, creator_id in cursor.fetchall():
                writers.setdefault(work_id, []).append(creator_id)
            cursor.execute(f"{_work_select()} WHERE id IN ({listed})")
            for row in cursor.fetchall():
                wid = row[0]
                records.append(
                    WorkRecord(
                        id=wid,
                        title=row[1],
                        creator=creators.get(wid, ""),
                        tag_ids=tuple(tags.get(wid, ())),
                        language=row[2],
                        words=row[3],
                        posted=int(row[4]),
                        updated=int(row[5]),
                        kudos=row[6],
                        hits=row[7],
                        comments=row[8],
                        bookmarks=row[9],
                        chapters=chapters.get(wid, 0),
                        expected_chapters=None if row[10] < 0 else row[10],
                        draft=bool(row[11]),
                        hidden=bool(row[12]),
                        restricted=bool(row[13]),
                        series_ids=tuple(series.get(wid, ())),
                        creator_ids=tuple(writers.get(wid, ())),
                    )
                )
    return records


def work_index_build() -> WorkIndex:
    """A fresh index of the whole archive, read in bulk."""
    index = WorkIndex()
    index.tags_load(tag_records_read())
    names = (
        "id",
        "title",
        "language",
        "words",
        "posted",
        "updated",
        "kudos",
        "hits",
        "comments",
        "bookmarks",
        "expected",
        "draft",
        "hidden",
        "restricted",
    )
    numeric = tuple(name for name in names if name not in ("title", "language"))
    parts: dict[str, list[Any]] = {name: [] for name in numeric}
    lists: dict[str, list[Any]] = {"title": [], "language": []}
    with connection.cursor() as cursor:
        cursor.execute(f"{_work_select()} ORDER BY id")
        # Each chunk becomes arrays at once, so a million works never sit as Python ints.
        while rows := cursor.fetchmany(20_000):
            for name, values in zip(names, zip(*rows, strict=True), strict=True):
                if name in parts:
                    parts[name].append(np.array(values, dtype=np.int64))
                else:
                    lists[name].extend(values)
    columns = {
        name: np.concatenate(chunks) if chunks else np.zeros(0, np.int64)
        for name, chunks in parts.items()
    }
    for name in ("draft", "hidden", "restricted"):
        columns[name] = columns[name].astype(bool)
    lists["id"] = columns["id"].tolist()
    chapters = _chapter_counts(None)
    columns["chapters"] = np.array([chapters.get(i, 0) for i in lists["id"]], dtype=np.int64)
    creators = _first_creators(None)
    texts = {
        "title": lists["title"],
        "language": lists["language"],
        "creator": [creators.get(i, "") for i in lists["id"]],
    }
    pair_works, pair_tags = _pairs_read(Work.tags.through._meta.db_table, "work_id", "tag_id")
    index_fill(index, columns=columns, texts=texts, pair_works=pair_works, pair_tags=pair_tags)
    part_series, part_works = _pairs_read(SeriesPart._meta.db_table, "series_id", "work_id")
    index.series.fill(part_series, part_works)
    writers, written = _pairs_read(Authorship._meta.db_table, "creator_id", "work_id")
    index.creator_works.fill(writers, written)
    return index


def _pairs_read(table: str, left: str, right: str) -> tuple[np.ndarray, np.ndarray]:
    """The columns `left` and `right` of every row of `table` (a link table with an `id`) as two
    arrays, read in id ranges as two joined strings each.

    Reading the table in its own order and splitting strings in numpy avoids one Python tuple per
    row (there are tens of millions of tag links at a million works).
    """
    if connection.vendor == "postgresql":
        left_sql = f"string_agg({left}::text, ',' ORDER BY id)"
        right_sql = f"string_agg({right}::text, ',' ORDER BY id)"
    else:
        left_sql, right_sql = f"group_concat({left}, ',')", f"group_concat({right}, ',')"
    left_parts, right_parts = [], []
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN(id), MAX(id) FROM {table}")
        low, high = cursor.fetchone()
        if low is None:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        for start in range(low, high + 1, PAIR_CHUNK):
            cursor.execute(
                f"SELECT {left_sql}, {right_sql} FROM {table} WHERE id >= %s AND id < %s",
                [start, start + PAIR_CHUNK],
            )
            lefts, rights = cursor.fetchone()
            if lefts:
                left_parts.append(np.array(lefts.split(","), dtype=np.int64))
                right_parts.append(np.array(rights.split(","), dtype=np.int64))
    return np.concatenate(left_parts), np.concatenate(right_parts)
