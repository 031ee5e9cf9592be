"""Reads for the browse pages (front page, /fandoms/, /tags/, /users/, /series/).

Counts and top-N come from the search index (`search.selectors`), never from counting the works
table; only the rows a page shows are loaded from the database.
"""

from __future__ import annotations

import heapq
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib import resources

from django.core.cache import caches
from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.db.models.functions import Lower

from ficarchive.search.bitmaps.index import FACET_TYPES
from ficarchive.search.rendered import CACHE, Blurb, blurbs_for, index_state_key
from ficarchive.search.selectors import (
    SeriesSeen,
    creator_counts,
    series_with_works,
    tag_top,
    tag_type_counts,
    tags_of_type_listed,
    work_ids_count,
    works_newest_ids,
    works_visible_count,
)
from ficarchive.site.plain_reads import rows_values
from ficarchive.works.cards import work_cards
from ficarchive.works.letters import OTHER_LETTER, letter_of
from ficarchive.works.models import Creator, Media, Series, SeriesPart, Tag, TagType
from ficarchive.works.readers import Reader

FREE_TYPES = (TagType.FANDOM, TagType.RELATIONSHIP, TagType.CHARACTER, TagType.FREEFORM)
TYPE_HEADINGS: dict[str, str] = {
    TagType.FANDOM: "Fandoms",
    TagType.RELATIONSHIP: "Relationships",
    TagType.CHARACTER: "Characters",
    TagType.FREEFORM: "Additional tags",
    TagType.RATING: "Ratings",
    TagType.WARNING: "Archive warnings",
    TagType.CATEGORY: "Categories",
}
PER_PAGE = 100
SERIES_PER_PAGE = 50
TOP_PER_TYPE = 24
FANDOMS_PER_MEDIA = 20
FRONT_WORKS = 8
FRONT_FANDOMS = 12
FRONT_SERIES = 5


@dataclass
class Counted:
    """A tag, creator or series with how many works the reader may see."""

    item: object
    count: int
    note: str = ""


@dataclass
class MediaGroup:
    """A media group's fandoms as shown; `total`: how many it has in all (set when it shows
    only its most used)."""

    key: str
    label: str
    fandoms: list[Counted] = field(default_factory=list)
    total: int = 0


@dataclass
class FrontPage:
    works: list[Blurb]
    works_total: int
    fandoms: list[Counted]
    series: list[Counted]


@cache
def _knowledge_media() -> dict[str, str]:
    """The knowledge base's media group of each fandom it knows (by canonical name)."""
    path = resources.files("ficarchive.legacy.knowledge").joinpath("fandom_media.json")
    return {k.casefold(): v for k, v in json.loads(path.read_text("utf-8"))["fandoms"].items()}


def media_of(*, name: str, chosen: str) -> str:
    """The media group of the fandom called `name` whose staff chose `chosen` (may be empty)."""
    return chosen or _knowledge_media().get(name.casefold(), Media.UNCATEGORIZED)


@dataclass
class FandomIndex:
    """What `/fandoms/` shows: media groups of counted fandoms; `page` (a page of every listed
    fandom A–Z) when a letter or a media group is chosen, else each group's most used few."""

    groups: list[MediaGroup]
    page: Page | None


def _fandoms_listed(*, user: Reader, letter: str, media: str) -> list[tuple[str, str, int, int]]:
    """(name, media, tag id, works) of every fandom with works the reader may see, of the
    chosen letter and media: names and counts from the search index, and from the database
    only the media staff chose (none of the works is read)."""
    chosen = dict(
        Tag.objects.filter(type=TagType.FANDOM, synonym_of__isnull=True)
        .exclude(media="")
        .values_list("id", "media")
    )
    rows = []
    for fandom in tag_type_counts(user=user, tag_type=TagType.FANDOM):
        if letter and letter_of(fandom.name) != letter:
            continue
        group = media_of(name=fandom.name, chosen=chosen.get(fandom.tag_id, ""))
        if not media or group == media:
            rows.append((fandom.name, group, fandom.tag_id, fandom.count))
    return rows


