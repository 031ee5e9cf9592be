"""Hand-made HTML pages: any other HTML, including headers laid out as a table.

Table rows whose first cell is a known label ("Title" | "Moving Day") are read as `Label: value`
by the HTML reader; a heading above the header gives the title.
"""

from __future__ import annotations

from ficarchive.legacy.document import Document
from ficarchive.legacy.htmltext import html_to_lines
from ficarchive.legacy.sources.markup import looks_like_html

NAME = "html-page"
SKIP = {"nav", "navigation", "menu", "sidebar", "footer-links"}


def detect(text: str, filename: str = "") -> bool:
    """Any HTML the specific layouts did not claim."""
    return looks_like_html(text, filename)


def parse(text: str, filename: str = "") -> Document:
    """Page text as lines, headings remembered."""
    page = html_to_lines(text, skip=SKIP)
    return Document(NAME, page.lines, page.numbers, headings=page.headings)
