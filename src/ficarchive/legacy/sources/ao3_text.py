"""An AO3 work page copied or saved as text: each label alone on its line, its values under it.

What the page's text looks like:

    Rating:
        Mature
    Archive Warning:
        Graphic Depictions Of Violence
    Fandom:
        The Witcher (TV)
    ...
    Stats:
        Published:
            2020-02-11
        Words:
            1,432

    Work Title
    Author Name
    Summary:

    The summary's paragraphs.

    Notes:

    The notes.

    Work Text:          (or "Chapter Text", or "Chapter 1" headings)

    The story ...

    Actions / Kudos / Comments (14)

The tag block becomes `Label: value` lines (AO3's tags, kept as written); the two lines under it
are the title and the author; "Summary:" and "Notes:" head their paragraphs; the story runs from
"Work Text:" to the page's footer, end notes ("Notes:" after the story) set apart.
"""

from __future__ import annotations

import re

from ficarchive.legacy.document import Document, Field

NAME = "ao3-text"
LABEL_ALONE = re.compile(r"^(?P<indent>[ \t]*)(?P<label>[A-Z][A-Za-z ]{1,30}):[ \t]*$")
TAG_LABELS = {
    "Rating": "rating",
    "Ratings": "rating",
    "Archive Warning": "warnings",
    "Archive Warnings": "warnings",
    "Category": "category",
    "Categories": "category",
    "Fandom": "fandom",
    "Fandoms": "fandom",
    "Relationship": "pairing",
    "Relationships": "pairing",
    "Character": "characters",
    "Characters": "characters",
    "Additional Tags": "tags",
    "Language": "language",
    "Series": "series",
    "Chapters": "chapters",
    "Words": "word_count",
    "Published": "published",
}
SECTION_LABELS = {"Summary": "summary", "Notes": "notes"}
STORY_LABEL = re.compile(r"^\s*(?:Work Text|Chapter Text):\s*$")
FOOTER = re.compile(
    r"^\s*(?:Actions|Kudos|Bookmark|Comments(?: \(\d+\))?|Share|Top|← Previous Work)\s*$"
)
SEARCH_LINES = 80


def detect(text: str, filename: str = "") -> bool:
    """Text (no markup) that opens with AO3's tag labels, each alone on its line, and says
    where the work's text starts."""
    head = text[:20000]
    if "<" in head[:200] or ("Work Text:" not in head and "Chapter Text" not in head):
        return False
    lines = head.split("\n")[:SEARCH_LINES]
    alone = {m.group("label") for line in lines if (m := LABEL_ALONE.match(line))}
    return len(alone & TAG_LABELS.keys()) >= 3 and "Rating" in alone | {
        label.rstrip("s") for label in alone
    }


def parse(text: str, filename: str = "") -> Document:
    """The tag block as labelled lines; title, author, summary and notes; the story."""
    lines = text.split("\n")
    header: list[str] = []
    numbers: list[int] = []
    fields: list[Field] = []
    i = _tag_block(lines, header, numbers)
    title_at = _next_text(lines, i)
    if title_at is not None and not LABEL_ALONE.match(lines[title_at]):
        fields.append(Field("title", "", lines[title_at].strip(), title_at + 1))
        author_at = _next_text(lines, title_at + 1)
        if author_at is not None and not LABEL_ALONE.match(lines[author_at]):
            for name in lines[author_at].split(","):
                fields.append(Field("author", "", name.strip(), author_at + 1))
            i = author_at + 1
        else:
            i = title_at + 1
    story_at = next((k for k in range(i, len(lines)) if STORY_LABEL.match(lines[k])), None)
    if story_at is None:
        return Document.from_text("plain", text)  # no "Work Text:": read as plain text
    fields += _sections(lines, i, story_at)
    end = next((k for k in range(story_at + 1, len(lines)) if FOOTER.match(lines[k])), len(lines))
    notes_at = next(
        (k for k in range(story_at + 1, end) if LABEL_ALONE.match(lines[k])
         and LABEL_ALONE.match(lines[k]).group("label") == "Notes"),  # type: ignore[union-attr]
        None,
    )  # fmt: skip
    if notes_at is not None:
        fields += [
            Field("end_notes", f.label, f.value, f.line) for f in _sections(lines, notes_at, end)
        ]
        end = notes_at
    header.append("")
    numbers.append(numbers[-1] if numbers else 1)
    header_end = len(header)
    story = range(story_at + 1, end)
    doc = Document(
        NAME,
        header + [lines[k] for k in story],
        numbers + [k + 1 for k in story],
        header_end=header_end,
        fields=fields,
    )
    doc.tags_as_written = True
    return doc


def _tag_block(lines: list[str], header: list[str], numbers: list[int]) -> int:
    """Read the labels and their indented values into `header`; return where the block ends."""
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    while i < len(lines):
        match = LABEL_ALONE.match(lines[i])
        if match is None:
            break
        label = match.group("label")
        depth = len(match.group("indent").expandtabs())
        values: list[str] = []
        k = i + 1
        while k < len(lines) and lines[k].strip() and not LABEL_ALONE.match(lines[k]):
            if len(lines[k]) - len(lines[k].lstrip()) <= depth:
                break
            values.append(lines[k].strip())
            k += 1
        if label in TAG_LABELS and values:
            header.append(f"{label}: {', '.join(values)}")
            numbers.append(i + 1)
        i = k
    return i


def _next_text(lines: list[str], start: int) -> int | None:
    return next((k for k in range(start, min(len(lines), start + 12)) if lines[k].strip()), None)


def _sections(lines: list[str], start: int, end: int) -> list[Field]:
    """ "Summary:" and "Notes:" alone on a line, each over its paragraphs (to the next label)."""
    fields: list[Field] = []
    current: Field | None = None
    paragraph: list[str] = []

    def close_paragraph() -> None:
        if current is not None and paragraph:
            text = " ".join(paragraph)
            current.value = f"{current.value}\n\n{text}" if current.value else text
        paragraph.clear()

    for k in range(start, end):
        match = LABEL_ALONE.match(lines[k])
        if match is not None:
            close_paragraph()
            name = SECTION_LABELS.get(match.group("label"))
            current = Field(name, match.group("label"), "", k + 1) if name else None
            if current is not None:
                fields.append(current)
        elif not lines[k].strip():
            close_paragraph()
        else:
            paragraph.append(lines[k].strip())
    close_paragraph()
    return [f for f in fields if f.value]
