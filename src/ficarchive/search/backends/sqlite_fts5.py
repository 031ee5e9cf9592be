"""SQLite: an FTS5 table (porter stemming, bm25 ranking) in the archive's own database."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from django.db import connection
from pyroaring import BitMap

from ficarchive.search.backends.base import MARK_END, MARK_START, SearchBackend, marked_to_html
from ficarchive.search.bitmaps.index import WorkIndex
from ficarchive.search.documents import WorkDocument
from ficarchive.search.textquery import Term, TextQuery
from ficarchive.search.time_limit import search_time_limit
from ficarchive.works.models import Work

TABLE = "search_fts"
FIELDS = ("title", "creators", "tags", "summary", "notes", "body")
METADATA_FILTER = "{title creators tags summary notes}"
# bm25 weight per column, in FIELDS order: a title match counts most.
WEIGHTS = "10.0, 6.0, 4.0, 2.0, 1.0, 1.0"


def _term(term: Term) -> str:
    # Words are \w+ only, so wrapping them in double quotes cannot let FTS5 syntax through.
    return '"' + " ".join(term.words) + '"'


def fts5_expression(groups: list[tuple[Term, ...]], *, in_text: bool) -> str:
    """The FTS5 MATCH expression for AND-ed groups of OR-ed terms."""
    expression = " AND ".join("(" + " OR ".join(_term(t) for t in group) + ")" for group in groups)
    return expression if in_text else f"{METADATA_FILTER} : ({expression})"


class SQLiteFTS5Backend(SearchBackend):
    """Full text in SQLite's FTS5."""

    name = "sqlite_fts5"
    # Tokenizing the story text is most of what indexing an imported work costs.
    stores_text_later = True

    def documents_store(self, documents: Iterable[WorkDocument]) -> int:
        rows = [(d.id, d.title, d.creators, d.tags, d.summary, d.notes, d.body) for d in documents]
        if not rows:
            return 0
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(row[0],) for row in rows])
            cursor.executemany(
                f"INSERT INTO {TABLE} (rowid, {', '.join(FIELDS)}) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                rows,
            )
        return len(rows)

    def documents_delete(self, ids: list[int]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(i,) for i in ids])

    def documents_clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")

    def documents_orphans_delete(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {TABLE} WHERE rowid NOT IN (SELECT id FROM {Work._meta.db_table})"
            )

    def documents_count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
            return int(cursor.fetchone()[0])

    def documents_ids(self) -> set[int]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid FROM {TABLE}")
            return {row[0] for row in cursor.fetchall()}

    def documents_differing(self, documents: list[WorkDocument]) -> list[int]:
        wanted = {
            d.id: (d.title, d.creators, d.tags, d.summary, d.notes, d.body) for d in documents
        }
        if not wanted:
            return []
        marks = ", ".join(["%s"] * len(wanted))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, {', '.join(FIELDS)} FROM {TABLE} WHERE rowid IN ({marks})",
                list(wanted),
            )
            rows = cursor.fetchall()
        return sorted(row[0] for row in rows if tuple(row[1:]) != wanted[row[0]])

    def text_match(self, groups: list[tuple[Term, ...]], *, in_text: bool) -> BitMap:
        with search_time_limit(), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s",
                [fts5_expression(groups, in_text=in_text)],
            )
            return BitMap([row[0] for row in cursor.fetchall()])

    def text_ranked(
        self, query: TextQuery, *, narrow: Sequence[Sequence[int]] = ()
    ) -> Iterator[int]:
        # bm25 costs microseconds per match; a common word matches tens of thousands of works.
        # Title matches come first (their weight dominates), so a first page rarely needs more
        # than the title query; the rest is ranked only if the reader pages past them.
        in_titles = f"{{title}} : ({fts5_expression(query.groups, in_text=True)})"
        everywhere = fts5_expression(query.groups, in_text=query.in_text)
        ranked = f"ORDER BY bm25({TABLE}, {WEIGHTS}), rowid DESC"
        with search_time_limit(), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s {ranked}", [in_titles]
            )
            first = [row[0] for row in cursor.fetchall()]
        yield from first
        seen = set(first)
        with search_time_limit(), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s {ranked}", [everywhere]
            )
            rows = cursor.fetchall()
        yield from (row[0] for row in rows if row[0] not in seen)

    def text_highlights(
        self, query: TextQuery, ids: list[int], *, index: WorkIndex | None = None
    ) -> dict[int, list[str]]:
        if not ids or not query.has_positive:
            return {}
        expression = fts5_expression(query.groups, in_text=query.in_text)
        marks = f"'{MARK_START}', '{MARK_END}'"
        found: dict[int, list[str]] = {}
        listed = ",".join(str(int(i)) for i in ids)
        with search_time_limit(), connection.cursor() as cursor:
            # One statement for the whole page: FTS5 looks each listed rowid up in its index.
            cursor.execute(
                f"SELECT rowid, highlight({TABLE}, 0, {marks}),"
                f" snippet({TABLE}, -1, {marks}, '…', 24)"
                f" FROM {TABLE} WHERE {TABLE} MATCH %s AND rowid IN ({listed})",
                [expression],
            )
            rows = cursor.fetchall()
        for work_id, *texts in rows:
            snippets = [marked_to_html(text) for text in texts if text and MARK_START in text]
            if snippets:
                found[work_id] = list(dict.fromkeys(snippets))
        return found
