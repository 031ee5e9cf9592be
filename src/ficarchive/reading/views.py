"""Reading views: each asks one selector and renders one template."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ficarchive.reading import selectors


def front_page(request: HttpRequest) -> HttpResponse:
    """The newest works the reader may see, as blurbs."""
    page, cards = selectors.work_list_recent(user=request.user, page_number=request.GET.get("page"))
    return render(request, "reading/front.html", {"page": page, "cards": cards})


def _wants_full_work(request: HttpRequest) -> bool:
    return request.GET.get("view_full_work", "").lower() in ("true", "1", "yes")


def _render_work(request: HttpRequest, data: selectors.WorkPage) -> HttpResponse:
    # `chapter` is the one chapter on the page (None in the entire-work view), for the partials.
    chapter = data.shown[0] if len(data.shown) == 1 and not data.full_view else None
    context = {"data": data, "work": data.work, "chapter": chapter}
    return render(request, "reading/work.html", context)


def work_page(request: HttpRequest, work_id: int) -> HttpResponse:
    """A work: its metadata, then its first chapter, or every chapter with `?view_full_work=true`."""
    data = selectors.work_get_page_data(
        user=request.user, work_id=work_id, full_view=_wants_full_work(request)
    )
    return _render_work(request, data)


def chapter_page(request: HttpRequest, work_id: int, position: int) -> HttpResponse:
    """One chapter of a work, with its neighbours."""
    data = selectors.work_get_page_data(
        user=request.user,
        work_id=work_id,
        position=position,
        full_view=_wants_full_work(request),
    )
    return _render_work(request, data)


def series_page(request: HttpRequest, series_id: int) -> HttpResponse:
    """A series: its parts in order, as blurbs."""
    data = selectors.series_get_for_reader(user=request.user, series_id=series_id)
    return render(request, "reading/series.html", {"data": data})


def tag_page(request: HttpRequest, name: str) -> HttpResponse:
    """Works carrying a tag or any of its synonyms."""
    name = name.replace("*s*", "/")  # AO3 writes "/" in tag URLs as "*s*".
    data = selectors.tag_works(user=request.user, name=name, page_number=request.GET.get("page"))
    return render(request, "reading/tag.html", {"data": data})


def creator_page(request: HttpRequest, name: str) -> HttpResponse:
    """A creator and their works."""
    data = selectors.creator_works(
        user=request.user, name=name, page_number=request.GET.get("page")
    )
    return render(request, "reading/creator.html", {"data": data})
