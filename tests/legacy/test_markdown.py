"""Markdown rendered to the text a reader sees: no markup survives into values or the body."""

from __future__ import annotations

import pytest

from ficarchive.legacy.markdown import BREAK_LINE, markdown_to_lines, render_inline


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        (r"beach\-side \-\- in and out", "beach-side -- in and out"),
        ("*Rhodey's* body and **bold** and _lean_", "Rhodey's body and bold and lean"),
        ("*Thank you.* And *now.*", "Thank you. And now."),
        ("f*ck stays, snake_case stays, 5 * 3 stays", "f*ck stays, snake_case stays, 5 * 3 stays"),
        (r"trope\_bingo and \*not emphasis\*", "trope_bingo and *not emphasis*"),
        ("see [the prompt](http://example.org/p) here", "see the prompt here"),
        ("[![[info]](http://x/i.gif)](http://x/p)[**wren**](http://x/)", "wren"),
        ("![cover](c.png)", ""),
        (
            "`code` and <em>html</em> &amp; <http://example.org>",
            "code and html & http://example.org",
        ),
        ("~~struck~~ out", "struck out"),
        (r"\#include", "#include"),
        ("{% include note.html %}Text {{ x }}", "Text {{ x }}"),
    ],
)
def test_render_inline(markdown: str, text: str) -> None:
    """Escapes, emphasis, links, images, code, HTML and entities render as plain text."""
    assert render_inline(markdown) == text


def test_blocks():
    """Headings keep their level and stand alone; rules become a break line; quotes keep text."""
    page = markdown_to_lines(["# Kapitel 1", "Text *here*", "", "---", "> quoted", "\u00a0"], 5)
    assert page.lines == ["Kapitel 1", "", "Text here", "", BREAK_LINE, "", "quoted", ""]
    assert page.levels == {0: 1}
    assert page.numbers[0] == 5
    assert page.quoted == {6}


def test_escaped_rule_is_a_break_line():
    """`\\* \\* \\*` renders as "* * *", which the body reads as a scene break."""
    assert markdown_to_lines([r"\* \* \*"]).lines == ["* * *"]
