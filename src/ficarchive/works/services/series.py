"""Writing series and the place of a work in them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max

from ficarchive.works.models import Creator, Series, SeriesPart, Work

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
