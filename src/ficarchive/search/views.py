"""Thin views: read GET parameters into a query, ask the selector, render HTML or JSON."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ficarchive.search.listing import listing_context
from ficarchive.search.params import search_query_from_params, text_searched
from ficarchive.search.query import SearchQuery
from ficarchive.search.selectors import languages_present, query_with_tag_from_text, work_search
from ficarchive.search.serialize import results_data, work_detail
from ficarchive.site.throttles import throttled
from ficarchive.works.cards import language_name
from ficarchive.works.selectors import tag_get_by_name, work_get_for_reader


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
    query = search_query_from_params(request.GET)
    return render(request, "search/works.html", _listing(request, query))


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
    context = _listing(request, query, fixed_tag=canonical.name)
    context["tag"] = canonical
    return render(request, "search/works.html", context)


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
