"""An AO3 work page saved from the site (not AO3's own download): the tag list in
`<dl class="work meta group">`, the preface (title, byline, summary, notes) and the chapters in
`<div id="workskin">`, end notes in the afterword.

The tags are AO3's own, one per list item, and are kept as written. Chapter headings stay in
the body as headings; a chapter's own summary and notes are not story text. A page that shows
one chapter of a longer work says which ("Chapters: 3/7", the page title's "Chapter 3").
"""

from __future__ import annotations

import re

from ficarchive.legacy.document import Document, Field
from ficarchive.legacy.htmltext import HtmlLines, html_to_lines
from ficarchive.legacy.sources.markup import looks_like_html
from ficarchive.legacy.sources.page_title import read_page_title, title_of_page

NAME = "ao3-page"
META_START = re.compile(
    r"""<dl\s[^<>]{0,200}class=["'](?:[^"'<>]*\s)?(?:work meta|tags)\b""", re.IGNORECASE
)
CHAPTERS = re.compile(r"""<div\s[^<>]{0,200}id=["']chapters["']""", re.IGNORECASE)
WORKSKIN = re.compile(r"""<div\s[^<>]{0,200}id=["']workskin["']""", re.IGNORECASE)
# Tag lists of the meta block, by the class AO3 gives their <dd>.
TAG_FIELDS = {
    "rating": "rating",
    "warning": "warnings",
    "category": "category",
    "fandom": "fandom",
    "relationship": "pairing",
    "character": "characters",
    "freeform": "tags",
    "language": "language",
    "series": "series",
    "published": "published",
    "chapters": "chapters",
    "words": "word_count",
}
META_SKIP = {"stats-heading", "hidden"}
PAGE_REGIONS = {
    "preface": "preface",
    "title": "title",
    "byline": "byline",
    "summary": "summary",
    "notes": "notes",
    "end": "endnotes",
    "chapters": "story",
    "afterword": "afterword",
}
PAGE_SKIP = {
    "landmark",
    "jump",
    "actions",
    "navigation",
    "feedback",
    "kudos",
    "comments",
    "bookmark",
}
BY = re.compile(r"(?i)^by\s+")
LABEL_LINE = re.compile(
    r"(?i)^(?:chapter\s+)?(?:summary|notes|end notes|chapter text|work text):?$"
)
SERIES_POSITION = re.compile(
    r"(?i)part\s+(?P<part>\d{1,4})\s+of\s+(?P<name>[^←→«»]{1,300}?)\s*(?:[←→«»].*|next work.*)?$"
)


def detect(text: str, filename: str = "") -> bool:
    """A page with AO3's work meta block or its work skin and chapters."""
    if not looks_like_html(text, filename):
        return False  # kept for the last few texts, so asked first: plain text skips the scans
    head = text[:60000]
    return bool(META_START.search(head) or WORKSKIN.search(head))


def parse(text: str, filename: str = "") -> Document:
    """Meta tags and preface as fields; the chapters as the body, their headings kept."""
    fields: list[Field] = []
    meta = META_START.search(text)
    skin = WORKSKIN.search(text)
    start = skin.start() if skin else 0
    if meta:
        # The tag lists run to the work skin (their own stats list holds a nested </dl>).
        end = start if start > meta.start() else len(text)
        block = text[meta.start() : end]
        tag_lists = html_to_lines(
            block, regions={name: name for name in TAG_FIELDS}, skip=META_SKIP
        )
        fields += _meta_fields(tag_lists)
    chapters = CHAPTERS.search(text, start)
    middle = chapters.start() if chapters else len(text)
    preface = _lines(text, start, middle)
    page = _lines(text, middle, len(text))
    fields += _preface_fields(preface) + _end_notes(page)
    title = title_of_page(text)
    chapter = read_page_title(title).chapter if title else None
    counted = next((f for f in fields if f.name == "chapters"), None)
    fields = [f for f in fields if f.name != "chapters"]
    if chapter is not None:
        # A page of one chapter: "Chapter 3" in its title, "3/7" (posted/total) in its stats.
        total = counted.value.partition("/")[2].strip() if counted else ""
        value = f"{chapter}/{total}" if total.isdigit() else str(chapter)
        fields.append(Field("chapters", "", value, source="page-title"))
    lines, numbers, headings = _story(page)
    doc = Document(NAME, lines, numbers, headings=headings, header_end=0, fields=fields)
    doc.tags_as_written = True
    return doc


def _meta_fields(page: HtmlLines) -> list[Field]:
    """One field per tag of each list ("Rating:" / "Teen And Up Audiences" lines by region)."""
    fields: list[Field] = []
    for line, region, number in zip(page.lines, page.regions, page.numbers, strict=False):
        if not line or region not in TAG_FIELDS or line.endswith(":"):
            continue
        name = TAG_FIELDS[region]
        if name == "series":
            position = SERIES_POSITION.search(line)
            if position:
                line = f"{position.group('name')}, part {position.group('part')}"
        field = Field(name, region, line, number, source="label", item=True)
        fields.append(field)
    return fields


def _lines(text: str, start: int, end: int) -> HtmlLines:
    """The page's lines from `start` to `end`, numbered as lines of the whole file."""
    page = html_to_lines(text[start:end], regions=PAGE_REGIONS, skip=PAGE_SKIP)
    first_line = text.count("\n", 0, start)
    page.numbers = [n + first_line for n in page.numbers]
    return page


def _preface_fields(page: HtmlLines) -> list[Field]:
    """Title, authors, summary and notes of the work's preface."""
    fields: list[Field] = []
    texts: dict[str, list[str]] = {}
    for i, (line, region) in enumerate(zip(page.lines, page.regions, strict=False)):
        if not line:
            continue
        if region == "title" and not any(f.name == "title" for f in fields):
            fields.append(Field("title", "", line, page.numbers[i], source="title-line"))
        elif region == "byline":
            author = BY.sub("", line)
            fields.append(Field("author", "by", author, page.numbers[i], source="byline"))
        elif region in ("summary", "notes") and not LABEL_LINE.match(line):
            texts.setdefault(region, []).append(line)
    for name, lines in texts.items():
        fields.append(Field(name, name, "\n\n".join(lines), None, source="label"))
    return fields


def _end_notes(page: HtmlLines) -> list[Field]:
    """The chapters' and the work's end notes, in page order."""
    lines = [
        line
        for line, region in zip(page.lines, page.regions, strict=False)
        if line and region == "endnotes" and not LABEL_LINE.match(line)
    ]
    return [Field("end_notes", "end notes", "\n\n".join(lines), None)] if lines else []


def _story(page: HtmlLines) -> tuple[list[str], list[int], set[int]]:
    """The lines of the chapters: story text and chapter headings, not the chapters' notes."""
    lines: list[str] = []
    numbers: list[int] = []
    headings: set[int] = set()
    for i, (line, region) in enumerate(zip(page.lines, page.regions, strict=False)):
        if region == "title" and line:
            if lines and lines[-1]:
                lines.append("")
                numbers.append(page.numbers[i])
            headings.add(len(lines))
            lines.extend([line, ""])
            numbers.extend([page.numbers[i], page.numbers[i]])
        elif region == "story" and not LABEL_LINE.match(line):
            lines.append(line)
            numbers.append(page.numbers[i])
    return lines, numbers, headings
