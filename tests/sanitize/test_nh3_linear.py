"""nh3 in linear time: the characters its parser is slow on ("&", U+0080 to U+00BF) go to it as
stand-ins and come back, so the output is nh3's own, byte for byte, however many there are."""

from __future__ import annotations

import time

import nh3
import pytest

from ficarchive.exports.xhtml import fragment_to_xhtml
from ficarchive.legacy import parse_bytes
from ficarchive.sanitize.html import COMMENT, PAGE, STORED_BODY, body_html_clean, html_to_text
from ficarchive.sanitize.linear import nh3_clean

LIMIT_SECONDS = 1.0  # CPU seconds of this process
SIZE = 1_000_000  # characters of one paragraph; nh3 alone took 5 to 10 CPU s on each below

CASES = [
    "a & b &amp; c &AMP; &#38; &#x26; &#0038 &nbsp; \xa0 © &copy; &copy &copyx &xyz; &#150;",
    "<a href='?a=1&amp;b=2&copy=3&not=4&notify=5&x=©' title='&nbsp;«»&'>«x» &laquo;</a>",
    "<p>&#128; \x85 &#x80; &#xFDD0; \ufdd0 \U0010ffff &#1114111; &&&;;&#;&#x;&amp&ampx</p>",
    "<textarea>&amp;©</textarea><script>&amp;©</script><style>&©</style><!-- &© -->",
    "<svg><![CDATA[&laquo;©]]></svg>&laquo;<math>&amp;©</math><xmp>&laquo;</xmp>&laquo;",
    "<img alt=<style><noframes>3</style>&nbsp;&laquo<iframe>&amp;</iframe>&laquo;",
    "<blockquote><p>¿Qué? «Non !» ¡Sí! — 50 ° &frac12; · ±</p></blockquote>",
]


# Unicode's non-characters, which the stand-ins are, and which no cleaned text keeps.
NONCHARACTERS_DROPPED = str.maketrans(
    dict.fromkeys(
        [*range(0xFDD0, 0xFDF0), *(p * 0x10000 + 0xFFFE + i for p in range(17) for i in (0, 1))]
    )
)


@pytest.mark.parametrize("markup", CASES)
def test_output_is_nh3s_own(markup: str) -> None:
    """Stand-ins change nothing in what nh3 writes, under every policy."""
    expected = nh3.clean(markup, tags=set()).translate(NONCHARACTERS_DROPPED)
    assert nh3_clean(markup) == expected
    for policy in (COMMENT, STORED_BODY, PAGE):
        cleaner = policy._cleaner
        assert nh3_clean(markup, cleaner) == cleaner.clean(markup).translate(NONCHARACTERS_DROPPED)


SHAPES = {
    "no-break spaces": "\xa0a",
    "guillemets": "«a»",
    "bare ampersands": "& ",
    "in a link title": None,
    "after a comment opened as CDATA": "<![CDATA[>",
}


def _paragraph(shape: str) -> str:
    if SHAPES[shape] is None:
        return "<p><a href='/x' title='" + "«&" * (SIZE // 2) + "'>x</a></p>"
    unit = SHAPES[shape]
    if unit.startswith("<!"):
        return "<p>" + unit + "& " * (SIZE // 2) + "</p>"
    return "<p>" + unit * (SIZE // len(unit)) + "</p>"


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_long_paragraph_is_cleaned_in_time(shape: str) -> None:
    """A paragraph of a million characters full of slow ones is cleaned within the limit."""
    markup = _paragraph(shape)
    started = time.process_time()
    cleaned = nh3_clean(markup, STORED_BODY._cleaner)
    elapsed = time.process_time() - started
    assert elapsed < LIMIT_SECONDS, f"{shape}: {elapsed:.2f} CPU s"
    assert len(html_to_text(cleaned)) > SIZE // 4 or "title=" in markup


def test_legacy_page_of_no_break_spaces_is_read_in_time() -> None:
    """An HTML story file whose one paragraph is full of no-break spaces is read in time."""
    data = ("<html><body><p>" + "word\xa0" * (SIZE // 5) + "</p></body></html>").encode()
    started = time.process_time()
    work = parse_bytes(data, "spaces.html")
    elapsed = time.process_time() - started
    assert elapsed < LIMIT_SECONDS, f"{elapsed:.2f} CPU s"
    assert work.blocks


@pytest.mark.parametrize("unit", ["<div>", "<blockquote>", "<ul><li>"])
def test_deep_nesting_is_cleaned_in_time_and_exported(unit: str) -> None:
    """20,000 nested elements in a posted body are cleaned within the limit, their text kept,
    and the EPUB writer makes XHTML of them (so deep a tree once broke it with RecursionError)."""
    markup = "<p>Top.</p>" + unit * 20_000 + "Deep."
    started = time.process_time()
    stored = body_html_clean(markup)
    elapsed = time.process_time() - started
    assert elapsed < LIMIT_SECONDS, f"{elapsed:.2f} CPU s"
    assert "Deep." in fragment_to_xhtml(stored)
    assert "Deep." in PAGE.clean(stored)


def test_a_tag_with_a_great_many_attributes_keeps_the_ones_read() -> None:
    """A tag with 128,000 attributes is cleaned within the limit and keeps its title."""
    markup = "<p><a " + " ".join(f"a{i}=x" for i in range(128_000)) + " title=Kept>x</a></p>"
    started = time.process_time()
    cleaned = COMMENT.clean(markup)
    elapsed = time.process_time() - started
    assert elapsed < LIMIT_SECONDS, f"{elapsed:.2f} CPU s"
    assert 'title="Kept"' in cleaned
