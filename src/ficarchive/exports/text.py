"""Plain-text writer: the title page's facts, then each chapter, verse indented, breaks marked."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ficarchive.exports.book import Book, Collection

SCENE_BREAK = "* * *"
VERSE_INDENT = "    "
# Collapsible white space: ASCII only, so no-break spaces stay.
SPACES = re.compile(r"[ \t\n\r\f\v]+")
LINE_BREAK = "\x00"  # stands for <br/> while whitespace is collapsed (never in cleaned text)
BLOCK_TAGS = {"p", "div", "blockquote", "pre", "ul", "ol", "li", "hr"} | {
    f"h{level}" for level in range(1, 7)
}


def xhtml_to_plain(fragment: str) -> str:
    """An XHTML fragment (as `fragment_to_xhtml` makes) as plain text: blocks apart by a blank
    line, <br/> as a newline, verse and quotes indented, scene breaks as a centred '* * *'."""
    if not fragment:
        return ""
    blocks: list[str] = []
    _collect(ET.fromstring(f"<div>{fragment}</div>"), blocks, indent="")
    return "\n\n".join(blocks)


def text_write(collection: Collection) -> str:
    """The whole file as one string (newline-terminated)."""
    parts: list[str] = []
    if collection.is_series:
        parts.append(_banner(collection.title, "="))
        parts.append("A series by " + ", ".join(collection.authors))
        if collection.summary_xhtml:
            parts.append(xhtml_to_plain(collection.summary_xhtml))
        parts.append("\n".join(f"{i}. {b.title}" for i, b in enumerate(collection.books, 1)))
    for book in collection.books:
        parts += _book_parts(book)
    return "\n\n".join(p for p in parts if p).rstrip() + "\n"


def _book_parts(book: Book) -> list[str]:
    parts = [_banner(book.title, "="), f"by {book.byline}"]
    parts.append("\n".join(f"{label}: {value}" for label, value in book.meta_rows))
    for heading, xhtml in [
        ("Summary", book.summary_xhtml),
        ("Notes", book.notes_xhtml),
        *book.extra_sections,
    ]:
        if xhtml:
            parts.append(f"{heading}:\n\n{xhtml_to_plain(xhtml)}")
    for chapter in book.chapters:
        parts.append(_banner(chapter.heading, "-"))
        for heading, xhtml in [
            ("Chapter Summary", chapter.summary_xhtml),
            ("Chapter Notes", chapter.notes_xhtml),
        ]:
            if xhtml:
                parts.append(f"{heading}:\n\n{xhtml_to_plain(xhtml)}")
        parts.append(xhtml_to_plain(chapter.body_xhtml))
        if chapter.end_notes_xhtml:
            parts.append(f"Chapter End Notes:\n\n{xhtml_to_plain(chapter.end_notes_xhtml)}")
    if book.end_notes_xhtml:
        parts.append(_banner("End Notes", "-"))
        parts.append(xhtml_to_plain(book.end_notes_xhtml))
    parts.append(_banner("Afterword", "-"))
    if book.url_is_absolute:
        parts.append(
            f"This story lives at {book.url}\n"
            f"If you enjoyed it, leave kudos or a comment for its author: {book.comments_url}"
        )
    else:
        parts.append(
            f"This story lives on the archive at {book.url}\n"
            "If you enjoyed it, leave kudos or a comment for its author there."
        )
    return parts


def _banner(text: str, rule: str) -> str:
    line = rule * max(10, min(len(text), 72))
    return f"{line}\n{text}\n{line}"


def _collect(element: ET.Element, blocks: list[str], *, indent: str) -> None:
    """Append the blocks under `element` to `blocks`."""
    run: list[str] = [element.text or ""]

    def flush() -> None:
        text = SPACES.sub(" ", "".join(run))
        run.clear()
        lines = [line.strip() for line in text.split(LINE_BREAK)]
        while lines and not lines[-1]:
            lines.pop()
        while lines and not lines[0]:
            lines.pop(0)
        if lines:
            blocks.append("\n".join(indent + line if line else "" for line in lines))

    for child in element:
        if child.tag in BLOCK_TAGS:
            flush()
            if child.tag == "hr":
                blocks.append(indent + " " * 16 + SCENE_BREAK)
            elif child.tag == "li":
                first = len(blocks)
                _collect(child, blocks, indent=indent + "  ")
                if len(blocks) > first:
                    blocks[first] = indent + "- " + blocks[first][len(indent) + 2 :]
            elif child.tag == "blockquote" or "verse" in (child.get("class") or "").split():
                _collect(child, blocks, indent=indent + VERSE_INDENT)
            else:
                _collect(child, blocks, indent=indent)
        else:
            run.append(_inline(child))
        run.append(child.tail or "")
    flush()


def _inline(element: ET.Element) -> str:
    """The text of an inline element, <br/> kept as LINE_BREAK."""
    if element.tag == "br":
        return LINE_BREAK
    pieces = [element.text or ""]
    for child in element:
        pieces.append(_inline(child))
        pieces.append(child.tail or "")
    return "".join(pieces)
