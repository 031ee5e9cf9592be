"""WorkCard: a work with its creators and tags sorted by type, what a blurb or a metadata block
shows. Built for any number of works in a fixed number of queries; the search listing, the front
page, tag, creator and series pages all show the same card (template `reading/_blurb.html`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf.locale import LANG_INFO
from django.db.models import Count, Prefetch, Q, QuerySet

from ficarchive.works.models import Authorship, Creator, Series, SeriesPart, Tag, TagType, Work


@dataclass
class SeriesPlace:
    """Where a work stands in one series, with its visible neighbours."""

    series: Series
    position: int
    previous: Work | None = None
    next: Work | None = None


@dataclass
class WorkCard:
    """A work with its creators and tags sorted by type: what a blurb or a metadata block shows."""

    work: Work
    creators: list[Creator]
    chapters_posted: int
    rating: Tag | None = None
    warnings: list[Tag] = field(default_factory=list)
    categories: list[Tag] = field(default_factory=list)
    fandoms: list[Tag] = field(default_factory=list)
    relationships: list[Tag] = field(default_factory=list)
    characters: list[Tag] = field(default_factory=list)
    freeforms: list[Tag] = field(default_factory=list)
    series: list[SeriesPlace] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        expected = self.work.expected_chapters
        return expected is not None and self.chapters_posted >= expected

    @property
    def language_name(self) -> str:
        """The work's language in English words ("English"), or its code when unknown."""
        return language_name(self.work.language)

    @property
    def original_published(self):
        """When the story was first published, if known: the header's or archive's date, or
        the posting date; None for an import that stated no date (it was dated on arrival)."""
        work = self.work
        if work.imported_at is not None and work.published_at == work.imported_at:
            return None
        return work.published_at

    @property
    def absent_creators(self) -> list[Creator]:
        """Imported creators with no account yet (comments wait for them to claim the work)."""
        return [c for c in self.creators if c.user_id is None and c.name != "Anonymous"]

    @property
    def chapters_label(self) -> str:
        """AO3's "n/total", with "?" when the total is unknown."""
        expected = self.work.expected_chapters
        return f"{self.chapters_posted}/{expected if expected is not None else '?'}"

    @property
    def rating_class(self) -> str:
        """A CSS hook naming the rating (general, teen, mature, explicit, not-rated)."""
        name = self.rating.name.lower() if self.rating else ""
        for key in ("general", "teen", "mature", "explicit"):
            if key in name:
                return key
        return "not-rated"

    @property
    def warning_class(self) -> str:
        """`none` when no archive warning applies, `chose-not` when unknown, else `warned`."""
        names = {t.name.lower() for t in self.warnings}
        if not names or names == {"creator chose not to use archive warnings"}:
            return "chose-not"
        if names == {"no archive warnings apply"}:
            return "none"
        return "warned"


_TAG_SLOTS: dict[str, str] = {
    TagType.WARNING: "warnings",
    TagType.CATEGORY: "categories",
    TagType.FANDOM: "fandoms",
    TagType.RELATIONSHIP: "relationships",
    TagType.CHARACTER: "characters",
    TagType.FREEFORM: "freeforms",
}


def language_name(code: str) -> str:
    """A language code's English name ("de" → "German"), or the code when unknown."""
    code = code or ""
    return LANG_INFO.get(code.lower(), {}).get("name") or code


def with_card_data(works: QuerySet[Work]) -> QuerySet[Work]:
    """Add what a card needs in a fixed number of queries, whatever the number of works."""
    return (
        works.select_related("archived_by")
        .annotate(posted_chapters=Count("chapters", filter=Q(chapters__draft=False)))
        .prefetch_related(
            Prefetch(
                "authorship_set",
                queryset=Authorship.objects.select_related("creator").order_by("position", "id"),
            ),
            "tags",
            Prefetch(
                "series_parts",
                queryset=SeriesPart.objects.select_related("series").order_by("series__title"),
            ),
        )
    )


def work_card(work: Work) -> WorkCard:
    card = WorkCard(
        work=work,
        creators=[a.creator for a in work.authorship_set.all()],
        chapters_posted=work.posted_chapters,  # type: ignore[attr-defined]  # with_card_data
    )
    for tag in sorted(work.tags.all(), key=lambda t: (not t.canonical, t.name.lower())):
        if tag.type == TagType.RATING:
            card.rating = card.rating or tag
        elif tag.type in _TAG_SLOTS:
            getattr(card, _TAG_SLOTS[tag.type]).append(tag)
    card.series = [
        SeriesPlace(series=p.series, position=p.position) for p in work.series_parts.all()
    ]
    return card


def work_cards(ids: list[int]) -> list[WorkCard]:
    """Cards for the works `ids`, in that order (ids of works that no longer exist are skipped).

    Visibility is the caller's business: pass only ids the reader may see.
    """
    works = with_card_data(Work.objects.filter(pk__in=ids)).in_bulk()
    return [work_card(works[i]) for i in ids if i in works]
