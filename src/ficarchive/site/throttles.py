"""A fixed-window rate limiter kept in the database, so every server worker shares the counts.

Rates are `(requests, seconds)` per scope. A site may change them with the setting
`FICARCHIVE_THROTTLES` (a dict) or the environment variable `FICARCHIVE_THROTTLES`
(`"comment=100/60,kudos=300/60"`), which the load script uses. A request may cost more than one
(an upload counts its kilobytes against the daily allowance of bytes).

When the disk is full the counters cannot be written. A read's scope (`READ_SCOPES`) then lets
the request through rather than turn every search into an error; any other scope (a write, a
log-in, a sign-up) lets the error through, so that the site answers "the disk is full" and a
full disk never opens the way to unlimited password guesses.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse

from ficarchive.site.database_errors import error_is_disk_full
from ficarchive.site.models import ThrottleCounter
from ficarchive.site.visitors import visitor_hash

DEFAULT_RATES: dict[str, tuple[int, int]] = {
    "signup": (5, 3600),
    "login": (10, 300),
    "password_reset": (5, 3600),
    "comment": (10, 60),
    "kudos": (30, 60),
    "report": (5, 3600),
    # Text searches (a `q` parameter) per visitor: the expensive part of /works/ and the API.
    "search": (60, 60),
    # Uploads and pasted stories per member: a burst, then a daily allowance of files and KiB.
    "upload": (20, 600),
    "upload_daily": (100, 86400),
    "upload_kb_daily": (50 * 1024, 86400),
}
# Scopes that count reads: on a full disk they go uncounted instead of failing.
READ_SCOPES = frozenset({"search"})


def _rates_from_environment() -> dict[str, tuple[int, int]]:
    rates = {}
    for item in os.environ.get("FICARCHIVE_THROTTLES", "").split(","):
        if "=" in item and "/" in item:
            scope, rate = item.split("=", 1)
            count, seconds = rate.split("/", 1)
            rates[scope.strip()] = (int(count), int(seconds))
    return rates


def throttle_rate(scope: str) -> tuple[int, int]:
    """The `(requests, seconds)` allowed for `scope`, after settings and environment."""
    rates = dict(DEFAULT_RATES)
    rates.update(getattr(settings, "FICARCHIVE_THROTTLES", {}))
    rates.update(_rates_from_environment())
    return rates[scope]


def throttle_allow(*, scope: str, ident: str, cost: int = 1) -> bool:
    """Count one request by `ident` in `scope` (as `cost` of them); False once the window's
    allowance is used up. For a read's scope, True (counting nothing) when the disk is too full
    to count."""
    limit, period = throttle_rate(scope)
    window = int(time.time()) // period * period
    key = f"{scope}:{ident}"[:200]
    try:
        with transaction.atomic():
            counters = ThrottleCounter.objects.filter(key=key, window=window)
            if not counters.update(count=F("count") + cost):
                try:
                    with transaction.atomic():
                        ThrottleCounter.objects.create(key=key, window=window, count=cost)
                except IntegrityError:
                    counters.update(count=F("count") + cost)
            count = counters.values_list("count", flat=True).get()
            if random.random() < 0.01:
                # Old windows are useless; sweep them now and then rather than with a cron job.
                ThrottleCounter.objects.filter(window__lt=int(time.time()) - 86400).delete()
    except DatabaseError as exc:
        if scope in READ_SCOPES and error_is_disk_full(exc):
            return True
        raise
    return count <= limit


def throttled(
    scope: str, *, when: Callable[[HttpRequest], bool] = lambda request: True
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A view decorator: requests for which `when` holds count against the visitor's `scope`
    (their account, else their address) and get the 429 answer past the allowance."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if when(request) and not throttle_allow(scope=scope, ident=visitor_hash(request)):
                return too_many_requests(scope)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def too_many_requests(scope: str) -> HttpResponse:
    """The 429 answer, with Retry-After set to the window's length."""
    _, period = throttle_rate(scope)
    response = HttpResponse(
        "<!doctype html><title>Too many requests</title>"
        "<h1>Too many requests</h1><p>Please wait a little and try again.</p>",
        status=429,
    )
    response["Retry-After"] = str(period)
    return response
