"""Thin views: read GET parameters into a query, ask the selector, render HTML or JSON."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ficarchive.search.listing import listing_context
from ficarchive.search.params import search_query_from_params, text_searched
from ficarchive.search.selectors import work_search
from ficarchive.search.serialize import results_data, work_detail
from ficarchive.site.throttles import throttled
from ficarchive.works.models import Tag
from ficarchive.works.selectors import work_get_for_reader


@require_GET
@throttled("search", when=text_searched)
def works_listing(request: HttpRequest) -> HttpResponse:
    """`/works/?<filters>`: the filter form, results, facets and pages."""
    query = search_query_from_params(request.GET)
    results = work_search(query=query, user=request.user)
    return render(request, "search/works.html", listing_context(results, path=request.path))


@require_GET
@throttled("search", when=text_searched)
def tag_works_listing(request: HttpRequest, name: str) -> HttpResponse:
    """`/tags/<name>/works/`: the works listing filtered by one tag (and its synonyms)."""
    tag = Tag.objects.filter(name__iexact=name).first()
    if tag is None:
        raise Http404("No such tag.")
    canonical = tag.synonym_of or tag
    query = search_query_from_params(request.GET)
    if canonical.name.casefold() not in {t.casefold() for t in query.tags}:
        query = query.with_changes(tags=(canonical.name, *query.tags), page=query.page)
    results = work_search(query=query, user=request.user)
    context = listing_context(results, path=request.path, fixed_tag=canonical.name)
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
