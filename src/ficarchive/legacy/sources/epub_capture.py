"""Web pages captured into EPUB XHTML (EpubPress, calibre): an AO3 work, a FanFiction.Net
chapter, a DeviantArt story, each as one `.xhtml` chapter file.

The capture keeps the page's `<title>`, which names title, author and fandom in the site's own
format (see `page_title`), and adds a `DCTERMS.title` meta and an `<h1>Chapter N</h1>` of its
own: that heading numbers the capture's files, not the story's chapters, and is left out. A
FanFiction.Net story text may open with notes closed off by rules (`ruled_opening`).
"""

from __future__ import annotations

import re
from html import unescape

from ficarchive.legacy.document import Document, Field
from ficarchive.legacy.htmltext import HtmlLines, html_to_lines
from ficarchive.legacy.sources.markup import looks_like_html
from ficarchive.legacy.sources.page_title import (
    read_page_title,
    strip_prefix,
    title_of_page,
)
from ficarchive.legacy.sources.ruled_opening import (
    MAX_PARAGRAPHS,
    Paragraph,
    paragraph_spans,
    read_ruled_opening,
)

NAME = "epub-capture"
SOURCE = "page-title"
CAPTURE_MARK = re.compile(
    r"""(?i)<meta\s+name=["']DCTERMS\.creator["']\s+content=["'](?:EpubPress|calibre)"""
    r"""|<body\s+class=["']calibre["']"""
)
META = re.compile(
    r"""(?i)<meta\s+name=["']DCTERMS\.(title|language)["']\s+content=["']([^"'<>]{0,500})["']"""
)
TOOL_HEADING = re.compile(r"(?i)^(?:chapter|section)\s+\d{1,4}$")
REGIONS = {"storytext": "story"}


def detect(text: str, filename: str = "") -> bool:
    """XHTML made by EpubPress or calibre (their DCTERMS meta or calibre's body class)."""
    return looks_like_html(text, filename) and bool(CAPTURE_MARK.search(text[:20000]))


def parse(text: str, filename: str = "") -> Document:
    """Fields from the page title; the story from the first paragraph after the capture's heading."""
    meta = {name.lower(): unescape(value) for name, value in META.findall(text[:20000])}
    fields = _title_fields(text, meta.get("title"))
    if meta.get("language"):
        fields.append(Field("language", "", meta["language"], source="inferred"))
    page = html_to_lines(text, regions=REGIONS)
    start = _first_story_line(page)
    lines, numbers = page.lines[start:], page.numbers[start:]
    headings = {i - start for i in page.headings if i >= start}
    if "story" in page.regions[start:]:
        opening_fields, skip = _story_opening(lines, numbers)
        fields.extend(opening_fields)
        lines, numbers = lines[skip:], numbers[skip:]
        headings = {i - skip for i in headings if i >= skip}
    return Document(NAME, lines, numbers, headings=headings, header_end=0, fields=fields)


def _title_fields(html: str, capture_title: str | None) -> list[Field]:
    """Title, authors, fandoms and chapter from the page title (the capture's prefix taken off)."""
    title = title_of_page(html)
    fields: list[Field] = []
    if title is None:
        if capture_title:
            fields.append(Field("title", "", capture_title, source=SOURCE))
        return fields
    read = read_page_title(strip_prefix(title, capture_title))
    work_title = read.title or capture_title
    if work_title:
        fields.append(Field("title", "", work_title, source=SOURCE))
    fields += [Field("author", "", name, source=SOURCE) for name in read.authors]
    fields += [Field("fandom", "", name, source=SOURCE, item=True) for name in read.fandoms]
    if read.chapter is not None:
        fields.append(Field("chapters", "", str(read.chapter), source=SOURCE))
    return fields


def _first_story_line(page: HtmlLines) -> int:
    """Index of the first line after the capture tool's own "Chapter N" heading."""
    first = next((i for i, line in enumerate(page.lines) if line), len(page.lines))
    if first in page.headings and TOOL_HEADING.match(page.lines[first]):
        return first + 1
    return first


def _story_opening(lines: list[str], numbers: list[int]) -> tuple[list[Field], int]:
    """Notes closed off by rules at the top of a story text: their fields, and lines to skip."""
    spans = paragraph_spans(lines, MAX_PARAGRAPHS + 1)
    paragraphs = [Paragraph("\n".join(lines[a:b]), numbers[a]) for a, b in spans]
    opening = read_ruled_opening(paragraphs)
    if opening is None:
        return [], 0
    return opening.fields, spans[opening.taken - 1][1]
