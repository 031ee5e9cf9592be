"""The naive baseline the benchmark compares against: Django ORM `icontains` filters and GROUP BY counts.

It answers the same `SearchQuery` as the index (same visibility, tags with synonyms, ranges, sort,
page and facet counts), the way a straightforward Django app would.
"""

from __future__ import annotations

from datetime import UTC, datetime, time

from django.db.models import Count, Q

from ficarchive.search.bitmaps.index import FACET_TYPES
from ficarchive.search.query import SearchQuery
from ficarchive.search.textquery import text_query_parse
from ficarchive.works.models import Authorship, Chapter, Tag, Work
from ficarchive.works.readers import Reader
from ficarchive.works.selectors import work_visibility_q

ORDER = {
    "best": "-updated_at",
    "updated": "-updated_at",
    "posted": "-published_at",
    "words": "-word_count",
    "kudos": "-kudos_count",
    "hits": "-hits",
    "comments": "-comments_count",
    "bookmarks": "-bookmarks_count",
    "title": "title",
}


def _group_ids(name: str) -> list[int]:
    tag = Tag.objects.filter(name__iexact=name).first()
    if tag is None:
        return []
    root = tag.synonym_of_id or tag.pk
    return [root, *Tag.objects.filter(synonym_of_id=root).values_list("id", flat=True)]


def _word_q(word: str, in_text: bool) -> Q:
    # One subquery per related table, so no join multiplies the rows the LIKE runs on.
    tagged = Work.tags.through.objects.filter(tag__name__icontains=word).values("work_id")
    authored = Authorship.objects.filter(creator__name__icontains=word).values("work_id")
    q = (
        Q(title__icontains=word)
        | Q(summary__icontains=word)
        | Q(notes__icontains=word)
        | Q(id__in=tagged)
        | Q(id__in=authored)
    )
    if in_text:
        q |= Q(id__in=Chapter.objects.filter(body_html__icontains=word).values("work_id"))
    return q


def naive_search(query: SearchQuery, *, user: Reader | None = None) -> dict:
    """Total, the page of works and the top-10 facets per tag type, straight from the ORM."""
    works = Work.objects.filter(work_visibility_q(user))
    for name in query.included_tag_names():
        works = works.filter(tags__in=_group_ids(name))
    if query.ratings:
        works = works.filter(tags__in=[i for n in query.ratings for i in _group_ids(n)])
    for name in query.exclude_tags:
        works = works.exclude(tags__in=_group_ids(name))
    text = text_query_parse(query.text, in_text=query.in_text)
    for group in text.groups:
        either = Q()
        for term in group:
            either |= _word_q(" ".join(term.words), text.in_text)
        works = works.filter(either)
    for term in text.excluded:
        works = works.exclude(_word_q(" ".join(term.words), text.in_text))
    if query.words_from is not None:
        works = works.filter(word_count__gte=query.words_from)
    if query.words_to is not None:
        works = works.filter(word_count__lte=query.words_to)
    if query.date_from:
        works = works.filter(
            updated_at__gte=datetime.combine(query.date_from, time.min, tzinfo=UTC)
        )
    if query.date_to:
        works = works.filter(updated_at__lte=datetime.combine(query.date_to, time.max, tzinfo=UTC))
    if query.language:
        works = works.filter(language=query.language)
    works = works.distinct()
    total = works.count()
    order = ORDER.get(query.sort, "-updated_at")
    page = list(works.order_by(order, "-id")[query.offset : query.offset + query.per_page])
    matching = works.values("id")
    facets = {}
    for facet_type in FACET_TYPES:
        facets[facet_type] = list(
            Tag.objects.filter(type=facet_type, works__in=matching)
            .annotate(n=Count("works"))
            .order_by("-n", "name")
            .values_list("name", "n")[:10]
        )
    return {"total": total, "page": page, "facets": facets}
