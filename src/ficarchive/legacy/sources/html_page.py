"""Hand-made HTML pages: any other HTML, including headers laid out as a table.

A table row whose first cell is a known label ("Title" | "Moving Day") is read as `Label: value`.
"""

from __future__ import annotations

from ficarchive.legacy.document import Document
from ficarchive.legacy.htmltext import html_to_lines
from ficarchive.legacy.labels import canonical_label
from ficarchive.legacy.sources.markup import looks_like_html

NAME = "html-page"
CELL = " \t "
SKIP = {"nav", "navigation", "menu", "sidebar", "footer-links"}


def detect(text: str, filename: str = "") -> bool:
    """Any HTML the specific layouts did not claim."""
    return looks_like_html(text, filename)


def parse(text: str) -> Document:
    """Page text as lines, with label cells turned into `Label: value` lines."""
    page = html_to_lines(text, skip=SKIP)
    lines = [cells_to_label_line(line) for line in page.lines]
    return Document(NAME, lines, page.numbers, headings=page.headings)


def cells_to_label_line(line: str) -> str:
    """"Title \\t Moving Day" (two table cells) becomes "Title: Moving Day" when Title is a label."""
    if CELL not in line:
        return line
    first, _, rest = line.partition(CELL)
    label = first.strip().rstrip(":：").strip()
    if canonical_label(label):
        value = rest.replace(CELL, " ").strip()
        return f"{label}: {value}"
    return line.replace(CELL, " ")
