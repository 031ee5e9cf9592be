"""Markdown story files (`.md`): the markup rendered away, the opening read by its headings.

What stands before the story is read by shape:
- a `# Chapter 7: Title` heading near the top, the only chapter heading of the file, makes the
  file that chapter: the number is read, the heading is the chapter's title, and the lines
  above it (a blurb, an "EDIT:") are notes;
- a first `#` heading that is no chapter heading is the work's title, a "by Name" line under it
  the author;
- short labelled paragraphs (`*Disclaimer:* ...`) or a disclaimer line closed by a rule
  (`* * *`) are header fields, and the story starts after the rule.
A last paragraph of nothing but links ("→ [Chapter 51](ch51.md)") is navigation, not story.
Without any of these the rendered lines go to the plain-text header rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ficarchive.legacy.document import Document, Field
from ficarchive.legacy.header import BY_LINE, parse_label_line
from ficarchive.legacy.markdown import MarkdownLines, markdown_to_lines
from ficarchive.legacy.sources.chapter_heading import read_chapter_heading
from ficarchive.legacy.sources.ruled_opening import (
    Paragraph,
    is_rule,
    labelled_field,
    names_disclaimer,
    paragraph_spans,
    read_ruled_opening,
)

NAME = "markdown"
EXTENSIONS = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
OPENING_PARAGRAPHS = 6
CHAPTER_LEVEL = 3  # the level given to a chapter heading written without "#"
PREAMBLE_LIMIT = 1500  # characters of notes above a chapter heading or a rule
# AO3's own chapter furniture; what it holds is quoted, and no part of the story.
META_HEADING = re.compile(r"(?i)^chapter\s+(?:summary|notes|end\s+notes)$")
LINK_ONLY = re.compile(r"^[\W_]*(?:!?\[[^\[\]\n]{0,500}\]\([^()\s]{0,2000}\)[\W_]*)+$")
HTML_DOCUMENT = re.compile(r"(?i)\s*<(?:!doctype|html|\?xml)")
MARKDOWN_SIGNAL = re.compile(
    r"(?m)^#{1,6} \S|\[[^\[\]\n]{1,200}\]\(\S{1,500}\)|\\[-*_#.!\[\]]|^\s*\\\* \\\* \\\*"
)


def detect(text: str, filename: str = "") -> bool:
    """A markdown file name, or a text that opens with a `#` heading and uses markdown inline."""
    if filename.lower().endswith(EXTENSIONS):
        return not HTML_DOCUMENT.match(text)
    head = text[:4000]
    if not head.lstrip().startswith("#"):
        return False
    return len(MARKDOWN_SIGNAL.findall(head)) >= 2


def parse(text: str, filename: str = "") -> Document:
    """Rendered lines; the opening read as described above."""
    return read_story(text.split("\n"), 1).document(NAME)


@dataclass
class Story:
    """Rendered markdown with what its opening said, ready to become a `Document`."""

    page: MarkdownLines
    body_start: int | None = None  # None: let the plain-text header rules find the header
    body_end: int | None = None
    fields: list[Field] = field(default_factory=list)
    dropped: set[int] = field(default_factory=set)

    def document(self, layout: str) -> Document:
        """The story lines (opening and navigation left out) as the header and body rules want."""
        lines, numbers = self.page.lines, self.page.numbers
        start = self.body_start or 0
        end = len(lines) if self.body_end is None else self.body_end
        keep = [i for i in range(start, end) if i not in self.dropped]
        headings = {n for n, i in enumerate(keep) if i in self.page.levels}
        doc = Document(
            layout,
            [lines[i] for i in keep],
            [numbers[i] for i in keep],
            headings=headings,
            header_end=0 if self.body_start is not None else None,
            fields=self.fields,
        )
        return doc


@dataclass
class _Paragraph:
    start: int
    end: int  # exclusive
    text: str
    level: int  # heading level, 0 for text


def _paragraphs(page: MarkdownLines, limit: int | None = None) -> list[_Paragraph]:
    return [
        _Paragraph(a, b, "\n".join(page.lines[a:b]), page.levels.get(a, 0))
        for a, b in paragraph_spans(page.lines, limit)
    ]


def read_story(lines: list[str], first_number: int) -> Story:
    """Render markdown `lines` (the first numbered `first_number`) and read its opening."""
    links = {i for i, line in enumerate(lines) if "](" in line and LINK_ONLY.match(line.strip())}
    page = markdown_to_lines(lines, first_number)
    story = Story(page)
    _drop_navigation(story, {first_number + i for i in links})
    _drop_meta_headings(story)
    _mark_chapter_lines(story)
    opening = _paragraphs(page, OPENING_PARAGRAPHS + 1)
    if not (
        _chapter_opening(story, opening)
        or _title_opening(story, opening)
        or _ruled_opening(story, opening)
    ):
        _labelled_opening(story, opening)
    return story


def _mark_chapter_lines(story: Story) -> None:
    """A chapter heading written as a paragraph of its own ("**Chapter 2: Fog**", "Part One")
    is a heading, as if it had been written with "#" (navigation links left out)."""
    page = story.page
    end = len(page.lines) if story.body_end is None else story.body_end
    for paragraph in _paragraphs(page):
        if (
            paragraph.start < end
            and not paragraph.level
            and "\n" not in paragraph.text
            and read_chapter_heading(paragraph.text) is not None
        ):
            page.levels[paragraph.start] = CHAPTER_LEVEL


def _drop_navigation(story: Story, link_numbers: set[int]) -> None:
    """Paragraphs of links alone at the end ("→ [Chapter 51](...)"), when story text precedes."""
    paragraphs = _paragraphs(story.page)
    numbers = story.page.numbers
    end = len(paragraphs)
    while end > 1 and all(
        numbers[i] in link_numbers
        for i in range(paragraphs[end - 1].start, paragraphs[end - 1].end)
    ):
        end -= 1
    if 0 < end < len(paragraphs):
        story.body_end = paragraphs[end].start


def _drop_meta_headings(story: Story) -> None:
    """AO3's "Chapter Summary" / "Chapter Notes" headings, and the quoted text under them."""
    paragraphs = _paragraphs(story.page)
    quoted = story.page.quoted
    for n, paragraph in enumerate(paragraphs):
        if not paragraph.level or not META_HEADING.match(paragraph.text):
            continue
        story.dropped.update(range(paragraph.start, paragraph.end))
        for nxt in paragraphs[n + 1 :]:
            if nxt.level or not all(i in quoted for i in range(nxt.start, nxt.end)):
                break
            story.dropped.update(range(nxt.start, nxt.end))


