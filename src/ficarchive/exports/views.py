"""Download views: thin wrappers that ask the visibility selector, then serve a cached file."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def download(request: HttpRequest, work_id: str, fmt: str, slug: str = "") -> HttpResponse:
    """Serve the work as EPUB, HTML or text (filled in by the exports work)."""
    raise Http404("Downloads are not ready yet.")


def series_download(request: HttpRequest, series_id: int) -> HttpResponse:
    """Serve a whole series as one EPUB (filled in by the exports work)."""
    raise Http404("Downloads are not ready yet.")
