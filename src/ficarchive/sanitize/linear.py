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
import html
import re
from html.entities import html5

import nh3

from ficarchive.sanitize.bounds import markup_bounded

_SLOW = "&" + "".join(map(chr, range(0x80, 0xC0)))
_NONCHARACTERS = [chr(c) for c in range(0xFDD0, 0xFDF0)] + [
    chr(plane * 0x10000 + 0xFFFE + low) for plane in range(17) for low in (0, 1)
]
_STAND_IN = dict(zip(_SLOW, _NONCHARACTERS, strict=False))
_NONCHARACTERS_DROPPED = str.maketrans(dict.fromkeys(map(ord, _NONCHARACTERS)))
_SLOW_TO_STAND_IN = str.maketrans({c: s for c, s in _STAND_IN.items() if c != "&"})
# What nh3 writes for each slow character, in text and in attribute values alike.
_WRITTEN = {"&": "&amp;", "\xa0": "&nbsp;"}
_STAND_IN_WRITTEN = str.maketrans({s: _WRITTEN.get(c, c) for c, s in _STAND_IN.items()})
_HAS_SLOW = re.compile("[&\x80-\xbf]")
_NONCHARACTER = re.compile("[" + "".join(_NONCHARACTERS) + "]")
_REFERENCE = re.compile(r"&(#[xX][0-9a-fA-F]+;?|#[0-9]+;?|[A-Za-z][A-Za-z0-9]*;?)?(=?)")
# Where "&" is only itself: raw text elements up to their end tag, and a "<![CDATA[" (a foreign
# element's raw text up to "]]>", or an HTML comment up to ">": only the parser knows which).
_RAW_TAG = re.compile(
    r"<(/?)(xmp|iframe|noembed|noframes|noscript|plaintext|script|style)\b|(<!\[CDATA\[)",
    re.IGNORECASE,
)
# Only inside these is "<![CDATA[" a CDATA section; elsewhere it opens a comment that ends at ">".
_FOREIGN = re.compile(r"<(?:svg|math)", re.IGNORECASE)
_LONGEST_NAME = max(map(len, html5))
_TEXT_ONLY = nh3.Cleaner(tags=set())
_NONCHARACTER_SET = frozenset(_NONCHARACTERS)
_NONCHARACTER_CODES = frozenset(map(ord, _NONCHARACTERS))


def _number(written: str) -> int | None:
    """The code point a numeric reference ("#169;", "#xA9") names, None past Unicode's last."""
    if not written.startswith("#"):
        return None
    hexadecimal = written[1:2] in ("x", "X")
    digits = written[2 if hexadecimal else 1 :].rstrip(";").lstrip("0") or "0"
    return int(digits, 16 if hexadecimal else 10) if len(digits) <= 8 else None


def _reference(match: re.Match[str]) -> str:
    """An "&" and what follows it, with a stand-in where the parser would read a slow character
    in text and in attribute values alike (a named reference without ";" reads differently in
    the two, so it is left as written)."""
    written, equals = match.group(1) or "", match.group(2)
    if written.startswith("#") or written in html5:
        if not (written.startswith("#") or written.endswith(";") or not equals):
            return match.group(0)  # "&not=": a reference in text, not in a link's query
        character = html.unescape("&" + written)
        if character in _NONCHARACTER_SET or _number(written) in _NONCHARACTER_CODES:
            return equals  # dropped, as a non-character written as itself is
        stand_in = _STAND_IN.get(character) if len(character) == 1 else None
        return (stand_in or "&" + written) + equals
    if any(written[:n] in html5 for n in range(2, min(len(written), _LONGEST_NAME) + 1)):
        return match.group(0)  # "&notx": read as "¬x" in text, as itself in an attribute
    return _STAND_IN["&"] + written + equals


def _raw_stretches(markup: str) -> list[tuple[int, int]]:
    """Where references are not read, or may not be: from each raw text start tag to its end tag
    (a start inside such a stretch, which may sit in an attribute value and so be the real one,
    stretches it to its own end tag), and from a "<![CDATA[" to its ">", or, where SVG or MathML
    may hold it, to its "]]>"."""
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


def _references_replaced(markup: str) -> str:
    """`markup` with a stand-in for each slow character written as a reference or a bare "&",
    outside the raw stretches."""
    pieces, done = [], 0
    for start, end in [*_raw_stretches(markup), (len(markup), len(markup))]:
        pieces.append(_REFERENCE.sub(_reference, markup[done:start]))
        pieces.append(markup[start:end])
        done = end
    return "".join(pieces)


def nh3_clean(markup: str, cleaner: nh3.Cleaner | None = None) -> str:
    """`cleaner.clean(markup)` (by default: every tag dropped, the text kept), the same output,
    in time linear in the length of `markup`."""
    clean = (cleaner or _TEXT_ONLY).clean
    markup = markup_bounded(markup)
    if not _HAS_SLOW.search(markup):
        return clean(markup)
    if _NONCHARACTER.search(markup):
        markup = markup.translate(_NONCHARACTERS_DROPPED)
    markup = markup.translate(_SLOW_TO_STAND_IN)
    if "&" in markup:
        markup = _references_replaced(markup)
    return clean(markup).translate(_STAND_IN_WRITTEN)
