"""Every form field and query parameter, cleaned of control characters before any view reads it.

This is the HTTP entry point of `ficarchive.sanitize.text.text_clean`: forms, the JSON API's
parameters, the admin and the posting pages all read `request.GET` and `request.POST`, so
cleaning those two covers every one of them. The body is still parsed only when something asks
for it (a view that refuses an over-long upload by its declared length reads nothing).
Uploaded files are left as bytes: the legacy reader cleans what it reads from them.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict

from ficarchive.sanitize.text import text_clean


def querydict_clean(data: QueryDict) -> QueryDict:
    """`data` with every key and value passed through `text_clean` (the same object when
    nothing needed cleaning); immutable like the request's own."""
    pairs = [(key, values) for key, values in data.lists()]
    cleaned = [(text_clean(key), [text_clean(v) for v in values]) for key, values in pairs]
    if cleaned == pairs:
        return data
    result = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in cleaned:
        result.setlist(key, result.getlist(key) + values)
    result._mutable = False  # QueryDict has no public way to freeze a copy
    return result


class InputTextMiddleware:
    """Clean `request.GET` at once and `request.POST` when it is first read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.GET = querydict_clean(request.GET)  # type: ignore[assignment]  # immutable too
        load = request._load_post_and_files

        def load_and_clean() -> None:
            # Django parses the body on the first read of POST or FILES, through this method.
            load()
            request.POST = querydict_clean(request.POST)  # type: ignore[assignment]

        request._load_post_and_files = load_and_clean  # type: ignore[method-assign]
        return self.get_response(request)
