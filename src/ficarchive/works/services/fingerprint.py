"""A work's text fingerprint: the same story has the same one, whatever its bytes or markup."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from html import unescape

import nh3

_WORD = re.compile(r"\w+")
_BLOCK_END = re.compile(r"<(?:/p|br|/div|/h\d|hr|/li|/blockquote)\b[^>]*>", re.IGNORECASE)


def html_words(html: str) -> list[str]:
    """The words of an HTML fragment: tags dropped, entities decoded, NFKC, casefolded."""
    text = unescape(nh3.clean(_BLOCK_END.sub(" ", html or ""), tags=set()))
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def text_fingerprint(chapter_htmls: Iterable[str]) -> str:
    """SHA-256 (hex) of the story's words in order, or "" for a story without words.

    Quotes, dashes, spacing, line ends, markup and case do not count, so a story saved as
    cp1252 text in one archive and as Word HTML in another has the same fingerprint.
    """
    digest = hashlib.sha256()
    count = 0
    for html in chapter_htmls:
        for word in html_words(html):
            digest.update(word.encode("utf-8"))
            digest.update(b" ")
            count += 1
    return digest.hexdigest() if count else ""
