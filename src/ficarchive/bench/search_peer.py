"""Tantivy as a peer for `ficarchive bench search`: the same archive and queries, answered whole by
an embedded search engine (the `tantivy` package, MIT; an optional, benchmark-only dependency).

The peer does the same job as the archive's search: visibility, tag filters (synonyms folded into
their canonical tag), exclusions, flags, language, word and date ranges, the text query (field
weights like the FTS5 backend's; phrases; stemmed English), the total, the top ten tags of each
type among the matches (terms aggregations), one page in the asked order with its stored fields,
and highlights of the shown works for text queries.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, time

from ficarchive.search.bitmaps.index import FACET_TYPES
from ficarchive.search.query import SearchQuery
from ficarchive.search.textquery import Term, text_query_parse

NUMBER_FIELDS = ("kudos", "hits", "comments", "bookmarks", "words", "posted", "updated")
TEXT_FIELDS = {"title": 10.0, "creators": 6.0, "tags": 4.0, "summary": 2.0, "notes": 1.0}
SORT_FIELDS = {
    "updated": "updated",
    "posted": "posted",
    "words": "words",
    "kudos": "kudos",
    "hits": "hits",
    "comments": "comments",
    "bookmarks": "bookmarks",
    "title": "title_key",
    "creator": "creator_key",
}


def peer_available() -> bool:
    """Whether the `tantivy` package is installed."""
    try:
        import tantivy  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass
class PeerAnswer:
    total: int
    facets: dict[str, list[tuple[int, int]]]
    page: list[dict]


class TantivyPeer:
    """An in-memory-mapped Tantivy index of the archive, built from the database once."""

    def __init__(self, folder: str | None = None) -> None:
        import tantivy

        self.tantivy = tantivy
        builder = tantivy.SchemaBuilder()
        builder.add_unsigned_field("id", stored=True, indexed=True, fast=True)
        for name in (*TEXT_FIELDS, "body"):
            builder.add_text_field(name, stored=True, tokenizer_name="en_stem")
        for facet_type in FACET_TYPES:
            builder.add_unsigned_field(f"g_{facet_type}", indexed=True, fast=True)
        for name in ("public", "complete", "single", "crossover"):
            builder.add_unsigned_field(name, indexed=True, fast=True)
        builder.add_text_field("language", tokenizer_name="raw", fast=True)
        for name in NUMBER_FIELDS:
            builder.add_integer_field(name, indexed=True, fast=True, stored=True)
        builder.add_unsigned_field("title_key", fast=True)
        builder.add_unsigned_field("creator_key", fast=True)
        self.schema = builder.build()
        self.folder = None if folder else tempfile.TemporaryDirectory(prefix="ficarchive-tantivy-")
        path = folder or self.folder.name  # type: ignore[union-attr]
        if folder:
            os.makedirs(folder, exist_ok=True)
        self.index = tantivy.Index(self.schema, path=path)
        self.group_type: dict[int, str] = {}
        self.group_by_name: dict[str, int] = {}

    # ---- building -------------------------------------------------------------------------------

    def groups_load(self) -> None:
        """Tag names and their synonym groups, as the archive's index knows them."""
        from ficarchive.search.bitmaps.sync import work_index_current

        index = work_index_current()
        for tag_id, record in index.tags.items():
            group = index.group_of(tag_id)
            self.group_by_name[record.name.casefold()] = group
            self.group_type[group] = index.tags[group].type

    def build(self, *, heap_mb: int = 256) -> int:
        """Index every work from the database; returns how many."""
        from ficarchive.search.bitmaps.sync import work_index_current
        from ficarchive.search.documents import work_documents
        from ficarchive.works.models import Work

        index = work_index_current()
        self.groups_load()
        writer = self.index.writer(heap_size=heap_mb * 1_000_000, num_threads=1)
        ids = list(Work.objects.order_by("id").values_list("id", flat=True))
        count = 0
        for start in range(0, len(ids), 2000):
            chunk = ids[start : start + 2000]
            for document in work_documents(chunk):
                writer.add_document(self._document(index, document))
                count += 1
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        return count

    def _document(self, index, document):
        wid = document.id
        made = self.tantivy.Document()
        made.add_unsigned("id", wid)
        for name in TEXT_FIELDS:
            made.add_text(name, getattr(document, name))
        made.add_text("body", document.body)
        for field, bitmap in (
            ("public", index.public),
            ("complete", index.complete),
            ("single", index.single_chapter),
            ("crossover", index.crossover),
        ):
            made.add_unsigned(field, int(wid in bitmap))
        made.add_text("language", next((k for k, v in index.languages.items() if wid in v), ""))
        made.add_unsigned("title_key", int(index.title_keys.data[wid]))
        made.add_unsigned("creator_key", int(index.creator_keys.data[wid]))
        for name in NUMBER_FIELDS:
            made.add_integer(name, int(index.numbers[name].data[wid]))
        start = int(index.tag_start.data[wid])
        seen: set[int] = set()
        for dense in index.tag_data[start : start + int(index.tag_length.data[wid])].tolist():
            group = index.group_of(index.dense_tag_ids[dense])
            kind = self.group_type.get(group)
            if kind in FACET_TYPES and group not in seen:
                seen.add(group)
                made.add_unsigned(f"g_{kind}", group)
        return made

    # ---- searching ------------------------------------------------------------------------------

    def _term(self, field: str, value: int):
        return self.tantivy.Query.term_query(self.schema, field, value)

    def _group_query(self, name: str):
        group = self.group_by_name.get(name.strip().casefold())
        if group is None:
            return self.tantivy.Query.empty_query()
        return self._term(f"g_{self.group_type[group]}", group)

    def _text_term(self, term: Term, fields: dict[str, float]):
        Query, Occur = self.tantivy.Query, self.tantivy.Occur
        clauses = []
        # Words are \w+ only, so quoting them cannot let query syntax through; the parser
        # stems them with each field's own tokenizer.
        text = f'"{" ".join(term.words)}"' if term.is_phrase else term.words[0]
        for field, boost in fields.items():
            inner = self.index.parse_query(text, [field])
            clauses.append((Occur.Should, Query.boost_query(inner, boost)))
        return Query.boolean_query(clauses)

    def query(self, search: SearchQuery):
        """The Tantivy query for `search`, as an anonymous reader would run it."""
        Query, Occur = self.tantivy.Query, self.tantivy.Occur
        must = [(Occur.Must, self._term("public", 1))]
        for name in search.included_tag_names():
            must.append((Occur.Must, self._group_query(name)))
        if search.ratings:
            either = [(Occur.Should, self._group_query(n)) for n in search.ratings]
            must.append((Occur.Must, Query.boolean_query(either)))
        for name in search.exclude_tags:
            must.append((Occur.MustNot, self._group_query(name)))
        for flag, field in (
            (search.complete, "complete"),
            (search.crossover, "crossover"),
            (search.single_chapter or None, "single"),
        ):
            if flag is not None:
                must.append((Occur.Must if flag else Occur.MustNot, self._term(field, 1)))
        if search.language:
            must.append((Occur.Must, Query.term_query(self.schema, "language", search.language)))
        for field, low, high in (
            ("words", search.words_from, search.words_to),
            ("updated", _epoch(search.date_from, False), _epoch(search.date_to, True)),
        ):
            if low is not None or high is not None:
                must.append(
                    (
                        Occur.Must,
                        Query.range_query(
                            self.schema,
                            field,
                            self.tantivy.FieldType.Integer,
                            low if low is not None else -(2**62),
                            high if high is not None else 2**62,
                        ),
                    )
                )
        text = text_query_parse(search.text, in_text=search.in_text)
        fields = dict(TEXT_FIELDS, **({"body": 1.0} if text.in_text else {}))
        for group in text.groups:
            either = [(Occur.Should, self._text_term(t, fields)) for t in group]
            must.append((Occur.Must, Query.boolean_query(either)))
        for term in text.excluded:
            must.append((Occur.MustNot, self._text_term(term, fields)))
        return Query.boolean_query(must), text

    def search(self, search: SearchQuery) -> PeerAnswer:
        """Total, top-10 facets per tag type, the page's stored fields (and highlights)."""
        query, text = self.query(search)
        searcher = self.index.searcher()
        sort = search.sort if not (search.sort == "best" and not text.has_positive) else "updated"
        if search.sort == "best" and text.has_positive:
            found = searcher.search(query, limit=search.per_page, offset=search.offset, count=True)
        else:
            order = (
                self.tantivy.Order.Asc if sort in ("title", "creator") else self.tantivy.Order.Desc
            )
            found = searcher.search(
                query,
                limit=search.per_page,
                offset=search.offset,
                count=True,
                order_by_field=SORT_FIELDS[sort],
                order=order,
            )
        aggregations = {t: {"terms": {"field": f"g_{t}", "size": 10}} for t in FACET_TYPES}
        buckets = searcher.aggregate(query, aggregations)
        facets = {
            t: [(int(b["key"]), int(b["doc_count"])) for b in buckets[t]["buckets"]]
            for t in FACET_TYPES
        }
        page = []
        snippets = None
        if text.has_positive:
            field = "body" if text.in_text else "summary"
            snippets = self.tantivy.SnippetGenerator.create(searcher, query, self.schema, field)
        for _, address in found.hits:
            document = searcher.doc(address)
            shown = {
                "id": document.get_first("id"),
                "title": document.get_first("title"),
                "creators": document.get_first("creators"),
                "tags": document.get_first("tags"),
                "summary": document.get_first("summary"),
            }
            if snippets is not None:
                shown["highlight"] = snippets.snippet_from_doc(document).to_html()
            page.append(shown)
        return PeerAnswer(total=found.count, facets=facets, page=page)


def _epoch(day, end: bool) -> int | None:
    if day is None:
        return None
    return int(datetime.combine(day, time.max if end else time.min, tzinfo=UTC).timestamp())


def peer_build(folder: str | None = None) -> tuple[TantivyPeer, float | None]:
    """The peer, built from the database (in `folder`, reused when it holds every work); and the
    seconds the build took (None when reused)."""
    import time as clock

    from ficarchive.works.models import Work

    peer = TantivyPeer(folder)
    if folder and peer.index.searcher().num_docs == Work.objects.count():
        peer.groups_load()
        return peer, None
    started = clock.perf_counter()
    if folder:
        writer = peer.index.writer(heap_size=50_000_000, num_threads=1)
        writer.delete_all_documents()
        writer.commit()
        writer.wait_merging_threads()
    peer.build()
    return peer, clock.perf_counter() - started
