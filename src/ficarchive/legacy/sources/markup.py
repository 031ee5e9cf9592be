"""Shared test of whether a text is HTML at all (the HTML layouts all start from it)."""

from __future__ import annotations

import re
from functools import lru_cache

TAG = re.compile(
    r"<\s*/?\s*(?:html|body|head|p|br|div|span|b|i|em|strong|table|td|font|center|lj|lj-cut|h[1-6])\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=4)
def looks_like_html(text: str, filename: str = "") -> bool:
    """True when the text is markup: an .htm(l) name with tags, or several tags near the top.

    Every HTML layout's test starts here, so the answer is kept for the last few texts (a
    string keeps its hash, and the same object compares equal at once)."""
    head = text[:6000]
    tags = len(TAG.findall(head))
    if filename.lower().endswith((".htm", ".html", ".xhtml")):
        return tags >= 1
    return tags >= 3
