"""Refuse request paths that cannot name anything, before a view takes them to the database.

A NUL byte in a name (`/tags/a%00b/`) is a 500 on PostgreSQL ("text fields cannot contain NUL"),
so it never reaches a view: no tag, creator, token or user name holds one.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse


class RequestPathGuardMiddleware:
    """Answer 404 for a path holding a NUL byte, on every database alike."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            raise Http404("No page has a NUL character in its address.")
        return self.get_response(request)