def fandom_index(*, user: Reader, letter: str = "", media: str = "", page_number=1) -> FandomIndex:
    """Fandoms with works the reader may see, by media group, with work counts: each group's
    FANDOMS_PER_MEDIA most used, or, for a letter or one media group, all of them A–Z a page
    at a time. Only the fandoms shown are loaded."""
    listed = _fandoms_listed(user=user, letter=letter, media=media)
    groups = {key: MediaGroup(key=key, label=label) for key, label in Media.choices}
    page = None
    if letter or media:
        listed.sort(key=lambda row: (row[0].casefold(), row[0]))
        page = Paginator(listed, PER_PAGE).get_page(page_number)
        shown = list(page.object_list)
    else:
        by_media: dict[str, list[tuple[str, str, int, int]]] = {}
        for row in listed:
            by_media.setdefault(row[1], []).append(row)
        shown = []
        for key, rows in by_media.items():
            groups[key].total = len(rows)
            shown += heapq.nsmallest(FANDOMS_PER_MEDIA, rows, key=lambda row: (-row[3], row[0]))
    tags = Tag.objects.in_bulk([row[2] for row in shown])
    for _name, key, tag_id, count in shown:
        if tag_id in tags:
            groups[key].fandoms.append(Counted(tags[tag_id], count))
    return FandomIndex(groups=[g for g in groups.values() if g.fandoms], page=page)


def tag_index_top(*, user: Reader) -> list[tuple[str, str, list[Counted]]]:
    """(type, heading, the most used tags with counts) for each tag type."""
    top = tag_top(user=user, top=TOP_PER_TYPE)
    tags = Tag.objects.in_bulk([f.tag_id for counts in top.values() for f in counts])
    rows = []
    for tag_type in FACET_TYPES:
        counted = [
            Counted(tags[f.tag_id], f.count) for f in top.get(tag_type, []) if f.tag_id in tags
        ]
        if counted:
            rows.append((tag_type, TYPE_HEADINGS[tag_type], counted))
    return rows


def tag_index_of_type(
    *, user: Reader, tag_type: str, letter: str = "", page_number=1
) -> tuple[Page, list[Counted]]:
    """One type's canonical tags with works the reader may see, A–Z, a page at a time, with
    counts: which tags, their order and the total from the search index; only the page's tags
    are loaded."""
    listed = tags_of_type_listed(user=user, tag_type=tag_type, letter=letter)
    # A lazy sequence with a length and slices: all Paginator reads (not its full protocol).
    page: Page = Paginator(listed, PER_PAGE).get_page(page_number)  # type: ignore[arg-type]
    shown = list(page.object_list)
    tags = Tag.objects.in_bulk([row.tag_id for row in shown])
    return page, [Counted(tags[row.tag_id], row.count) for row in shown if row.tag_id in tags]


@dataclass
class CreatorPage:
    """A page of `/users/`: its creators with counts, and the keys that open the pages either
    side (None at either end)."""

    rows: list[Counted]
    previous: str | None
    next: str | None


def _creator_letter(letter: str) -> Q:
    """The creators filed under `letter`, as a range of the indexed LOWER(name) (so the
    database walks its index instead of testing every name)."""
    if letter == OTHER_LETTER:
        return Q(key__lt="a") | Q(key__gte="{")  # "{" follows "z"
    low = letter.lower()
    return Q(key__gte=low, key__lt=chr(ord(low) + 1))


def creator_index(
    *, user: Reader, letter: str = "", after: str = "", before: str = ""
) -> CreatorPage:
    """Creators A–Z (by lower-cased name), imported authors included, each with the works the
    reader may see: PER_PAGE at a time after the key `after` (or before `before`), read along
    the LOWER(name) index, so no page counts or skips over the creators before it."""
    creators = Creator.objects.annotate(key=Lower("name")).exclude(name="Anonymous")
    if letter:
        creators = creators.filter(_creator_letter(letter))
    if before:
        shown = list(creators.filter(key__lt=before).order_by("-key")[: PER_PAGE + 1])
        more_before = len(shown) > PER_PAGE
        shown = shown[:PER_PAGE][::-1]
        more_after = True
    else:
        shown = list(creators.filter(key__gt=after).order_by("key")[: PER_PAGE + 1])
        more_after = len(shown) > PER_PAGE
        shown = shown[:PER_PAGE]
        more_before = bool(after and shown) and creators.filter(key__lt=shown[0].key).exists()
    counts = creator_counts(user=user, creator_ids=[creator.pk for creator in shown])
    rows = [
        Counted(creator, counts[creator.pk], "" if creator.user_id else "imported")
        for creator in shown
    ]
    return CreatorPage(
        rows=rows,
        previous=shown[0].key if shown and more_before else None,
        next=shown[-1].key if shown and more_after else None,
    )


