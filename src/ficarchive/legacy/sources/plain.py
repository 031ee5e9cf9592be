"""Plain text: a header of `Label: value` lines (or none) above the story."""

from __future__ import annotations

from ficarchive.legacy.document import Document

NAME = "plain"


def detect(text: str, filename: str = "") -> bool:
    """Plain text is the fallback: it accepts everything."""
    return True


def parse(text: str, filename: str = "") -> Document:
    """Lines as they are, numbered from 1."""
    return Document.from_text(NAME, text)
