"""Windows of story text around a likely match, cut out by the database for highlighting.

A 200,000-word chapter is never read whole, nor sent whole: the database looks for the first
place a query word may start within a chapter's first SCAN_CHARS characters and returns a
window of markup around it, which is then turned into plain text.
"""

from __future__ import annotations

import re

from django.db import connection

from ficarchive.search.backends.base import EXCERPT_CHARS, stem_prefix
from ficarchive.search.documents import html_to_text
from ficarchive.search.textquery import TextQuery
from ficarchive.search.time_limit import search_time_limit
from ficarchive.works.models import Chapter

# Body highlights look for a match this far into a chapter, no further.
SCAN_CHARS = 200_000
# A tag cut in half at either edge of a window of HTML.
PARTIAL_TAG_RE = re.compile(r"^[^<]*?>|<[^>]*$")

_FOUND = {
    "postgresql": "strpos(lower(left(body_html, %s)), %s)",
    "sqlite": "instr(lower(substr(body_html, 1, %s)), %s)",
}
_WINDOW = {
    "postgresql": "substr(body_html, greatest(found - %s, 1), %s)",
    "sqlite": "substr(body_html, max(found - %s, 1), %s)",
}


def body_excerpts(ids: list[int], query: TextQuery) -> dict[int, list[str]]:
    """Plain text around the first place each of `ids`' posted chapters may match `query`
    (chapters without a likely match are left out), in chapter order."""
    terms = query.positive_terms()
    if not ids or not terms:
        return {}
    prefix = stem_prefix(terms[0].words[0])
    vendor = connection.vendor if connection.vendor in _FOUND else "sqlite"
    marks = ", ".join(["%s"] * len(ids))
    found: dict[int, list[str]] = {}
    with search_time_limit(), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT work_id, {_WINDOW[vendor]} FROM"
            f" (SELECT work_id, position, body_html, {_FOUND[vendor]} AS found"
            f" FROM {Chapter._meta.db_table} WHERE work_id IN ({marks}) AND NOT draft) AS chapter"
            " WHERE found > 0 ORDER BY work_id, position",
            [EXCERPT_CHARS // 2, EXCERPT_CHARS * 2, SCAN_CHARS, prefix, *ids],
        )
        for work_id, markup in cursor.fetchall():
            found.setdefault(work_id, []).append(html_to_text(PARTIAL_TAG_RE.sub(" ", markup)))
    return found
