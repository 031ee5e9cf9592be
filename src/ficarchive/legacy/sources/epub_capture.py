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
from ficarchive.legacy.sources.ffnet import read_story_box
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
    header: list[str] = []
    header_numbers: list[int] = []
    box = _story_box(lines)
    if box is not None:
        # The site's story box, captured without its ids: read as the site's page is.
        first, last = box
        box_fields, header, header_numbers = read_story_box(
            [(lines[i], numbers[i]) for i in range(first, last + 1) if lines[i]]
        )
        fields = [_chapter_number(f) for f in fields if f.name != "title"] + box_fields
        skip = last + 1
        lines, numbers = lines[skip:], numbers[skip:]
        headings = {i - skip for i in headings if i >= skip}
    if box is not None or "story" in page.regions[start:]:
        opening_fields, skip = _story_opening(lines, numbers)
        fields.extend(opening_fields)
        lines, numbers = lines[skip:], numbers[skip:]
        headings = {i - skip for i in headings if i >= skip}
    top = len(header)
    return Document(
        NAME,
        header + lines,
        header_numbers + numbers,
        headings={i + top for i in headings},
        header_end=top,
        fields=fields,
    )


# FanFiction.Net's story box: "Rated: Fiction T - English - ...", under "T By: A" and a summary.
BOX_RATING = re.compile(r"^Rated:\s*Fiction\s+\S")
BOX_WINDOW = 12  # lines at the top of the capture searched for the box
MAX_BOX = 6  # lines from the "By:" line to the rating line


def _story_box(lines: list[str]) -> tuple[int, int] | None:
    """The first and last index of the story box near the top, or None without one."""
    for r in range(min(len(lines), BOX_WINDOW)):
        if BOX_RATING.match(lines[r]):
            for b in range(r - 1, max(-1, r - MAX_BOX), -1):
                if " By: " in lines[b] or lines[b].endswith(" By:"):
                    return b, r
            return None
    return None


def _chapter_number(item: Field) -> Field:
    """The page title's chapter beside the box's "Chapters: N": the number of this chapter."""
    if item.name == "chapters":
        return Field("chapter_number", "", item.value, item.line, source=item.source)
    return item


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
