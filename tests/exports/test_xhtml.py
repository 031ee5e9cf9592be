"""Stored HTML → XHTML fragments: input and expected output side by side."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from ficarchive.exports.xhtml import fragment_to_xhtml, rich_text_to_xhtml

CASES = {
    "paragraph": ("<p>One &amp; two</p>", "<p>One &amp; two</p>"),
    "verse lines": (
        '<div class="verse">a<br>b<br/>c</div>',
        '<div class="verse">a<br/>b<br/>c</div>',
    ),
    "scene break": ('<hr class="scene-break">', '<hr class="scene-break"/>'),
    "heading": ("<h2>Later</h2>", "<h2>Later</h2>"),
    "no-break space entity": ("<p>a&nbsp;b</p>", "<p>a&#160;b</p>"),
    "named entities become characters": ("<p>&copy; &hellip;</p>", "<p>© …</p>"),
    "unclosed tags are closed": ("<p><em>open", "<p><em>open</em></p>"),
    "script removed with its text": ("<p>a<script>evil()</script>b</p>", "<p>ab</p>"),
    "event handler removed": ('<p onclick="x()">a</p>', "<p>a</p>"),
    "javascript link loses its target": ('<a href="javascript:x()">a</a>', "<a>a</a>"),
    "relative link loses its target": ('<a href="../x.html">a</a>', "<a>a</a>"),
    "web link kept": (
        '<a href="https://e.org/?a=1&b=2">a</a>',
        '<a href="https://e.org/?a=1&amp;b=2">a</a>',
    ),
    "block inside inline is unwrapped": ("<em>x<div>y</div></em>", "<em>x<br/>y<br/></em>"),
    "loose list text becomes an item": ("<ul>t<li>i</li></ul>", "<ul><li>t</li><li>i</li></ul>"),
    "stray list item becomes a block": ("<li>s</li>", "<div>s</div>"),
    "control characters dropped": ("<p>a\x0cb\x1a</p>", "<p>ab</p>"),
    "unknown direction dropped": (
        '<p dir="up">a</p><p dir="RTL">b</p>',
        '<p>a</p><p dir="rtl">b</p>',
    ),
    "empty inline stays closed for HTML": ("<p><em></em>x</p>", "<p><em></em>x</p>"),
}


@pytest.mark.parametrize(("source", "expected"), CASES.values(), ids=CASES.keys())
def test_fragment_to_xhtml(source, expected):
    """Each stored fragment becomes the expected well-formed XHTML."""
    result = fragment_to_xhtml(source)
    assert result == expected
    ET.fromstring(f"<div>{result}</div>")


def test_plain_text_fields_become_paragraphs():
    """A plain-text summary: blank lines part paragraphs, newlines are breaks, text escaped."""
    assert (
        rich_text_to_xhtml("a < b\n\nline one\nline two")
        == "<p>a &lt; b</p><p>line one<br/>line two</p>"
    )
    assert rich_text_to_xhtml("  ") == ""


def test_html_fields_are_sanitized():
    """A summary written in HTML is sanitized like a chapter body."""
    assert (
        rich_text_to_xhtml("<p>Hi <script>x()</script><b>there</b></p>") == "<p>Hi <b>there</b></p>"
    )
