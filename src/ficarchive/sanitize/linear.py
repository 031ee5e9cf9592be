"""nh3 in time linear in its input, whatever the input holds.

Nesting and attribute lists are bounded first (`sanitize.bounds`).

nh3's parser (html5ever) spends, on each "&" and each character from U+0080 to U+00BF in a run of
text or an attribute value, time in proportion to the run's length: one paragraph of a megabyte
of "«»", no-break spaces or ampersands takes minutes. `nh3_clean` hands those characters to nh3
as stand-ins, Unicode non-characters, and puts them back afterwards, escaped as nh3's serializer
escapes them, so the output is the same byte for byte. A non-character already in the input is
dropped first (no cleaned text keeps one), so none is ever taken for a stand-in.

Left as it was: a named reference without ";" followed by a letter or digit ("&notx"), which
the parser reads one way in text and another in an attribute; such input still costs nh3 its
run's length per reference; and, in markup with SVG or MathML, what stands between the ">"
and the "]]>" after a "<![CDATA[" (a CDATA section there, a comment and text elsewhere).
"""

from __future__ import annotations

import bisect
import functools
import html
import re
from html.entities import html5

import nh3

from ficarchive.sanitize.bounds import markup_bounded

_SLOW = "&" + "".join(map(chr, range(0x80, 0xC0)))
_SLOW_CHARACTERS = _SLOW[1:]
_NONCHARACTERS = [chr(c) for c in range(0xFDD0, 0xFDF0)] + [
    chr(plane * 0x10000 + 0xFFFE + low) for plane in range(17) for low in (0, 1)
]
_NONCHARACTER_SET = frozenset(_NONCHARACTERS)
_NONCHARACTER_CODES = frozenset(map(ord, _NONCHARACTERS))
_STAND_IN = dict(zip(_SLOW, _NONCHARACTERS, strict=False))
_AMPERSAND = _STAND_IN["&"]
# What nh3 writes for each slow character, in text and in attribute values alike.
_WRITTEN = {"&": "&amp;", "\xa0": "&nbsp;"}
_STAND_IN_WRITTEN = {s: _WRITTEN.get(c, c) for c, s in _STAND_IN.items()}
# References that read the same everywhere, replaced by plain string search (most of them).
_COMMON_REFERENCES = {"&amp;": _AMPERSAND, "&nbsp;": _STAND_IN["\xa0"]}
_BARE_AMPERSAND = re.compile(r"&(?![#A-Za-z])")
_REFERENCE = re.compile(r"&(#[xX][0-9a-fA-F]+;?|#[0-9]+;?|[A-Za-z][A-Za-z0-9]*;?)?(=?)")
# Where "&" is only itself: raw text elements up to their end tag, and a "<![CDATA[".
_RAW_ELEMENTS = ("xmp", "iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style")
_RAW_STARTS = (*(f"<{name}" for name in _RAW_ELEMENTS), "<![cdata[")
_RAW_TAG = re.compile(rf"<(/?)({'|'.join(_RAW_ELEMENTS)})\b|(<!\[CDATA\[)", re.IGNORECASE)
# Only inside these is "<![CDATA[" a CDATA section; elsewhere it opens a comment that ends at ">".
_FOREIGN = re.compile(r"<(?:svg|math)", re.IGNORECASE)
_LONGEST_NAME = max(map(len, html5))
_TEXT_ONLY = nh3.Cleaner(tags=set())


def _number(written: str) -> int | None:
    """The code point a numeric reference ("#169;", "#xA9") names, None past Unicode's last."""
    if not written.startswith("#"):
        return None
    hexadecimal = written[1:2] in ("x", "X")
    digits = written[2 if hexadecimal else 1 :].rstrip(";").lstrip("0") or "0"
    return int(digits, 16 if hexadecimal else 10) if len(digits) <= 8 else None


@functools.lru_cache(maxsize=4096)
def _reference_read(text: str) -> tuple[str, str | None]:
    """An "&", what follows it and a "=" after that, as `text` or with a stand-in where the
    parser reads a slow character in text and in attribute values alike (a named reference
    without ";" reads differently in the two, so it is left as written); and the stand-in."""
    match = _REFERENCE.fullmatch(text)
    assert match is not None
    written, equals = match.group(1) or "", match.group(2)
    if written.startswith("#") or written in html5:
        if not (written.startswith("#") or written.endswith(";") or not equals):
            return text, None  # "&not=": a reference in text, not in a link's query
        character = html.unescape("&" + written)
        if character in _NONCHARACTER_SET or _number(written) in _NONCHARACTER_CODES:
            return equals, None  # dropped, as a non-character written as itself is
        stand_in = _STAND_IN.get(character) if len(character) == 1 else None
        return (stand_in + equals, stand_in) if stand_in else (text, None)
    if any(written[:n] in html5 for n in range(2, min(len(written), _LONGEST_NAME) + 1)):
        return text, None  # "&notx": read as "¬x" in text, as itself in an attribute
    return _AMPERSAND + written + equals, _AMPERSAND


