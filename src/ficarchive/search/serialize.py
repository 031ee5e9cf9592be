"""Works as plain data, for the JSON API and `ficarchive search --json`: results lists, and one
work with its chapters."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ficarchive.feedback.models import Comment, CommentStatus
from ficarchive.rescue.selectors import work_provenance
from ficarchive.sanitize.html import html_to_text
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

    summaries = works_rendered(ids, kind="summary", render_missing=load, index=results.index)
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


# AO3's own names for tags whose pages show a longer one ("Creator Chose Not To Use Archive
# Warnings" is the tag "Choose Not To Use Archive Warnings" on AO3 and in its exports).
AO3_TAG_NAMES = {"Creator Chose Not To Use Archive Warnings": "Choose Not To Use Archive Warnings"}
TAG_FIELDS = {
    "rating": "rating",
    "warning": "warnings",
    "category": "categories",
    "fandom": "fandoms",
    "relationship": "relationships",
    "character": "characters",
    "freeform": "freeform",
}


def _day(value: datetime | None) -> str | None:
    return value.date().isoformat() if value else None


def work_detail(work: Work) -> dict[str, Any]:
    """One work with its chapters' text, for `GET /api/works/<id>/` (the rescue's contract):
    id, url, title, authors, the tags by type, summary, notes, end notes, language, the
    original published/updated dates, complete, chapter_count, series, comments (threads
    readers see), provenance and the posted chapters as plain text."""
    tags: dict[str, list[str]] = {name: [] for name in TAG_FIELDS.values()}
    for tag in work.tags.all():
        field = TAG_FIELDS.get(tag.type)
        if field:
            tags[field].append(AO3_TAG_NAMES.get(tag.name, tag.name))
    chapters = list(
        work.chapters.filter(draft=False).order_by("position").prefetch_related("creators")
    )
    authors = [c.name for c in work.creators.order_by("authorship__position")]
    comments = Comment.objects.filter(
        work=work, parent=None, status=CommentStatus.PUBLISHED, deleted=False
    ).count()
    return {
        "id": work.pk,
        "url": work.get_absolute_url(),
        "title": work.title,
        "authors": authors,
        "rating": (tags.pop("rating") or ["Not Rated"])[0],
        **{name: sorted(values) for name, values in tags.items()},
        "summary": work.summary,
        "notes": work.notes,
        "end_notes": work.end_notes,
        "language": work.language,
        "published": _day(work.published_at),
        "updated": _day(work.updated_at),
        "complete": work.complete,
        "chapter_count": len(chapters),
        "series": [
            {"id": part.series_id, "title": part.series.title, "part": part.position}
            for part in work.series_parts.select_related("series").order_by("series__title")
        ],
        "comments": comments,
        "provenance": work_provenance(work),
        "chapters": [
            {
                "position": chapter.position,
                "title": chapter.title,
                "authors": [c.name for c in chapter.creators.all()] or authors,
                "notes": chapter.notes,
                "end_notes": chapter.end_notes,
                "text": html_to_text(chapter.body_html),
            }
            for chapter in chapters
        ],
    }
