"""Reads for exports: the series parts a reader may download."""

from __future__ import annotations

from django.http import Http404

from ficarchive.search.selectors import series_work_ids_visible
from ficarchive.works.models import Series, SeriesPart, Work
from ficarchive.works.readers import Reader


def series_works_for_reader(*, user: Reader, series_id: int) -> tuple[Series, list[Work]]:
    """The series and the parts `user` may read, in reading order; Http404 when the series does
    not exist or none of its parts is visible to `user`."""
    series = Series.objects.filter(pk=series_id).first()
    if series is None:
        raise Http404("No such series.")
    parts = (
        SeriesPart.objects.filter(
            series=series, work_id__in=series_work_ids_visible(user=user, series_id=series.pk)
        )
        .select_related("work")
        .order_by("position", "id")
    )
    works = [part.work for part in parts]
    if not works:
        raise Http404("No such series.")
    return series, works
