"""Old links of rescued archives: `/archives/<slug>/<old path and query>`, and the old paths
themselves when the request comes for the old site's host."""

from __future__ import annotations

from collections.abc import Callable

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseGone,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from ficarchive.rescue.models import RescuedArchive
from ficarchive.rescue.redirects import OldLinkAnswer, archive_for_host, old_link_resolve


def _respond(answer: OldLinkAnswer) -> HttpResponse:
    if answer.file is not None:
        response = HttpResponse(bytes(answer.file.data), content_type=answer.file.content_type)
        response["Cache-Control"] = "public, max-age=86400"
        response["ETag"] = f'"{answer.file.sha256}"'
        return response
    if answer.location:
        return HttpResponsePermanentRedirect(answer.location)
    if answer.gone:
        return HttpResponseGone("This story is no longer here, at its author's wish.")
    raise Http404("Nothing of the old archive was here.")


@require_safe
def old_link(request: HttpRequest, slug: str, old_path: str = "") -> HttpResponse:
    """301 to the page an old link now leads to, 410 when its author asked for it to go."""
    archive = get_object_or_404(RescuedArchive, slug=slug)
    return _respond(old_link_resolve(archive, old_path, request.META.get("QUERY_STRING", "")))


class OldHostMiddleware:
    """Requests for an old site's own host (`--old-url`) are answered at its old paths."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD"):
            host = request.get_host().lower()
            found = archive_for_host(host, request.path) if host else None
            if found is not None:
                archive, old_path = found
                answer = old_link_resolve(archive, old_path, request.META.get("QUERY_STRING", ""))
                if answer.location or answer.gone or answer.file is not None:
                    return _respond(answer)
        return self.get_response(request)
