"""What the works listing shows: the blurbs, the filter sidebar (include and exclude facets with
counts, tag inputs, language by name, sorts), pages with ellipses, and a useful empty state.

Every control is a plain GET form or link, so the page works without script.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ficarchive.search.query import SORTS, SearchQuery
from ficarchive.search.rendered import Blurb, blurbs_for
from ficarchive.search.results import SearchResults
from ficarchive.works.cards import language_name, work_cards

# Which query field (and GET parameter) a facet of each tag type includes with.
FACET_FIELD = {
    "rating": ("ratings", "rating"),
    "warning": ("warnings", "warning"),
    "category": ("categories", "category"),
    "fandom": ("fandoms", "fandom"),
    "relationship": ("tags", "tag"),
    "character": ("tags", "tag"),
    "freeform": ("tags", "tag"),
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
FILTER_FIELDS = ("fandoms", "ratings", "warnings", "categories", "tags", "exclude_tags")
# Runs another query as the same reader (the empty state's suggestions).
Searcher = Callable[[SearchQuery], SearchResults]
WINDOW = 2  # page links shown on each side of the current page
MAX_SUGGESTIONS = 6


@dataclass
class FacetEntry:
    name: str
    count: int | None
    included: bool
    excluded: bool
    field: str  # GET parameter that includes it


@dataclass
class FacetGroup:
    type: str
    heading: str
    entries: list[FacetEntry] = field(default_factory=list)

    @property
    def any_chosen(self) -> bool:
        return any(e.included or e.excluded for e in self.entries)

    @property
    def include_rows(self) -> SafeString:
        """The include checkboxes, one <li> an entry (built here, not in the template: a page
        has seventy of each, and the template engine spent more on them than on the search)."""
        return self._rows("inc", lambda e: (e.field, e.included))

    @property
    def exclude_rows(self) -> SafeString:
        """The exclude checkboxes, as `include_rows`."""
        return self._rows("exc", lambda e: ("exclude_tag", e.excluded))

    def _rows(self, prefix: str, choice: Callable[[FacetEntry], tuple[str, bool]]) -> SafeString:
        rows = []
        for number, entry in enumerate(self.entries, start=1):
            name, checked = choice(entry)
            box = f"{prefix}-{escape(self.type)}-{number}"
            label = escape(entry.name)
            count = f"{entry.count:,}" if entry.count is not None else ""
            rows.append(
                f'<li><input type="checkbox" id="{box}" name="{escape(name)}" value="{label}"'
                f'{" checked" if checked else ""}> <label for="{box}">{label}'
                f' <span class="facet-count">({count})</span></label></li>'
            )
        return mark_safe("".join(rows))  # every value above is escaped


@dataclass
class Result:
    """A work in the results: its cached blurb and where this query's words were found."""

    blurb: Blurb
    highlights: list[str]


def listing_url(path: str, query: SearchQuery, fixed_tag: str | None = None) -> str:
    """The URL of `query` on `path` (the fixed tag of a tag's works page is in the path)."""
    if fixed_tag:
        query = replace(
            query, tags=tuple(t for t in query.tags if t.casefold() != fixed_tag.casefold())
        )
    params = query.to_params()
    return f"{path}?{urlencode(params)}" if params else path


def _facet_groups(results: SearchResults, fixed_tag: str | None) -> list[FacetGroup]:
    query = results.query
    excluded = {n.casefold() for n in query.exclude_tags}
    groups = []
    for facet_type, counts in results.facets.items():
        field_name, param = FACET_FIELD[facet_type]
        chosen = {n.casefold() for n in getattr(query, field_name)}
        group = FacetGroup(type=facet_type, heading=FACET_HEADINGS[facet_type])
        for facet in counts:
            key = facet.name.casefold()
            if fixed_tag and key == fixed_tag.casefold():
                continue
            group.entries.append(
                FacetEntry(facet.name, facet.count, key in chosen, key in excluded, param)
            )
        if group.entries:
            groups.append(group)
    return groups


def _chosen_outside_facets(
    query: SearchQuery, groups: list[FacetGroup], fixed_tag: str | None
) -> list[dict[str, Any]]:
    """Filters in the query that no facet shows (so the form keeps them as checked boxes)."""
    shown = {(e.field, e.name.casefold()) for g in groups for e in g.entries}
    shown |= {("exclude_tag", e.name.casefold()) for g in groups for e in g.entries if e.excluded}
    kept = []
    for field_name, param in (
        ("fandoms", "fandom"),
        ("ratings", "rating"),
        ("warnings", "warning"),
        ("categories", "category"),
        ("tags", "tag"),
        ("exclude_tags", "exclude_tag"),
    ):
        for name in getattr(query, field_name):
            if fixed_tag and field_name == "tags" and name.casefold() == fixed_tag.casefold():
                continue
            if (param, name.casefold()) not in shown:
                kept.append({"param": param, "name": name, "exclude": param == "exclude_tag"})
    return kept


def _page_links(results: SearchResults, path: str, fixed_tag: str | None) -> list[dict[str, Any]]:
    """1 … 4 5 [6] 7 8 … 20: the first, last and nearby pages, gaps as ellipses."""
    query, pages = results.query, results.page_count
    current = min(query.page, pages)
    shown = sorted({1, pages, *range(max(1, current - WINDOW), min(pages, current + WINDOW) + 1)})
    links: list[dict[str, Any]] = []
    for number in shown:
        if links and number - links[-1]["number"] > 1:
            links.append({"number": number - 1, "ellipsis": True})
        links.append(
            {
                "number": number,
                "current": number == query.page,
                "url": listing_url(path, replace(query, page=number), fixed_tag),
            }
        )
    return links


