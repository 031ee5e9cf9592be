"""Reading views: each asks one selector and renders one template."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ficarchive.reading import browse, selectors
from ficarchive.works.letters import LETTERS, OTHER_LETTER
from ficarchive.works.models import Media, TagType


def front_page(request: HttpRequest) -> HttpResponse:
    """Where to start: the newest works, popular fandoms, recently updated series, the catalog."""
    return render(request, "reading/front.html", {"data": browse.front_page(user=request.user)})


def _letter(request: HttpRequest) -> str:
    letter = request.GET.get("letter", "").upper()[:1]
    return letter if letter in LETTERS or letter == OTHER_LETTER else ""


def _letters(chosen: str) -> list[tuple[str, bool]]:
    return [(c, c == chosen) for c in LETTERS + OTHER_LETTER]


def fandom_index(request: HttpRequest) -> HttpResponse:
    """`/fandoms/`: each media group's most used fandoms; `?media=` and `?letter=` list them
    all A–Z, a page at a time; with how many works each has."""
    letter = _letter(request)
    media = request.GET.get("media", "")
    media = media if media in Media.values else ""
    found = browse.fandom_index(
        user=request.user, letter=letter, media=media, page_number=request.GET.get("page")
    )
    context = {
        "groups": found.groups,
        "page": found.page,
        "letter": letter,
        "letters": _letters(letter),
        "media": media,
        "media_label": Media(media).label if media else "",
        "extra": urlencode({"media": media}) if media else "",
    }
    return render(request, "reading/fandoms.html", context)


def tag_index(request: HttpRequest) -> HttpResponse:
    """`/tags/`: the most used tags of each type; `?type=` lists one type A–Z."""
    tag_type = request.GET.get("type", "")
    if tag_type not in TagType.values:
        return render(
            request, "reading/tags.html", {"top": browse.tag_index_top(user=request.user)}
        )
    letter = _letter(request)
    page, rows = browse.tag_index_of_type(
        user=request.user, tag_type=tag_type, letter=letter, page_number=request.GET.get("page")
    )
    context = {
        "page": page,
        "rows": rows,
        "tag_type": tag_type,
        "heading": browse.TYPE_HEADINGS[tag_type],
        "letter": letter,
        "letters": _letters(letter),
    }
    return render(request, "reading/tags_of_type.html", context)


def creator_index(request: HttpRequest) -> HttpResponse:
    """`/users/`: authors A–Z, imported ones included, with their work counts; `?after=` and
    `?before=` (a lower-cased name) open the next and previous pages."""
    letter = _letter(request)
    found = browse.creator_index(
        user=request.user,
        letter=letter,
        after=request.GET.get("after", "")[:200],
        before=request.GET.get("before", "")[:200],
    )
    keep = {"letter": letter} if letter else {}
    context = {
        "rows": found.rows,
        "letter": letter,
        "letters": _letters(letter),
        "previous_url": f"?{urlencode({**keep, 'before': found.previous})}"
        if found.previous is not None
        else "",
        "next_url": f"?{urlencode({**keep, 'after': found.next})}"
        if found.next is not None
        else "",
    }
    return render(request, "reading/creators.html", context)


def series_index(request: HttpRequest) -> HttpResponse:
    """`/series/`: series, most recently updated first."""
    page, rows = browse.series_index(user=request.user, page_number=request.GET.get("page"))
    return render(request, "reading/series_index.html", {"page": page, "rows": rows})


def _wants_full_work(request: HttpRequest) -> bool:
    return request.GET.get("view_full_work", "").lower() in ("true", "1", "yes")


def work_page_render(
    request: HttpRequest, data: selectors.WorkPage, *, extra: dict | None = None, status: int = 200
) -> HttpResponse:
    """The work page for `data`; `extra` context reaches its partials (a comment form's error)."""
    # `chapter` is the one chapter on the page (None in the entire-work view), for the partials.
    chapter = data.shown[0] if len(data.shown) == 1 and not data.full_view else None
    context = {"data": data, "work": data.work, "chapter": chapter, **(extra or {})}
    return render(request, "reading/work.html", context, status=status)


def work_page(request: HttpRequest, work_id: int) -> HttpResponse:
    """A work: its metadata, then its first chapter, or every chapter with `?view_full_work=true`."""
    data = selectors.work_get_page_data(
        user=request.user, work_id=work_id, full_view=_wants_full_work(request)
    )
    return work_page_render(request, data)


def chapter_page(request: HttpRequest, work_id: int, position: int) -> HttpResponse:
    """One chapter of a work, with its neighbours."""
    data = selectors.work_get_page_data(
        user=request.user,
        work_id=work_id,
        position=position,
        full_view=_wants_full_work(request),
    )
    return work_page_render(request, data)


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
