"""Catalog pages: what each OPDS feed lists, read with the reader's visibility, paged.

Feeds in `feeds.py` are declarative; the reading and URL-building happens here, so each
feed's `get_object` is one call.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone

from ficarchive.exports.formats import FORMATS
from ficarchive.exports.opds.entries import (
    CatalogEntry,
    CatalogPage,
    navigation_entry,
    work_entries,
    work_updated,
)
from ficarchive.exports.opds.feedtypes import (
    ACQUISITION_REL,
    ACQUISITION_TYPE,
    NAVIGATION_TYPE,
    OPENSEARCH_TYPE,
    Link,
)
from ficarchive.exports.text import xhtml_to_plain
from ficarchive.exports.xhtml import rich_text_to_xhtml
from ficarchive.sanitize.text import text_clean
from ficarchive.search.query import SearchQuery
from ficarchive.search.results import ResultIds, SearchResults
from ficarchive.search.selectors import (
    series_with_works,
    series_work_ids_visible,
    tags_with_works,
    work_search,
)
from ficarchive.works.models import Series, Tag, TagType, Work

PER_PAGE = 25


def root_page(request: HttpRequest) -> CatalogPage:
    """The navigation root: newest works, by fandom, by rating, series (search via the header)."""
    now = timezone.now()
    sections = [
        (
            "Newest works",
            "Recently updated works, newest first.",
            "exports:opds_new",
            ACQUISITION_TYPE,
        ),
        ("By fandom", "Works grouped by fandom.", "exports:opds_fandoms", NAVIGATION_TYPE),
        ("By rating", "Works grouped by rating.", "exports:opds_ratings", NAVIGATION_TYPE),
        (
            "Series",
            "Series, each with its works in order.",
            "exports:opds_series_list",
            NAVIGATION_TYPE,
        ),
    ]
    entries = [
        navigation_entry(request, title, summary, reverse(name), kind, now)
        for title, summary, name, kind in sections
    ]
    newest = Link(
        "http://opds-spec.org/sort/new",
        request.build_absolute_uri(reverse("exports:opds_new")),
        ACQUISITION_TYPE,
        "Newest works",
    )
    return _page(
        request,
        "Catalog",
        NAVIGATION_TYPE,
        entries,
        html_url="/",
        up=False,
        extra_links=[newest],
    )


def newest_page(request: HttpRequest) -> CatalogPage:
    """Every visible work, most recently updated first, paged (order and total from the index)."""
    works = work_search(query=SearchQuery(sort="updated"), user=request.user)
    return _works_page(request, "Newest works", works)


def fandoms_page(request: HttpRequest) -> CatalogPage:
    """Fandoms that have visible works (synonyms folded into their canonical tag), by name."""
    return _tags_page(request, "By fandom", TagType.FANDOM)


def ratings_page(request: HttpRequest) -> CatalogPage:
    """Ratings that have visible works."""
    return _tags_page(request, "By rating", TagType.RATING)


def tag_page(request: HttpRequest, tag_id: int) -> CatalogPage:
    """Visible works carrying the tag or one of its synonyms, newest first, paged."""
    tag = Tag.objects.filter(pk=tag_id).first()
    if tag is None:
        raise Http404("No such tag.")
    works = work_search(query=SearchQuery(sort="updated", tags=(tag.name,)), user=request.user)
    if not works.total:
        # Tag ids are guessable: a tag only unseen works carry must not give away its name.
        raise Http404("No such tag.")
    return _works_page(request, tag.name, works, html_url=tag.get_absolute_url())


def series_list_page(request: HttpRequest) -> CatalogPage:
    """Series with at least one visible work, most recently updated first, paged (which series,
    their order and the total come from the figures the search index keeps; only the page's
    series rows are read)."""
    page, paging = _paginate(request, series_with_works(user=request.user))
    seen = list(page.object_list)
    shown = Series.objects.in_bulk([row.series_id for row in seen])
    entries = [
        navigation_entry(
            request,
            item.title,
            xhtml_to_plain(rich_text_to_xhtml(item.summary)),
            reverse("exports:opds_series", args=[item.pk]),
            ACQUISITION_TYPE,
            item.updated_at,
        )
        for item in (shown[row.series_id] for row in seen if row.series_id in shown)
    ]
    return _page(request, "Series", NAVIGATION_TYPE, entries, page=page, paging=paging)


def series_page(request: HttpRequest, series_id: int) -> CatalogPage:
    """A series: the whole series as one EPUB, then its visible works in reading order."""
    series = Series.objects.filter(pk=series_id).first()
    seen = [] if series is None else series_work_ids_visible(user=request.user, series_id=series_id)
    if series is None or not seen:
        raise Http404("No such series.")
    works = list(
        Work.objects.filter(pk__in=seen, series_parts__series=series).order_by(
            "series_parts__position", "id"
        )
    )
    download = request.build_absolute_uri(reverse("exports:series_download", args=[series.pk]))
    whole = CatalogEntry(
        title=f"{series.title} (the whole series)",
        id=f"{request.build_absolute_uri(reverse('exports:opds_series', args=[series.pk]))}#all",
        link=request.build_absolute_uri(series.get_absolute_url()),
        updated=max([series.updated_at, *[work_updated(w) for w in works]]),
        summary=f"All {len(works)} works of the series in one EPUB.",
        links=[Link(ACQUISITION_REL, download, FORMATS["epub"].media_type, "EPUB")],
    )
    entries = [whole, *work_entries(request, [work.pk for work in works])]
    return _page(
        request, series.title, ACQUISITION_TYPE, entries, html_url=series.get_absolute_url()
    )


def search_page(request: HttpRequest) -> CatalogPage:
    """Works matching `?q=` through the site's search, paged (no query: no results)."""
    text = text_clean(request.GET.get("q", "")).strip()
    number = _page_number(request)
    ids: list[int] = []
    total = 0
    if text:
        results = work_search(
            query=SearchQuery(text=text, page=number, per_page=PER_PAGE), user=request.user
        )
        total = results.total
        if total and (number - 1) * PER_PAGE >= total:
            raise Http404("No such page.")
        ids = results.ids((number - 1) * PER_PAGE, PER_PAGE)
    last = max(1, -(-total // PER_PAGE))
    extra = [("q", text)] if text else []
    links = _paging_links(request, ACQUISITION_TYPE, number, last, extra)
    return _page(
        request,
        f"Search: {text}" if text else "Search",
        ACQUISITION_TYPE,
        work_entries(request, ids),
        extra_links=links,
        paging=(total, PER_PAGE, (number - 1) * PER_PAGE + 1),
        query=extra + ([("page", str(number))] if number > 1 else []),
    )


# ---- building blocks ----------------------------------------------------------------------------


def _page_number(request: HttpRequest) -> int:
    value = request.GET.get("page") or "1"
    # isascii: "²" is a digit to isdigit() but not to int(); the length keeps int() in bounds.
    if not (value.isascii() and value.isdigit()) or len(value) > 9 or int(value) < 1:
        raise Http404("No such page.")
    return int(value)


def _paginate(request: HttpRequest, queryset):
    paginator = Paginator(queryset, PER_PAGE)
    try:
        page = paginator.page(_page_number(request))
    except (EmptyPage, PageNotAnInteger) as exc:
        raise Http404("No such page.") from exc
    return page, (paginator.count, PER_PAGE, page.start_index() or 1)


def _works_page(
    request: HttpRequest, title: str, works: SearchResults, *, html_url: str = "/works/"
) -> CatalogPage:
    page, paging = _paginate(request, ResultIds(works))
    entries = work_entries(request, list(page.object_list))
    return _page(
        request, title, ACQUISITION_TYPE, entries, page=page, paging=paging, html_url=html_url
    )


def _tags_page(request: HttpRequest, title: str, tag_type: str) -> CatalogPage:
    # Which tags have visible works, and their order, come from the search index; only the
    # page's tags are read from the database.
    page, paging = _paginate(request, tags_with_works(user=request.user, tag_type=tag_type))
    shown = Tag.objects.in_bulk(list(page.object_list))
    entries = [
        navigation_entry(
            request,
            tag.name,
            f"Works tagged {tag.name}.",
            reverse("exports:opds_tag", args=[tag.pk]),
            ACQUISITION_TYPE,
            tag.created_at,
        )
        for tag in (shown[pk] for pk in page.object_list if pk in shown)
    ]
    return _page(request, title, NAVIGATION_TYPE, entries, page=page, paging=paging)


def _page(
    request: HttpRequest,
    title: str,
    kind: str,
    entries: list[CatalogEntry],
    *,
    page=None,
    paging: tuple[int, int, int] | None = None,
    html_url: str = "/",
    up: bool = True,
    extra_links: list[Link] | None = None,
    query: list[tuple[str, str]] | None = None,
) -> CatalogPage:
    """A page with the links every feed carries: self, start, up, search, and paging."""
    absolute = request.build_absolute_uri
    if query is None:
        query = [("page", str(page.number))] if page is not None and page.number > 1 else []
    self_url = absolute(request.path + (f"?{urlencode(query)}" if query else ""))
    root = absolute(reverse("exports:opds_root"))
    links = [
        Link("self", self_url, kind),
        Link("start", root, NAVIGATION_TYPE, "Catalog"),
        Link("search", absolute(reverse("exports:opds_opensearch")), OPENSEARCH_TYPE, "Search"),
    ]
    if up:
        links.append(Link("up", root, NAVIGATION_TYPE, "Catalog"))
    if page is not None:
        links += _paging_links(request, kind, page.number, page.paginator.num_pages, [])
    links += extra_links or []
    return CatalogPage(
        title=title,
        id=absolute(request.path),
        self_url=self_url,
        html_url=absolute(html_url),
        entries=entries,
        links=links,
        paging=paging,
    )


def _paging_links(
    request: HttpRequest, kind: str, number: int, last: int, extra: list[tuple[str, str]]
) -> list[Link]:
    def url(n: int) -> str:
        params = extra + ([("page", str(n))] if n > 1 else [])
        return request.build_absolute_uri(
            request.path + (f"?{urlencode(params)}" if params else "")
        )

    links = []
    if last > 1:
        links.append(Link("first", url(1), kind))
        links.append(Link("last", url(last), kind))
    if number > 1:
        links.append(Link("previous", url(number - 1), kind))
    if number < last:
        links.append(Link("next", url(number + 1), kind))
    return links