def _chapter_opening(story: Story, opening: list[_Paragraph]) -> bool:
    """A chapter heading near the top that is the file's only one: the file is that chapter."""
    page = story.page
    end = len(page.lines) if story.body_end is None else story.body_end
    chapter_headings = [
        i for i in page.levels if i < end and read_chapter_heading(page.lines[i]) is not None
    ]
    if len(chapter_headings) != 1:
        return False
    found = next(
        (n for n, p in enumerate(opening[:OPENING_PARAGRAPHS]) if p.start == chapter_headings[0]),
        None,
    )
    if found is None:
        return False
    before = opening[:found]
    if sum(len(p.text) for p in before) > PREAMBLE_LIMIT:
        return False
    heading = read_chapter_heading(opening[found].text)
    if heading is None:
        return False
    number = page.numbers[opening[found].start]
    story.fields.append(
        Field("chapters", "Chapter", str(heading.number), number, source="title-line")
    )
    _preamble_fields(story, before)
    story.body_start = opening[found].end
    return True


def _title_opening(story: Story, opening: list[_Paragraph]) -> bool:
    """`# Title` first (no chapter heading), perhaps "by Name" under it."""
    if not opening or opening[0].level not in (1, 2) or "\n" in opening[0].text:
        return False
    first = opening[0]
    same_level = [i for i, level in story.page.levels.items() if level <= first.level]
    if len(same_level) > 1:
        return False  # several top headings: sections of the story, not its title
    numbers = story.page.numbers
    story.fields.append(Field("title", "", first.text, numbers[first.start], source="title-line"))
    story.body_start = first.end
    if len(opening) > 1:
        byline = BY_LINE.match(opening[1].text.replace("\n", " "))
        if byline and not byline.group("title"):
            author = byline.group("author").strip()
            story.fields.append(
                Field("author", "by", author, numbers[opening[1].start], source="byline")
            )
            story.body_start = opening[1].end
    return True


def _ruled_opening(story: Story, opening: list[_Paragraph]) -> bool:
    """Labelled or disclaimer paragraphs, then a rule: the story starts after the rule."""
    if any(p.level for p in opening):
        return False
    numbers = story.page.numbers
    paragraphs = [Paragraph(p.text, numbers[p.start]) for p in opening]
    ruled = read_ruled_opening(paragraphs)
    if ruled is None:
        return False
    story.fields.extend(ruled.fields)
    story.body_start = opening[ruled.taken - 1].end
    return True


def _labelled_opening(story: Story, opening: list[_Paragraph]) -> None:
    """Labelled paragraphs at the very top, no rule under them: fields, then the story."""
    taken = 0
    for paragraph in opening:
        if paragraph.level or not labelled_field(paragraph.text, None):
            break
        taken += 1
    if taken:
        _preamble_fields(story, opening[:taken])
        story.body_start = opening[taken - 1].end


def _label_lines(lines: list[str], numbers: list[int]) -> list[Field]:
    """A paragraph of label lines kept apart by hard breaks ("**Rating:** PG-13" and two
    spaces, line after line): a field per label line, other lines going on the one above.
    Empty unless the paragraph opens with a label and has two label lines or more."""
    if len(lines) < 2 or len(lines) > MAX_LABEL_LINES:
        return []
    fields: list[Field] = []
    current: Field | None = None
    labels = 0
    for line, number in zip(lines, numbers, strict=False):
        parsed = parse_label_line(" ".join(line.split()))
        if parsed is not None and parsed.name is not None:
            labels += 1
            current = labelled_field(line, number)  # None: a label no opening keeps ("Words:")
            if current is not None:
                fields.append(current)
        elif labels == 0:
            return []
        elif current is not None:
            current.value = f"{current.value} {line.strip()}".strip()
    return fields if labels >= 2 else []


MAX_LABEL_LINES = 40


def _preamble_fields(story: Story, paragraphs: list[_Paragraph]) -> None:
    """Opening paragraphs as fields: labelled ones by their label, a disclaimer line as the
    disclaimer, anything else as notes."""
    numbers = story.page.numbers
    for paragraph in paragraphs:
        if paragraph.level or is_rule(Paragraph(paragraph.text)):
            continue
        number = numbers[paragraph.start]
        lines = _label_lines(paragraph.text.split("\n"), numbers[paragraph.start : paragraph.end])
        if lines:
            story.fields.extend(lines)
            continue
        found = labelled_field(paragraph.text, number)
        if found is None:
            name = "disclaimer" if names_disclaimer(paragraph.text) else "notes"
            found = Field(name, "", paragraph.text.replace("\n", " "), number, source="prose")
        story.fields.append(found)
