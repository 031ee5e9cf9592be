"""Search results as plain data, for the JSON API and `ficarchive search --json`."""

from __future__ import annotations

from typing import Any

from ficarchive.search.rendered import works_rendered
from ficarchive.search.results import SearchResults
from ficarchive.works.models import Work


def work_summary(work: Work) -> dict[str, Any]:
    """The fields a results list shows for one work (as loaded by `SearchResults.works`)."""
    tags_by_type: dict[str, list[str]] = {}
    for name, tag_type in work.search_tags:  # type: ignore[attr-defined]
        tags_by_type.setdefault(tag_type, []).append(name)
    return {
        "id": work.pk,
        "url": work.get_absolute_url(),
        "title": work.title,
        "creators": work.search_creators,  # type: ignore[attr-defined]
        "summary": work.summary,
        "language": work.language,
        "words": work.word_count,
        "chapters": {"expected": work.expected_chapters},
        "published": work.published_at.isoformat() if work.published_at else None,
        "updated": work.updated_at.isoformat() if work.updated_at else None,
        "kudos": work.kudos_count,
        "hits": work.hits,
        "comments": work.comments_count,
        "bookmarks": work.bookmarks_count,
        "tags": tags_by_type,
        "highlights": getattr(work, "search_highlights", []),
    }


def page_summaries(results: SearchResults) -> list[dict[str, Any]]:
    """The query's page as `work_summary` dicts, each kept per work until it changes (the
    highlights, which depend on the query, are added fresh)."""
    query = results.query
    ids = results.ids(query.offset, query.per_page)

    def load(missing: list[int]) -> dict[int, dict[str, Any]]:
        return {w.pk: work_summary(w) for w in results.works_load(missing, highlights=False)}

    summaries = works_rendered(ids, kind="summary", render_missing=load)
    marked = results.highlights(ids)
    return [dict(summaries[i], highlights=marked.get(i, [])) for i in ids if i in summaries]


def results_data(results: SearchResults) -> dict[str, Any]:
    """Total, the query's page of works, facets, notes and unknown tags."""
    return {
        "total": results.total,
        "page": results.query.page,
        "per_page": results.query.per_page,
        "pages": results.page_count,
        "sort": results.effective_sort,
        "query": dict(results.query.to_params()) | {"text": str(results.text)},
        "results": page_summaries(results),
        "facets": {
            facet_type: [{"name": f.name, "count": f.count} for f in counts]
            for facet_type, counts in results.facets.items()
        },
        "unknown_tags": results.unknown_tags,
        "notes": results.notes,
    }
