"""Automated-Archive / Lois & Clark style text: "Title by Author <email>" then labelled blocks.

The layout opens with a title line and a "by" line (or both on one line), then short labelled
paragraphs (Rated, Submitted, Summary, Story Size...), then a ruled line before the story.
"""

from __future__ import annotations

import re

from ficarchive.legacy.document import Document

NAME = "archive-text"
OPENING = re.compile(r"^\s*(?:\S.{0,150}\s)?by\s+\S.{0,80}$", re.IGNORECASE)


def detect(text: str, filename: str = "") -> bool:
    """A "by" line among the first two lines, followed by labelled paragraphs."""
    lines = [line for line in text[:3000].split("\n")[:6] if line.strip()]
    if not lines or ":" in lines[0]:
        return False
    return any(OPENING.match(line) for line in lines[:2])


def parse(text: str, filename: str = "") -> Document:
    """The header rules read the opening as the header's preamble; nothing else is special."""
    return Document.from_text(NAME, text)