class _StandIns:
    """The stand-ins put into one piece of markup, so that only those are looked for after."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def reference(self, match: re.Match[str]) -> str:
        """`_reference_read(match's text)`, its stand-in noted."""
        written, stand_in = _reference_read(match.group(0))
        if stand_in:
            self.used.add(stand_in)
        return written

    def references_replaced(self, text: str) -> str:
        """`text` (outside the raw stretches) with a stand-in for each slow character written
        as a reference or as a bare "&"."""
        for written, stand_in in _COMMON_REFERENCES.items():
            if written in text:
                text = text.replace(written, stand_in)
                self.used.add(stand_in)
        if "&" in text:
            text, bare = _BARE_AMPERSAND.subn(_AMPERSAND, text)
            if bare:
                self.used.add(_AMPERSAND)
        if "&" in text:
            text = _REFERENCE.sub(self.reference, text)
        return text

    def characters_replaced(self, markup: str) -> str:
        """`markup` with a stand-in for each slow character written as itself."""
        for character in _SLOW_CHARACTERS:
            if character in markup:
                stand_in = _STAND_IN[character]
                markup = markup.replace(character, stand_in)
                self.used.add(stand_in)
        return markup

    def written_back(self, cleaned: str) -> str:
        """nh3's output with each stand-in written as nh3 writes the character it stands for."""
        for stand_in in self.used:
            if stand_in in cleaned:
                cleaned = cleaned.replace(stand_in, _STAND_IN_WRITTEN[stand_in])
        return cleaned


def _raw_stretches(markup: str) -> list[tuple[int, int]]:
    """Where references are not read, or may not be: from each raw text start tag to its end tag
    (a start inside such a stretch, which may sit in an attribute value and so be the real one,
    stretches it to its own end tag), and from a "<![CDATA[" to its ">", or, where SVG or MathML
    may hold it, to its "]]>"."""
    lowered = markup.lower()
    if not any(start in lowered for start in _RAW_STARTS):
        return []
    tags = list(_RAW_TAG.finditer(markup))
    section_end = "]]>" if _FOREIGN.search(markup) else ">"
    ends: dict[str, list[int]] = {}
    for tag in tags:
        if tag.group(1):
            ends.setdefault(tag.group(2).lower(), []).append(tag.start())
    stretches: list[tuple[int, int]] = []
    for tag in tags:
        if tag.group(1):
            continue
        if tag.group(3):
            found = markup.find(section_end, tag.end())
            end = found + len(section_end) if found >= 0 else len(markup)
        else:
            closes = ends.get(tag.group(2).lower(), [])
            at = bisect.bisect_right(closes, tag.start())
            end = closes[at] if at < len(closes) else len(markup)
        if stretches and tag.start() < stretches[-1][1]:
            stretches[-1] = (stretches[-1][0], max(stretches[-1][1], end))
        else:
            stretches.append((tag.start(), end))
    return stretches


def nh3_clean(markup: str, cleaner: nh3.Cleaner | None = None) -> str:
    """`cleaner.clean(markup)` (by default: every tag dropped, the text kept), the same output,
    in time linear in the length of `markup`."""
    clean = (cleaner or _TEXT_ONLY).clean
    markup = markup_bounded(markup)
    if markup.isascii() and "&" not in markup:
        return clean(markup)
    if not markup.isascii() and any(c in markup for c in _NONCHARACTERS):
        markup = "".join(c for c in markup if c not in _NONCHARACTER_SET)
    stand_ins = _StandIns()
    markup = stand_ins.characters_replaced(markup)
    if "&" in markup:
        pieces: list[str] = []
        done = 0
        for start, end in [*_raw_stretches(markup), (len(markup), len(markup))]:
            pieces += (stand_ins.references_replaced(markup[done:start]), markup[start:end])
            done = end
        markup = "".join(pieces)
    return stand_ins.written_back(clean(markup))