def _active_filters(query: SearchQuery, path: str, fixed_tag: str | None) -> list[dict[str, Any]]:
    active = []
    for field_name in FILTER_FIELDS:
        for name in getattr(query, field_name):
            if fixed_tag and field_name == "tags" and name.casefold() == fixed_tag.casefold():
                continue
            remaining = tuple(n for n in getattr(query, field_name) if n != name)
            active.append(
                {
                    "label": name,
                    "excluded": field_name == "exclude_tags",
                    "url": listing_url(
                        path, query.with_changes(**{field_name: remaining}), fixed_tag
                    ),
                    "query": query.with_changes(**{field_name: remaining}),
                }
            )
    for attr, label in (
        ("complete", "complete only" if query.complete else "in progress only"),
        ("crossover", "crossovers only" if query.crossover else "no crossovers"),
    ):
        if getattr(query, attr) is not None:
            changed = query.with_changes(**{attr: None})
            active.append(
                {
                    "label": label,
                    "excluded": False,
                    "url": listing_url(path, changed, fixed_tag),
                    "query": changed,
                }
            )
    if query.language:
        changed = query.with_changes(language="")
        active.append(
            {
                "label": f"in {language_name(query.language)}",
                "excluded": False,
                "url": listing_url(path, changed, fixed_tag),
                "query": changed,
            }
        )
    return active


def _suggestions(
    results: SearchResults, active: list[dict[str, Any]], search: Searcher
) -> list[dict[str, Any]]:
    """For an empty result: which single filter to drop, and how many works that would find."""
    found = []
    for entry in active[: MAX_SUGGESTIONS * 2]:
        total = search(entry["query"]).total
        if total:
            found.append(
                {
                    "label": entry["label"],
                    "excluded": entry["excluded"],
                    "url": entry["url"],
                    "total": total,
                }
            )
    if results.query.text:
        without_text = results.query.with_changes(text="")
        total = search(without_text).total
        if total:
            found.append(
                {
                    "label": f"the words “{results.query.text}”",
                    "excluded": False,
                    "url": None,
                    "total": total,
                    "query": without_text,
                }
            )
    found.sort(key=lambda s: -s["total"])
    return found[:MAX_SUGGESTIONS]


def _neighbour_urls(
    query: SearchQuery, pages: int, path: str, fixed_tag: str | None
) -> dict[str, str | None]:
    """The previous and next pages' links (None at either end)."""
    previous = min(query.page, pages + 1) - 1
    return {
        "previous_url": listing_url(path, replace(query, page=previous), fixed_tag)
        if query.page > 1
        else None,
        "next_url": listing_url(path, replace(query, page=query.page + 1), fixed_tag)
        if query.page < pages
        else None,
    }


def _range_filter_count(query: SearchQuery) -> int:
    """How many word, date and chapter limits the query sets (shown in the filter count)."""
    limits = (query.words_from, query.words_to, query.date_from, query.date_to)
    return sum(1 for v in limits if v is not None) + (1 if query.single_chapter else 0)


def listing_context(
    results: SearchResults,
    *,
    path: str,
    search: Searcher,
    languages: list[tuple[str, str]],
    fixed_tag: str | None = None,
) -> dict[str, Any]:
    """Template context for `search/works.html`. `search(query)` runs another query as the same
    reader (for the empty state's suggestions); `languages` are (code, name) pairs to offer."""
    query = results.query
    total = results.total
    pages = results.page_count
    out_of_range = total > 0 and query.page > pages
    ids = [] if out_of_range else results.ids(query.offset, query.per_page)
    highlights = results.highlights(ids) if ids else {}
    blurbs = [
        Result(blurb=b, highlights=highlights.get(b.work_id, []))
        for b in blurbs_for(ids, cards_load=work_cards, index=results.index)
    ]
    groups = _facet_groups(results, fixed_tag)
    active = _active_filters(query, path, fixed_tag)
    suggestions = _suggestions(results, active, search) if total == 0 else []
    for suggestion in suggestions:
        if suggestion["url"] is None:
            suggestion["url"] = listing_url(path, suggestion.pop("query"), fixed_tag)
    sort = results.effective_sort if query.sort == "best" else query.sort
    return {
        "results": results,
        "query": query,
        "blurbs": blurbs,
        "total": total,
        "facet_groups": groups,
        "chosen_elsewhere": _chosen_outside_facets(query, groups, fixed_tag),
        "active_filters": active,
        "suggestions": suggestions,
        "page_links": _page_links(results, path, fixed_tag) if pages > 1 else [],
        **_neighbour_urls(query, pages, path, fixed_tag),
        "out_of_range": out_of_range,
        "last_page_url": listing_url(path, replace(query, page=pages), fixed_tag),
        "sorts": [
            (key, label)
            for key, (label, _) in SORTS.items()
            if key != "best" or results.text.has_positive
        ],
        "sort": sort,
        "languages": languages,
        "fixed_tag": fixed_tag,
        "first_number": query.offset + 1 if ids else 0,
        "last_number": query.offset + len(ids),
        "filter_count": len(active) + _range_filter_count(query),
    }
