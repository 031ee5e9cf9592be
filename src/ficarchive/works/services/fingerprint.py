"""A work's text fingerprint: the same story has the same one, whatever its bytes or markup."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from html import unescape

from ficarchive.sanitize.linear import nh3_clean

_WORD = re.compile(r"\w+")
_BLOCK_END = re.compile(r"<(?:/p|br|/div|/h\d|hr|/li|/blockquote)\b[^>]*>", re.IGNORECASE)
# ASCII bytes: what `\w` matches stays (lower-cased), every other byte becomes a space.
_ASCII_WORD_BYTES = set(b"abcdefghijklmnopqrstuvwxyz0123456789_")
_ASCII_NON_WORD_TO_SPACE = bytes(
    c if c in _ASCII_WORD_BYTES else c + 32 if 65 <= c <= 90 else 32 for c in range(256)
)


def _html_text(html: str) -> str:
    """The text of an HTML fragment: tags dropped (block ends as spaces), entities decoded."""
    return unescape(nh3_clean(_BLOCK_END.sub(" ", html or "")))


def html_words(html: str) -> list[str]:
    """The words of an HTML fragment: tags dropped, entities decoded, NFKC, casefolded."""
    return _text_words(_html_text(html))


def _text_words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _words_joined(text: str) -> tuple[bytes, int]:
    """`_text_words(text)` joined by spaces, as UTF-8, and how many there are. ASCII text (most
    stories) is split by one byte translation: for it NFKC changes nothing, casefolding is
    lower-casing and `\\w` is [a-z0-9_], so the words are the same."""
    if text.isascii():
        words = text.encode("ascii").translate(_ASCII_NON_WORD_TO_SPACE).split()
        return b" ".join(words), len(words)
    found = _text_words(text)
    return " ".join(found).encode("utf-8"), len(found)


def _digest(texts: Iterable[str]) -> str:
    digest = hashlib.sha256()
    count = 0
    for text in texts:
        joined, words = _words_joined(text)
        if words:
            # The same bytes as each word followed by a space.
            digest.update(joined + b" ")
            count += words
    return digest.hexdigest() if count else ""


def text_fingerprint(chapter_htmls: Iterable[str]) -> str:
    """SHA-256 (hex) of the story's words in order, or "" for a story without words.

    Quotes, dashes, spacing, line ends, markup and case do not count, so a story saved as
    cp1252 text in one archive and as Word HTML in another has the same fingerprint.
    """
    return _digest(_html_text(html) for html in chapter_htmls)


def plain_text_fingerprint(chapter_texts: Iterable[str]) -> str:
    """`text_fingerprint` of chapters given as their plain text (the words of their HTML, as
    `body_html.blocks_to_body` makes both): the same fingerprint, without reading HTML."""
    return _digest(chapter_texts)
