"""Shared test of whether a text is HTML at all (the HTML layouts all start from it)."""

from __future__ import annotations

import re

TAG = re.compile(
    r"<\s*/?\s*(?:html|body|head|p|br|div|span|b|i|em|strong|table|td|font|center|lj|lj-cut|h[1-6])\b",
    re.IGNORECASE,
)


# The answers for the last few texts, found by identity: every HTML layout's test asks, and
# hashing a whole story (as a cache keyed by the text would) costs more than the test itself.
_RECENT: list[tuple[str, str, bool]] = []
RECENT_TEXTS = 4


def looks_like_html(text: str, filename: str = "") -> bool:
    """True when the text is markup: an .htm(l) name with tags, or several tags near the top.

    Every HTML layout's test starts here, so the answer is kept for the last few texts."""
    for seen, name, answer in _RECENT:
        if seen is text and name == filename:
            return answer
    answer = _looks_like_html(text, filename)
    _RECENT.append((text, filename, answer))
    del _RECENT[:-RECENT_TEXTS]
    return answer


def _looks_like_html(text: str, filename: str) -> bool:
    head = text[:6000]
    tags = len(TAG.findall(head))
    if filename.lower().endswith((".htm", ".html", ".xhtml")):
        return tags >= 1
    return tags >= 3
