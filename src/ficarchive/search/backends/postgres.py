"""PostgreSQL: weighted tsvectors with GIN indexes, ranked by ts_rank_cd, highlighted by ts_headline."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from django.db import connection
from pyroaring import BitMap

from ficarchive.search.backends.base import (
    MARK_END,
    MARK_START,
    SearchBackend,
    excerpt_pattern,
    marked_to_html,
    text_excerpt,
)
from ficarchive.search.bitmaps.index import WorkIndex
from ficarchive.search.documents import WorkDocument, work_documents
from ficarchive.search.excerpts import body_excerpts
from ficarchive.search.textquery import Term, TextQuery
from ficarchive.search.time_limit import search_time_limit
from ficarchive.site.database_insert import values_apart_cursor
from ficarchive.works.models import Work

TABLE = "search_pgdoc"
CONFIG = "ficarchive"


def meta_vector(title: str, creators: str, tags: str, summary: str, notes: str) -> str:
    """The SQL of the weighted metadata tsvector over these five SQL expressions."""
    return (
        f"setweight(to_tsvector('{CONFIG}', {title}), 'A')"
        f" || setweight(to_tsvector('{CONFIG}', {creators}), 'B')"
        f" || setweight(to_tsvector('{CONFIG}', {tags}), 'B')"
        f" || setweight(to_tsvector('{CONFIG}', {summary}), 'C')"
        f" || setweight(to_tsvector('{CONFIG}', {notes}), 'D')"
    )


# The same over the columns of a row `x` (title, creators, tags, summary, notes, body). The
# story text's lexemes weigh D, which is what to_tsvector gives them: no setweight() pass over
# the largest vector.
ROW_META = meta_vector("x.title", "x.creators", "x.tags", "x.summary", "x.notes")
ROW_EVERYTHING = f"{ROW_META} || to_tsvector('{CONFIG}', x.body)"
DOCUMENT_FIELDS = ("title", "creators", "tags", "summary", "notes", "body")
HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=10, MaxFragments=2,"
    " FragmentDelimiter=…"
)


def _term(term: Term) -> str:
    # Words are \w+ only, so single quotes around each cannot let tsquery syntax through.
    return "(" + " <-> ".join(f"'{w}'" for w in term.words) + ")"


def tsquery_text(groups: list[tuple[Term, ...]]) -> str:
    """The to_tsquery text for AND-ed groups of OR-ed terms."""
    return " & ".join("(" + " | ".join(_term(t) for t in group) + ")" for group in groups)


# Text sent in one statement when storing documents: many works a round trip, none too large.
STORE_CHARS = 8_000_000


def _chunks(documents: Iterable[WorkDocument], *, max_chars: int) -> Iterator[list[WorkDocument]]:
    """`documents` in lists whose story text stays under `max_chars` (a longer one goes alone)."""
    chunk: list[WorkDocument] = []
    size = 0
    for document in documents:
        if chunk and size + len(document.body) > max_chars:
            yield chunk
            chunk, size = [], 0
        chunk.append(document)
        size += len(document.body)
    if chunk:
        yield chunk


class PostgresBackend(SearchBackend):
    """Full text in PostgreSQL."""

    name = "postgres"
    # to_tsvector over the story text is most of what indexing an imported work costs.
    stores_text_later = True

    def documents_store(self, documents: Iterable[WorkDocument]) -> int:
        stored = 0
        for rows in _chunks(documents, max_chars=STORE_CHARS):
            self._documents_insert(rows)
            stored += len(rows)
        return stored

    def _documents_insert(self, rows: list[WorkDocument]) -> None:
        columns = [[d.id for d in rows], *([getattr(d, n) for d in rows] for n in DOCUMENT_FIELDS)]
        with values_apart_cursor() as cursor:
            # One statement for the lot; the metadata vector is built once (MATERIALIZED keeps
            # the planner from computing it again for `everything`), the story text's once.
            # The texts go as binary arrays (`%b`): megabytes of story text neither quoted by
            # the driver nor parsed out of an array literal by the server.
            cursor.execute(
                "WITH y AS MATERIALIZED (SELECT x.id, x.body, "
                f"{ROW_META} AS meta FROM unnest(%b::bigint[], %b::text[], %b::text[],"
                " %b::text[], %b::text[], %b::text[], %b::text[])"
                " AS x(id, title, creators, tags, summary, notes, body))"
                f" INSERT INTO {TABLE} (work_id, meta, everything)"
                f" SELECT y.id, y.meta, y.meta || to_tsvector('{CONFIG}', y.body)"
                " FROM y ON CONFLICT (work_id) DO UPDATE SET meta = EXCLUDED.meta,"
                " everything = EXCLUDED.everything",
                columns,
            )

    def documents_delete(self, ids: list[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE work_id = ANY(%s)", [list(ids)])

    def documents_clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {TABLE}")

    def documents_orphans_delete(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {TABLE} d WHERE NOT EXISTS"
                f" (SELECT 1 FROM {Work._meta.db_table} w WHERE w.id = d.work_id)"
            )

    def documents_count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
            return int(cursor.fetchone()[0])

    def documents_ids(self) -> set[int]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT work_id FROM {TABLE}")
            return {row[0] for row in cursor.fetchall()}

    def documents_differing(self, documents: list[WorkDocument]) -> list[int]:
        if not documents:
            return []
        columns = [
            [d.id for d in documents],
            *([getattr(d, name) for d in documents] for name in DOCUMENT_FIELDS),
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT x.id FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[],"
                " %s::text[], %s::text[], %s::text[])"
                " AS x(id, title, creators, tags, summary, notes, body)"
                f" JOIN {TABLE} d ON d.work_id = x.id"
                f" WHERE d.meta <> ({ROW_META}) OR d.everything <> ({ROW_EVERYTHING})"
                " ORDER BY x.id",
                columns,
            )
            return [row[0] for row in cursor.fetchall()]

    def text_match(self, groups: list[tuple[Term, ...]], *, in_text: bool) -> BitMap:
        column = "everything" if in_text else "meta"
        with search_time_limit(), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT work_id FROM {TABLE} WHERE {column} @@ to_tsquery('{CONFIG}', %s)",
                [tsquery_text(groups)],
            )
            return BitMap([row[0] for row in cursor.fetchall()])

    def text_ranked(
        self, query: TextQuery, *, narrow: Sequence[Sequence[int]] = ()
    ) -> Iterator[int]:
        column = "everything" if query.in_text else "meta"
        with search_time_limit(), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT work_id FROM {TABLE}, to_tsquery('{CONFIG}', %s) q"
                f" WHERE {column} @@ q ORDER BY ts_rank('{{0.02, 0.1, 0.3, 1.0}}', {column}, q)"
                " DESC, work_id DESC",
                [tsquery_text(query.groups)],
            )
            rows = cursor.fetchall()
        yield from (row[0] for row in rows)

    def text_highlights(
        self, query: TextQuery, ids: list[int], *, index: WorkIndex | None = None
    ) -> dict[int, list[str]]:
        if not ids or not query.has_positive:
            return {}
        documents = {d.id: d for d in work_documents(ids, bodies=False)}
        pattern = excerpt_pattern(query)
        bodies = body_excerpts(ids, query) if query.in_text else {}
        texts: list[str] = []
        owners: list[int] = []
        for work_id in ids:
            document = documents.get(work_id)
            if document is None:
                continue
            fields = [document.title, document.summary, document.tags, document.notes]
            fields += bodies.get(work_id, [])
            for text in fields:
                if text:
                    texts.append(text_excerpt(text, pattern))
                    owners.append(work_id)
        found: dict[int, list[str]] = {}
        with search_time_limit(), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT ts_headline('{CONFIG}', t, to_tsquery('{CONFIG}', %s), %s)"
                " FROM unnest(%s::text[]) WITH ORDINALITY AS x(t, n) ORDER BY n",
                [tsquery_text(query.groups), HEADLINE_OPTIONS, texts],
            )
            for work_id, (text,) in zip(owners, cursor.fetchall(), strict=True):
                if MARK_START in text:
                    found.setdefault(work_id, []).append(marked_to_html(text))
        return found
