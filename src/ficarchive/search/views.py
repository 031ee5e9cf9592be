"""Thin views: read GET parameters into a query, ask the selector, render HTML or JSON."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from ficarchive.search.listing import listing_context
from ficarchive.search.params import search_query_from_params, text_searched
from ficarchive.search.query import SearchQuery
from ficarchive.search.rendered import index_kept
from ficarchive.search.selectors import languages_present, query_with_tag_from_text, work_search
from ficarchive.search.serialize import results_data, work_detail
from ficarchive.search.time_limit import TIMEOUT_NOTE
from ficarchive.site.throttles import throttled
from ficarchive.works.cards import language_name
from ficarchive.works.models import Tag
from ficarchive.works.selectors import tag_get_by_name, work_get_for_reader


def _listing_page(
    request: HttpRequest, query: SearchQuery, *, tag: Tag | None = None
) -> HttpResponse:
    """`search/works.html` for `query`. A listing without words is the same for every request
    with the same parameters from the same reader until the search index changes: it is kept
    under that (`search.rendered.index_kept`). Words go to a text engine that may follow the
    index's changes later (Tantivy), so their listings are made each time."""
    fixed_tag = tag.name if tag is not None else None

    def make() -> tuple[str, bool]:
        context = _listing(request, query, fixed_tag=fixed_tag)
        context["tag"] = tag
        complete = TIMEOUT_NOTE not in context["results"].notes
        return render_to_string("search/_listing.html", context, request), complete

    if text_searched(request):
        html, _ = make()
    else:
        asked = f"{request.path}?{urlencode(sorted(request.GET.lists()), doseq=True)}"
        html = index_kept("listing", asked, user=request.user, make=make)
    context = {"listing_html": html, "query": query, "fixed_tag": fixed_tag}
    return render(request, "search/works.html", context)


def _listing(
    request: HttpRequest, query: SearchQuery, *, fixed_tag: str | None = None
) -> dict[str, Any]:
    tag_from_text = None
    if request.GET.get("words") != "1":
        query, tag_from_text = query_with_tag_from_text(query)
    results = work_search(query=query, user=request.user)
    codes = languages_present(user=request.user)
    if query.language and query.language not in codes:
        codes.append(query.language)
    context = listing_context(
        results,
        path=request.path,
        search=lambda q: work_search(query=q, user=request.user),
        languages=sorted(((c, language_name(c)) for c in codes), key=lambda pair: pair[1]),
        fixed_tag=fixed_tag,
    )
    context["tag_from_text"] = tag_from_text
    context["typed_text"] = request.GET.get("q", "")
    return context


@require_GET
@throttled("search", when=text_searched)
def works_listing(request: HttpRequest) -> HttpResponse:
    """`/works/?<filters>`: the filter sidebar, results, facets and pages."""
    return _listing_page(request, search_query_from_params(request.GET))


@require_GET
@throttled("search", when=text_searched)
def tag_works_listing(request: HttpRequest, name: str) -> HttpResponse:
    """`/tags/<name>/works/`: the works listing filtered by one tag (and its synonyms)."""
    name = name.replace("*s*", "/")
    tag = tag_get_by_name(name)
    if tag is None:
        raise Http404("No such tag.")
    canonical = tag.synonym_of or tag
    query = search_query_from_params(request.GET)
    if canonical.name.casefold() not in {t.casefold() for t in query.tags}:
        query = query.with_changes(tags=(canonical.name, *query.tags), page=query.page)
    return _listing_page(request, query, tag=canonical)


@require_GET
@throttled("search", when=text_searched)
def works_api(request: HttpRequest) -> JsonResponse:
    """`/api/works/?<same parameters as /works/>`: results, total, facets, notes as JSON."""
    query = search_query_from_params(request.GET)
    results = work_search(query=query, user=request.user)
    return JsonResponse(results_data(results), json_dumps_params={"ensure_ascii": False})


@require_GET
def work_api(request: HttpRequest, work_id: int) -> JsonResponse:
    """`/api/works/<id>/`: one work the reader may see, with its chapters' text (404 otherwise)."""
    work = work_get_for_reader(user=request.user, work_id=work_id)
    return JsonResponse(work_detail(work), json_dumps_params={"ensure_ascii": False})
