"""Reads for the staff pages: tags to wrangle, with the works that use them; open reports."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from ficarchive.feedback.models import AbuseReport
from ficarchive.works.models import FIXED_TAG_TYPES, Tag, Work

TAGS_PER_PAGE = 50
EXAMPLE_WORKS = 3
STATUSES = {
    "unwrangled": "Unwrangled",
    "canonical": "Canonical",
    "synonym": "Synonyms",
    "all": "All",
}


@dataclass
class WranglingRow:
    """A tag on the wrangling page: its standing, how many works use it, a few of them."""

    tag: Tag
    works_count: int = 0
    examples: list[Work] = field(default_factory=list)

    @property
    def unwrangled(self) -> bool:
        return not self.tag.canonical and self.tag.synonym_of_id is None


def tags_for_wrangling(
    *, tag_type: str = "", status: str = "all", query: str = "", page_number=1
) -> tuple[Page, list[WranglingRow]]:
    """A page of free tags, unwrangled ones first (then by name), with their work counts and
    a few of the works using them (counted for this page's tags only)."""
    tags: QuerySet[Tag] = Tag.objects.exclude(type__in=FIXED_TAG_TYPES).select_related("synonym_of")
    if tag_type:
        tags = tags.filter(type=tag_type)
    if query.strip():
        tags = tags.filter(name__icontains=query.strip()[:100])
    unwrangled = Q(canonical=False, synonym_of__isnull=True)
    if status == "unwrangled":
        tags = tags.filter(unwrangled)
    elif status == "canonical":
        tags = tags.filter(canonical=True)
    elif status == "synonym":
        tags = tags.filter(synonym_of__isnull=False)
    tags = tags.annotate(
        wrangled=Case(
            When(unwrangled, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("wrangled", "name")
    page = Paginator(tags, TAGS_PER_PAGE).get_page(page_number)
    rows = {t.pk: WranglingRow(tag=t) for t in page.object_list}
    counts = (
        Work.tags.through.objects.filter(tag_id__in=rows)
        .values("tag_id")
        .annotate(n=Count("work_id"))
    )
    for counted in counts:
        rows[counted["tag_id"]].works_count = counted["n"]
    for tag_id, row in rows.items():
        row.examples = list(Work.objects.filter(tags=tag_id).order_by("-id")[:EXAMPLE_WORKS])
    return page, list(rows.values())


def abuse_reports_for_staff(*, resolved: bool = False) -> QuerySet[AbuseReport]:
    """Reports, newest first, with the work and comment they point at."""
    return AbuseReport.objects.filter(resolved=resolved).select_related(
        "work", "comment", "comment__work", "reporter"
    )
