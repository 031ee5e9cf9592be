"""What the works listing template needs: links that add or remove a filter, pages, sorts."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from ficarchive.search.query import SORTS, SearchQuery
from ficarchive.search.rendered import works_rendered
from ficarchive.search.results import SearchResults
from ficarchive.works.models import url_with

# Which query field a facet of each tag type adds to.
FACET_FIELD = {
    "rating": "ratings",
    "warning": "warnings",
    "category": "categories",
    "fandom": "fandoms",
    "relationship": "tags",
    "character": "tags",
    "freeform": "tags",
}
FACET_HEADINGS = {
    "rating": "Ratings",
    "warning": "Warnings",
    "category": "Categories",
    "fandom": "Fandoms",
    "relationship": "Relationships",
    "character": "Characters",
    "freeform": "Additional tags",
}
WINDOW = 3


def _url(path: str, query: SearchQuery, fixed_tag: str | None) -> str:
    if fixed_tag:
        query = replace(
            query, tags=tuple(t for t in query.tags if t.casefold() != fixed_tag.casefold())
        )
    params = query.to_params()
    return f"{path}?{urlencode(params)}" if params else path


def _facet_links(
    results: SearchResults, *, path: str, fixed_tag: str | None
) -> list[dict[str, Any]]:
    """Each facet type's top tags, with the link that adds the tag to the query."""
    query = results.query
    facets = []
    for facet_type, counts in results.facets.items():
        field = FACET_FIELD[facet_type]
        chosen = {name.casefold() for name in getattr(query, field)}
        entries = []
        for facet in counts:
            active = (
                facet.name.casefold() in chosen
                or (fixed_tag or "").casefold() == facet.name.casefold()
            )
            added = query.with_changes(**{field: (*getattr(query, field), facet.name)})
            entries.append(
                {
                    "name": facet.name,
                    "count": facet.count,
                    "active": active,
                    "url": None if active else _url(path, added, fixed_tag),
                }
            )
        if entries:
            facets.append(
                {"type": facet_type, "heading": FACET_HEADINGS[facet_type], "entries": entries}
            )
    return facets


def _active_filters(
    query: SearchQuery, *, path: str, fixed_tag: str | None
) -> list[dict[str, str]]:
    """Each tag the query filters on, with the link that drops it."""
    active_filters = []
    for field in ("fandoms", "ratings", "warnings", "categories", "tags", "exclude_tags"):
        for name in getattr(query, field):
            if fixed_tag and field == "tags" and name.casefold() == fixed_tag.casefold():
                continue
            remaining = tuple(n for n in getattr(query, field) if n != name)
            active_filters.append(
                {
                    "label": ("not " if field == "exclude_tags" else "") + name,
                    "url": _url(path, query.with_changes(**{field: remaining}), fixed_tag),
                }
            )
    return active_filters


def _page_links(
    query: SearchQuery, pages: int, *, path: str, fixed_tag: str | None
) -> dict[str, Any]:
    """Links to the first, last and nearby pages, and to the previous and next ones."""
    shown = sorted(
        {1, pages, *range(max(1, query.page - WINDOW), min(pages, query.page + WINDOW) + 1)}
    )

    def link(number: int) -> str:
        return _url(path, replace(query, page=number), fixed_tag)

    return {
        "page_links": [{"number": n, "current": n == query.page, "url": link(n)} for n in shown],
        "previous_url": link(query.page - 1) if query.page > 1 else None,
        "next_url": link(query.page + 1) if query.page < pages else None,
    }


def _results_render(results: SearchResults, ids: list[int]) -> dict[int, str]:
    rendered: dict[int, str] = {}
    for work in results.works_load(ids, highlights=False):
        # Built here, not with {% url %} per tag in the template: a page links hundreds of tags.
        tag_links = [
            (name, tag_type, url_with("search:tag_works", name))
            for name, tag_type in work.search_tags  # type: ignore[attr-defined]
        ]
        creator_links = [
            (name, url_with("reading:creator", name))
            for name in work.search_creators  # type: ignore[attr-defined]
        ]
        context = {"work": work, "tag_links": tag_links, "creator_links": creator_links}
        rendered[work.pk] = render_to_string("search/_result.html", context)
    return rendered


def result_items(results: SearchResults) -> list[dict[str, Any]]:
    """The query's page of results: each work's cached HTML and this query's highlights."""
    query = results.query
    ids = results.ids(query.offset, query.per_page)
    html = works_rendered(
        ids,
        kind="result",
        render_missing=lambda m: _results_render(results, m),
        index=results.index,
    )
    marked = results.highlights(ids)
    return [
        {"work_id": i, "html": mark_safe(html[i]), "highlights": marked.get(i, [])}
        for i in ids
        if i in html
    ]


def listing_context(
    results: SearchResults, *, path: str, fixed_tag: str | None = None
) -> dict[str, Any]:
    """Template context for `search/works.html` (every link is a plain GET URL)."""
    query = results.query
    items = result_items(results)
    return {
        "results": results,
        "items": items,
        "query": query,
        "facets": _facet_links(results, path=path, fixed_tag=fixed_tag),
        "active_filters": _active_filters(query, path=path, fixed_tag=fixed_tag),
        **_page_links(query, results.page_count, path=path, fixed_tag=fixed_tag),
        "sorts": [(key, label) for key, (label, _) in SORTS.items()],
        "fixed_tag": fixed_tag,
        "first_number": query.offset + 1 if items else 0,
        "last_number": query.offset + len(items),
    }
