"""Chapter headings in the forms real files use, in several languages: "Chapter 1: The Return",
"Chapter One - Dust", "Part One", "Kapitel 96", "Chapitre 3", "Глава 1. Название", "CHAPTER IV".

The layouts that know where a chapter heading stands (a markdown `#` heading, an HTML `<h2>`,
LaTeX's `\\chapter`, a page title) ask this module what number it gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ficarchive.legacy.normalize.numbers import NUMBER_WORD, parse_number

CHAPTER_WORDS = (
    r"(?:chapter|chap\.?|ch\.?|chp\.?|part|chapitre|partie|kapitel|teil|cap[ií]tulo|capitolo|"
    r"parte|hoofdstuk|deel|rozdzia[łl]|kapittel|kapitola|luku|глава|часть|розділ)"
)
HEADING = re.compile(
    rf"(?i)^[\s\W]{{0,6}}{CHAPTER_WORDS}\s*(?P<number>{NUMBER_WORD})(?![\w/])"
    r"\s*(?:(?:[:.)\]|]|\s[-–—]|[-–—]\s)\s*(?P<title>.{0,200}?))?[\s.]*$"
)
# "Chapter 3 of 7" / "Part 2 of 5": a counter, not this layout's business.
OF_TOTAL = re.compile(r"(?i)^\s*(?:of|/|из|von|sur)\s")


@dataclass(frozen=True)
class ChapterHeading:
    """The number a heading gives and the chapter title after it (None when there is none)."""

    number: int
    title: str | None


def read_chapter_heading(text: str) -> ChapterHeading | None:
    """The chapter number and title of a heading line, or None when it is no chapter heading."""
    line = text.strip()
    if not line or len(line) > 240:
        return None
    match = HEADING.match(line)
    if not match:
        return None
    number = parse_number(match.group("number"))
    if number is None or number > 10000:
        return None
    title = (match.group("title") or "").strip(" .:-–—") or None
    if title and OF_TOTAL.match(" " + title):
        return None
    return ChapterHeading(number, title)


FILE_NAME_NUMBER = re.compile(rf"(?i)(?:^|[\W_]){CHAPTER_WORDS}[\W_]*0*(?P<number>\d{{1,4}})(?!\d)")


def chapter_from_file_name(filename: str) -> int | None:
    """ "hpmor-chapter-001.tex", "kapitel_50.md", "chp1_robbed.md": the chapter a file name gives."""
    stem = re.split(r"[\\/]", filename)[-1].rsplit(".", 1)[0]
    match = FILE_NAME_NUMBER.search(stem)
    return int(match.group("number")) if match else None