def series_index(*, user: Reader, page_number=1) -> tuple[Page, list[Counted]]:
    """Series with a part the reader may see, most recently updated first, with part counts
    (order and counts from the search index; only the page's series are loaded)."""
    listing = series_with_works(user=user)
    page: Page = Paginator(listing, SERIES_PER_PAGE).get_page(page_number)  # type: ignore[arg-type]
    seen: list[SeriesSeen] = list(page.object_list)
    loaded = Series.objects.prefetch_related("creators").in_bulk([row.series_id for row in seen])
    rows = []
    for row in seen:
        item = loaded.get(row.series_id)
        if item is None:  # deleted since the index was read
            continue
        item.creator_list = list(item.creators.all())  # type: ignore[attr-defined]
        item.latest = datetime.fromtimestamp(row.updated, UTC) if row.updated else None  # type: ignore[attr-defined]
        rows.append(Counted(item, row.works))
    return page, rows


def _recent_series(*, user: Reader, works: list[int]) -> list[Counted]:
    """Series of the newest works, most recent first (at most FRONT_SERIES), with how many of
    their works the reader may see (read live: series are edited without touching their works)."""
    order = {w: i for i, w in enumerate(works)}
    newest_part: dict[int, int] = {}
    for series_id, work_id in rows_values(SeriesPart, ("series_id", "work_id"), work_id=works):
        if order[work_id] < newest_part.get(series_id, len(works)):
            newest_part[series_id] = order[work_id]
    chosen = sorted(newest_part, key=lambda series_id: newest_part[series_id])[:FRONT_SERIES]
    series = Series.objects.in_bulk(chosen)
    parts: dict[int, list[int]] = {}
    for series_id, work_id in rows_values(SeriesPart, ("series_id", "work_id"), series_id=chosen):
        parts.setdefault(series_id, []).append(work_id)
    return [
        Counted(series[i], work_ids_count(user=user, work_ids=parts.get(i, [])))
        for i in chosen
        if i in series
    ]


@dataclass(frozen=True)
class _FrontFromIndex:
    """What the front page takes from the search index: the newest works (ids) the reader may
    see, how many they may see, and the most used fandoms with their counts."""

    newest: list[int]
    works_total: int
    fandoms: list[tuple[Tag, int]]


def _front_from_index(*, user: Reader) -> _FrontFromIndex:
    """The front page's index answers for `user`, kept until the index changes (counting the
    fandoms goes over every visible work)."""
    cache = caches[CACHE]
    key = f"front:{index_state_key(user=user)}"
    found = cache.get(key)
    if found is None:
        top = tag_top(user=user, top=FRONT_FANDOMS).get("fandom", [])
        tags = Tag.objects.in_bulk([f.tag_id for f in top])
        found = _FrontFromIndex(
            newest=works_newest_ids(user=user, limit=200),
            works_total=works_visible_count(user=user),
            fandoms=[(tags[f.tag_id], f.count) for f in top if f.tag_id in tags],
        )
        cache.set(key, found)
    return found


def front_page(*, user: Reader) -> FrontPage:
    """The front page: the newest works, the most popular fandoms, recently updated series."""
    found = _front_from_index(user=user)
    return FrontPage(
        works=blurbs_for(found.newest[:FRONT_WORKS], cards_load=work_cards),
        works_total=found.works_total,
        fandoms=[Counted(tag, count) for tag, count in found.fandoms],
        series=_recent_series(user=user, works=found.newest),
    )
