"""Notes above the story closed off by rules: "Disclaimer: ...", "Author's Notes: ..." and the
paragraphs that go on with them, a rule, perhaps a banner title and a "Chapter 1 - Title" line
between more rules, then the story.

Layouts that know where their story text starts (a page's story div, a markdown file under its
front matter) hand its paragraphs here. The opening must start with a labelled paragraph (or a
line calling itself a disclaimer); each later rule-bounded group must be short lines only
(a banner, a chapter heading). The story starts after the last rule of the opening.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ficarchive.legacy.document import Field
from ficarchive.legacy.header import is_separator, parse_label_line
from ficarchive.legacy.labels import synonyms
from ficarchive.legacy.sources.chapter_heading import read_chapter_heading

# Paragraph fields an opening may hold.
OPENING_FIELDS = {
    "disclaimer",
    "notes",
    "summary",
    "warnings",
    "rating",
    "pairing",
    "characters",
    "fandom",
    "author",
    "title",
    "feedback",
    "distribution",
    "dedication",
    "beta",
    "spoilers",
    "genre",
    "tags",
    "series",
    "end_notes",
}
MAX_PARAGRAPHS = 16  # an opening longer than this is the story's
MAX_CHARACTERS = 6000
SHORT_LINE = 80  # a banner or heading line between rules is at most this long
MAX_BANNER = 4  # paragraphs of such lines between two rules
SENTENCE_END = re.compile(r"[.!?…\"”»')]$")


@dataclass
class Paragraph:
    """One paragraph of the story region: its text and its source line number."""

    text: str
    line: int | None = None


@dataclass
class Opening:
    """What the opening said, and how many paragraphs it took (the story starts after them)."""

    fields: list[Field] = field(default_factory=list)
    taken: int = 0


def paragraph_spans(lines: list[str], limit: int | None = None) -> list[tuple[int, int]]:
    """(first, past-last) line index of each run of non-empty lines, the first `limit` runs."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(lines) and (limit is None or len(spans) < limit):
        if not lines[i]:
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j]:
            j += 1
        spans.append((i, j))
        i = j
    return spans


def is_rule(paragraph: Paragraph) -> bool:
    """A paragraph that is a rule or scene-break line (`* * *`, `<hr>`)."""
    return "\n" not in paragraph.text and is_separator(paragraph.text.strip())


def labelled_field(text: str, line: int | None) -> Field | None:
    """A labelled paragraph ("Disclaimer: ...") as a field, when its label is an opening's."""
    parsed = parse_label_line(" ".join(text.split()))
    if parsed is None or parsed.name not in OPENING_FIELDS:
        return None
    return Field(parsed.name, parsed.label, parsed.value, line)


def _disclaimer_forms() -> list[str]:
    return [form for form, name in synonyms().items() if name == "disclaimer" and len(form) > 5]


def names_disclaimer(text: str) -> bool:
    """A line that calls itself a disclaimer ("#include <standard_disclaimer.h>")."""
    folded = re.sub(r"[\s_.\-]+", " ", text.casefold())
    return any(form in folded for form in _disclaimer_forms())


def read_ruled_opening(paragraphs: list[Paragraph]) -> Opening | None:
    """The opening of `paragraphs` when it is notes closed by rules, else None."""
    window = paragraphs[:MAX_PARAGRAPHS]
    if not window or is_rule(window[0]):
        return None
    if labelled_field(window[0].text, None) is None and not names_disclaimer(window[0].text):
        return None
    rules = [i for i, p in enumerate(window) if is_rule(p)]
    if not rules or sum(len(p.text) for p in window[: rules[0]]) > MAX_CHARACTERS:
        return None
    end = rules[0]
    for rule, nxt in zip(rules, [*rules[1:], None], strict=False):
        group = window[rule + 1 : nxt] if nxt is not None else []
        if nxt is None or not group or not _banner(group):
            break
        end = nxt
    opening = Opening(taken=end + 1)
    if end + 1 >= len(paragraphs):
        return None  # nothing would be left for the story
    for paragraph in window[:end]:
        _take(opening, paragraph)
    return opening


def _short(paragraph: Paragraph) -> bool:
    lines = paragraph.text.split("\n")
    return len(lines) <= 4 and all(len(line) <= SHORT_LINE for line in lines)


def _banner(group: list[Paragraph]) -> bool:
    """A few short lines that end no sentence: a banner title, a chapter heading."""
    return len(group) <= MAX_BANNER and all(
        _short(p) and not SENTENCE_END.search(p.text.rstrip()) for p in group
    )


def _take(opening: Opening, paragraph: Paragraph) -> None:
    """One opening paragraph: a field, more of the field above, or a chapter heading."""
    if is_rule(paragraph):
        return
    text = " ".join(paragraph.text.split())
    found = labelled_field(text, paragraph.line)
    if found is not None:
        opening.fields.append(found)
        return
    heading = read_chapter_heading(text) if _short(paragraph) else None
    if heading is not None:
        number = str(heading.number)
        opening.fields.append(
            Field("chapters", "Chapter", number, paragraph.line, source="title-line")
        )
        return
    if names_disclaimer(text):
        opening.fields.append(Field("disclaimer", "", text, paragraph.line, source="prose"))
        return
    last = opening.fields[-1] if opening.fields else None
    if (
        last is not None
        and last.name in ("notes", "disclaimer", "summary")
        and not _short(paragraph)
    ):
        last.value = f"{last.value}\n\n{text}"
    elif not _short(paragraph):
        opening.fields.append(Field("notes", "", text, paragraph.line, source="prose"))
    # Short lines between rules that are no chapter heading: a banner title, left out.
