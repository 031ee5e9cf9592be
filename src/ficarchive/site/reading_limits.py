"""The hard limits on reading a story on a visitor's behalf (an upload, a pasted header): the
one call every such read makes, with the site's settings."""

from __future__ import annotations

from django.conf import settings

from ficarchive.legacy.bounded import parse_bounded
from ficarchive.legacy.model import ParsedWork


def parse_for_visitor(data: bytes, source: str) -> ParsedWork:
    """What the reader finds in `data`, read in a child process stopped after
    FICARCHIVE_PARSE_SECONDS (15 s) and held to FICARCHIVE_PARSE_MEMORY (1 GiB); never raises,
    a file past either limit comes back with one error diagnostic saying so."""
    return parse_bounded(
        data,
        source,
        seconds=float(settings.FICARCHIVE_PARSE_SECONDS),
        memory=int(settings.FICARCHIVE_PARSE_MEMORY),
    )
