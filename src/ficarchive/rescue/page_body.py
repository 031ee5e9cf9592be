"""The story on an old web page, without the page around it.

Hand-made and generated story pages wrap the text in the site's navigation, the title, the
author's mailto byline and a "Feedback to ... / Back to the archive" footer, usually parted by
`<hr>` rules. The story is the part with the most words outside links; the chrome left at its
edges (a title, a byline, a link bar, an END marker) is trimmed.
"""

from __future__ import annotations

import re
from html import unescape

_BODY = re.compile(r"(?is)<body\b[^>]*>(.*?)(?:</body\s*>|\Z)")
_HR = re.compile(r"(?i)<hr\b[^>]*>")
_LINK = re.compile(r"(?is)<a\b[^>]*>.*?</a\s*>")
_TAG = re.compile(r"<[^>]*>")
_BLOCK = re.compile(
    r"(?is)<(p|div|h[1-6]|center|blockquote|pre)\b[^>]*>.*?</\1\s*>|<br\s*/?>|[^<]+|<[^>]*>"
)
_CHROME = re.compile(
    r"(?i)^\W*(?:by\s+\S.{0,60}|feedback\b.{0,80}|back to\b.{0,80}|return to\b.{0,80}"
    r"|comments?\s+to\b.{0,80}|e-?mail\b.{0,80})\W*$"
)
# An archive's end-of-story marker: "-- END --", "=== end ===" (a story's own "The End" stays).
END_MARKER = re.compile(r"(?i)^\s*[-=*~_#]{2,}\s*(?:the\s+)?end\s*[-=*~_#]{2,}\s*$")


def words(html: str) -> int:
    """Words of the text outside links."""
    return len(unescape(_TAG.sub(" ", _LINK.sub(" ", html))).split())


def _text(html: str) -> str:
    return " ".join(unescape(_TAG.sub(" ", html)).split())


def _is_chrome(piece: str, title: str) -> bool:
    text = _text(piece)
    if not text:
        return True
    if title and text.casefold().strip(" .") == title.casefold().strip(" ."):
        return True
    linked = sum(len(_text(m)) for m in _LINK.findall(piece))
    if linked and linked >= 0.6 * len(text):
        return True  # a link bar, a mailto byline
    return bool(_CHROME.match(text) or END_MARKER.match(text))


def page_body_html(html: str, title: str = "") -> str:
    """The part of a story page that is the story (HTML, not yet sanitized)."""
    found = _BODY.search(html)
    body = found.group(1) if found else html
    parts = _HR.split(body)
    if len(parts) > 1:
        body = max(parts, key=words)
    pieces = [m.group(0) for m in _BLOCK.finditer(body)]
    start, end = 0, len(pieces)
    while start < end and _is_chrome(pieces[start], title):
        start += 1
    while end > start and _is_chrome(pieces[end - 1], title):
        end -= 1
    return "".join(pieces[start:end]).strip()
