"""AO3's own HTML downloads: a `#preface` with the tag list, title, byline, summary and notes,
the story in `#chapters`, and an `#afterword` holding end notes and the archive's comment request.
"""

from __future__ import annotations

from ficarchive.legacy.document import Document, Field
from ficarchive.legacy.header import BY_LINE
from ficarchive.legacy.htmltext import HtmlLines, html_to_lines
from ficarchive.legacy.sources.markup import looks_like_html

NAME = "ao3-download"
REGIONS = {
    "preface": "header",
    "chapters": "body",
    "afterword": "after",
    "endnotes": "after",
    # A chapter's "meta group": its heading (kept), its summary and notes (not story text).
    "group": "chaptermeta",
}
# The "Posted originally on the Archive of Our Own" and "Please drop by the archive" notices.
SKIP = {"message"}
SECTION_LABELS = {"summary": "summary", "notes": "notes", "end notes": "end_notes"}


def detect(text: str, filename: str = "") -> bool:
    """A page with AO3's preface and chapters divs, or its "Archive of Our Own" download notice."""
    head = text[:20000]
    return (
        'id="preface"' in head
        and ('id="chapters"' in text or "Archive of Our Own" in head)
        and looks_like_html(text, filename)
    )


def parse(text: str, filename: str = "") -> Document:
    """Tag list and preface as header fields; the chapters as the body; the afterword's notes."""
    page = html_to_lines(text, regions=REGIONS, skip=SKIP)
    header: list[str] = []
    numbers: list[int] = []
    fields: list[Field] = []
    pending: Field | None = None
    pending_region = ""
    for i, (line, region) in enumerate(zip(page.lines, page.regions, strict=False)):
        if region not in ("header", "after") or not line:
            continue
        key = line.strip().rstrip(":").casefold()
        if key in SECTION_LABELS and len(line) < 16:
            # "Summary" / "Notes" alone on a line, the text in the blockquote below.
            pending = Field(SECTION_LABELS[key], line.strip(" :"), "", page.numbers[i])
            pending_region = region
            if region == "after" and pending.name == "notes":
                pending.name = "end_notes"
            fields.append(pending)
            continue
        if pending is not None and (
            region != pending_region or (not pending.value and i in page.headings)
        ):
            pending = None
        if pending is not None:
            pending.value = f"{pending.value}\n\n{line}" if pending.value else line
            continue
        if region == "after":
            continue
        byline = BY_LINE.match(line)
        if byline and not byline.group("title"):
            fields.append(Field("author", "by", byline.group("author").strip(), page.numbers[i]))
        elif i in page.headings and not any(f.name == "title" for f in fields):
            fields.append(Field("title", "", line, page.numbers[i]))
        else:
            header.append(line)
            numbers.append(page.numbers[i])
    fields = [f for f in fields if f.value]
    header.append("")
    numbers.append(numbers[-1] if numbers else 1)
    header_end = len(header)
    headings = _story_append(page, header, numbers)
    doc = Document(NAME, header, numbers, headings=headings, header_end=header_end, fields=fields)
    # The preface lists the archive's own tags ("Cheddar (Brooklyn Nine-Nine)"): kept as written.
    doc.tags_as_written = True
    return doc


def _story_append(page: HtmlLines, lines: list[str], numbers: list[int]) -> set[int]:
    """Append the chapters' lines (body, and the headings of chapter meta blocks) after the
    header; returns the indexes of the heading lines."""
    headings: set[int] = set()
    story = [
        i
        for i, region in enumerate(page.regions)
        if region == "body" or (region == "chaptermeta" and i in page.headings)
    ]
    for i in story:
        if i in page.headings:
            if lines[-1]:
                lines.append("")
                numbers.append(page.numbers[i])
            headings.add(len(lines))
        lines.append(page.lines[i])
        numbers.append(page.numbers[i])
        if i in page.headings:
            # A chapter heading stands alone even when its meta block's blank line was dropped.
            lines.append("")
            numbers.append(page.numbers[i])
    return headings
