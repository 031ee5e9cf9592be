"""Writing series and the place of a work in them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Lower

from ficarchive.site.database_insert import rows_insert
from ficarchive.works.models import Creator, Series, SeriesPart, Work
from ficarchive.works.selectors import name_fold

SERIES_TITLE_MAX = Series._meta.get_field("title").max_length


@transaction.atomic
def series_find_or_create(*, title: str, creators: Iterable[Creator]) -> Series:
    """The series called `title` (any case) shared with one of `creators`, created when missing.

    Two authors may each have a series called "Needed": the creators tell them apart.
    """
    title = " ".join(title.split())[:SERIES_TITLE_MAX]
    if not title:
        raise ValueError("a series needs a title")
    creators = list(creators)
    found = Series.objects.filter(title__iexact=title)
    if creators:
        found = found.filter(creators__in=creators)
    series = found.order_by("id").first()
    if series is None:
        series = Series(title=title)
        series.full_clean()
        series.save()
    series.creators.add(*creators)
    return series


@transaction.atomic
def series_part_place(*, series: Series, work: Work, part: int | None = None) -> SeriesPart:
    """Put `work` in `series` at `part` (1-based); unknown part → after the last one.

    A work already in the series moves to its new place. Two works claiming the same part keep
    both (ordered by arrival), as legacy numbering is not always consistent.
    """
    existing = SeriesPart.objects.filter(series=series, work=work).first()
    if part is None or part < 1:
        if existing is not None:
            return existing
        last = SeriesPart.objects.filter(series=series).aggregate(m=Max("position"))["m"] or 0
        part = last + 1
    if existing is None:
        existing = SeriesPart(series=series, work=work, position=part)
    existing.position = part
    # Both are saved rows the caller holds: checking their foreign keys would cost two queries.
    existing.full_clean(exclude=["series", "work"], validate_constraints=False)
    existing.save()
    return existing


@transaction.atomic
def series_write(
    *, series: Series | None, title: str, summary: str, creators: Iterable[Creator]
) -> Series:
    """Create a series with this title, summary and creators, or bring `series` to them.

    Unlike `series_find_or_create`, never merges with another series of the same title: an
    archive taken in whole may hold two series called "Drabbles".
    """
    title = " ".join(title.split())[:SERIES_TITLE_MAX] or "Untitled series"
    series = series or Series()
    series.title = title
    series.summary = summary.strip()
    series.full_clean()
    series.save()
    series.creators.set(list(creators))
    return series


@transaction.atomic
def series_parts_set(*, series: Series, works: Iterable[Work]) -> bool:
    """Make `works`, in this order, the whole of `series` as parts 1, 2, 3, ...; returns whether
    anything changed."""
    works = list(dict.fromkeys(works))
    current = list(SeriesPart.objects.filter(series=series).order_by("position", "id"))
    if [(p.work_id, p.position) for p in current] == [(w.pk, i) for i, w in enumerate(works, 1)]:
        return False
    SeriesPart.objects.filter(series=series).delete()
    # One save per part, not bulk_create: each save tells the search index (which keeps every
    # series' works for /series/) that the work joined; a series has few parts.
    for i, work in enumerate(works, 1):
        SeriesPart.objects.create(series=series, work=work, position=i)
    return True


@dataclass
class SeriesPlacement:
    """A new work's place in the series its file names (`series_find_or_create` and
    `series_part_place` decide the same for a work stored alone)."""

    work: Work
    title: str
    part: int | None
    creators: Sequence[Creator]


def series_place_new_works(placements: Sequence[SeriesPlacement]) -> None:
    """Put each new work in its series, in order, as `series_find_or_create` then
    `series_part_place` would one after another: the series of that title (any case) shared
    with one of the work's creators, created when missing; the creators added; the part as
    given, or after the last. Reads the series named in one query (and their last parts when
    a part is not given), then writes the new series, their creators and the parts in one
    statement each."""
    placements = [p for p in placements if " ".join(p.title.split())]
    if not placements:
        return
    titles = {name_fold(" ".join(p.title.split())[:SERIES_TITLE_MAX]) for p in placements}
    known = _series_named(titles)
    numbered = all(p.part is not None and p.part >= 1 for p in placements)
    last = {} if numbered else _last_parts([s for group in known.values() for s, _ in group])
    new_series: list[Series] = []
    new_links: list[tuple[Series, int]] = []
    parts: list[SeriesPart] = []
    for placement in placements:
        title = " ".join(placement.title.split())[:SERIES_TITLE_MAX]
        creator_ids = {c.pk for c in placement.creators}
        group = known.setdefault(name_fold(title), [])
        chosen = next(((s, ids) for s, ids in group if not creator_ids or ids & creator_ids), None)
        if chosen is None:
            series = Series(title=title)
            series.full_clean()
            new_series.append(series)
            chosen = (series, set())
            group.append(chosen)
        series, ids = chosen
        new_links += [(series, pk) for pk in sorted(creator_ids - ids)]
        ids |= creator_ids
        position = placement.part
        if position is None or position < 1:
            position = last.get(id(series), 0) + 1
        last[id(series)] = max(last.get(id(series), 0), position)
        part = SeriesPart(series=series, work=placement.work, position=position)
        part.full_clean(exclude=["series", "work"], validate_constraints=False)
        parts.append(part)
    rows_insert(new_series)
    links = Series.creators.through
    rows_insert([links(series_id=s.pk, creator_id=pk) for s, pk in new_links], keys=False)
    rows_insert(parts, keys=False)


def _series_named(folded_titles: set[str]) -> dict[str, list[tuple[Series, set[int]]]]:
    """The series with these titles (folded), oldest first, each with its creators' ids."""
    found: dict[int, tuple[Series, set[int]]] = {}
    rows = (
        Series.objects.annotate(folded=Lower("title"))
        .filter(folded__in=sorted(folded_titles))
        .order_by("id")
    )
    for row in rows:
        found[row.pk] = (row, set())
    if found:
        links = Series.creators.through.objects.filter(series_id__in=list(found))
        for series_id, creator_id in links.values_list("series_id", "creator_id"):
            found[series_id][1].add(creator_id)
    grouped: dict[str, list[tuple[Series, set[int]]]] = {}
    for series, ids in found.values():
        grouped.setdefault(name_fold(series.title), []).append((series, ids))
    return grouped


def _last_parts(series: list[Series]) -> dict[int, int]:
    """The highest part number of each of these series, keyed by id() of the instance."""
    if not series:
        return {}
    by_pk = {s.pk: s for s in series}
    rows = (
        SeriesPart.objects.filter(series_id__in=list(by_pk))
        .values("series_id")
        .annotate(m=Max("position"))
        .values_list("series_id", "m")
    )
    return {id(by_pk[series_id]): top for series_id, top in rows}
