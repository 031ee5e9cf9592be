"""eFiction "printable" pages (viewstory.php?action=printable): page title, infobox, chapters.

Title and author come from the `#pagetitle` div ("Title by Author"), the header from the infobox
and story notes (or, in a skin without them, the page's lines above the story), the disclaimer from the `#copyright` footer, and the story from the chapter divs.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import compress

from ficarchive.legacy.document import Document, Field
from ficarchive.legacy.header import BY_LINE, parse_label_line
from ficarchive.legacy.htmltext import html_to_lines
from ficarchive.legacy.sources.markup import looks_like_html

NAME = "efiction"
REGIONS = {
    "pagetitle": "title",
    "infobox": "header",
    "notes": "header",
    "chaptertitle": "chaptertitle",
    "chapter": "body",
    "copyright": "footer",
}
SKIP = {"toplink", "archivedat", "jumpmenu", "pagelinks", "reviews", "print"}


OLD_SKIN_LABEL = re.compile(r"(?i)<b>\s*(?:rated|rating|categories)\s*:?\s*</b>")


def detect(text: str, filename: str = "") -> bool:
    """An eFiction page names its page title div and its infobox (older skins: <b>Rated:</b>)."""
    head = text[:20000]
    return looks_like_html(text, filename) and (
        'id="pagetitle"' in head
        or 'class="infobox"' in head
        or "class='infobox'" in head
        or ("viewstory.php" in head and bool(OLD_SKIN_LABEL.search(head)))
    )


def parse(text: str, filename: str = "") -> Document:
    """Split the page into header, chapters and footer by the eFiction template's divs."""
    page = html_to_lines(text, regions=REGIONS, skip=SKIP)
    if "header" not in page.regions and "body" not in page.regions:
        # An older skin: labels in <b>, no infobox div. Read it as a page, categories as fandoms.
        doc = Document(NAME, page.lines, page.numbers, headings=page.headings)
        doc.categories_are_fandoms = True
        return doc
    by_region = {
        name: _indexes(page.regions, {name})
        for name in ("chaptertitle", "title", "footer", "header")
    }
    chapter_titles = [i for i in by_region.get("chaptertitle", []) if page.lines[i]]
    fields: list[Field] = []
    for i in by_region.get("title", []):
        match = BY_LINE.match(page.lines[i])
        if match and match.group("title"):
            fields.append(Field("title", "", match.group("title").strip(), page.numbers[i]))
            fields.append(Field("author", "by", match.group("author").strip(), page.numbers[i]))
        elif page.lines[i] and not fields:
            fields.append(Field("title", "", page.lines[i], page.numbers[i]))
    for i in by_region.get("footer", []):
        parsed = parse_label_line(page.lines[i]) if page.lines[i] else None
        if parsed and parsed.name:
            fields.append(Field(parsed.name, parsed.label, parsed.value, page.numbers[i]))
    lines: list[str] = []
    numbers: list[int] = []
    header = by_region.get("header", []) or _unnamed_header(page.lines, page.regions)
    for i in header:
        lines.append(page.lines[i])
        numbers.append(page.numbers[i])
    lines.append("")
    numbers.append(numbers[-1] if numbers else 1)
    header_end = len(lines)
    headings: set[int] = set()
    wanted = {"body", "chaptertitle"} if len(chapter_titles) > 1 else {"body"}
    story = _indexes(page.regions, wanted)
    offset = len(lines)
    marks = set(page.headings)
    if "chaptertitle" in wanted:
        marks.update(chapter_titles)
    for i in marks:  # story is in order: a heading's place in it found by bisection
        position = bisect_left(story, i)
        if position < len(story) and story[position] == i:
            headings.add(offset + position)
    lines.extend(map(page.lines.__getitem__, story))
    numbers.extend(map(page.numbers.__getitem__, story))
    doc = Document(NAME, lines, numbers, headings=headings, header_end=header_end, fields=fields)
    doc.categories_are_fandoms = True
    return doc


def _unnamed_header(lines: list[str], regions: list[str]) -> list[int]:
    """A skin without an infobox div: the page's own lines between the page title and the
    story are the header, less the "1. Chapter by Author" line over the chapter."""
    end = next((i for i, region in enumerate(regions) if region in ("body", "chaptertitle")), 0)
    return [
        i for i in range(end) if regions[i] == "page" and not (lines[i] and BY_LINE.match(lines[i]))
    ]


def _indexes(regions: list[str], names: set[str]) -> list[int]:
    """Indexes of the lines whose region is one of `names` (one pass in C: pages are long)."""
    return list(compress(range(len(regions)), map(names.__contains__, regions)))
