"""A full disk fails writes with a clear answer, not a server error; reads go on.

Any view whose write hits a full disk (SQLite's "database or disk is full", PostgreSQL's
disk_full, an OSError ENOSPC from a file being written) answers 507 Insufficient Storage with
one sentence saying that nothing was saved and that reading still works. Reads that write on the
side (hit counts, throttle counters, cached downloads) skip that write instead of failing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from ficarchive.site.database_errors import DISK_FULL_MESSAGE, error_is_disk_full

logger = logging.getLogger(__name__)


def disk_full_response() -> HttpResponse:
    """The 507 answer: nothing was saved; reading still works. A page of its own, like the
    server-error page: it needs nothing from the database."""
    page = render_to_string("507.html", {"message": DISK_FULL_MESSAGE})
    return HttpResponse(page, status=507)


class DiskFullMiddleware:
    """Turn a write that failed on a full disk into the 507 answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not error_is_disk_full(exception):
            return None
        logger.error(
            "a write failed, the disk is full: %s %s: %s", request.method, request.path, exception
        )
        return disk_full_response()
