"""What a title line carries besides the title: chapter numbering and series membership.

"She Doesn't Need Saving 1/1; Part one of the Needed Series." gives the title, chapter 1 of 1,
and part 1 of the series "Needed". Also "(2/5)", "[1/1]", "Chapter 2 of 4", "Part 2 of 4",
"Fourth of the Helios series", "[Series, part 3]", "(Series name #3)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ficarchive.legacy.model import ChapterNumber, Series
from ficarchive.legacy.normalize.numbers import NUMBER_WORD, parse_number

N = NUMBER_WORD
SERIES_CLAUSES = [
    # "Part one of the Needed Series", "Fourth of the Helios Hyperion series", "Book 2 in the X saga"
    re.compile(
        rf"(?i)[;:,.\-–—(\[]*\s*(?:(?:part|book|story|installment|instalment|entry|volume|vol\.?|no\.?|number|#)\s*)?(?P<part>{N})\s+(?:part\s+|story\s+|installment\s+)?(?:of|in)\s+(?:the\s+|my\s+)?[\"“']?(?P<series>[^\"”;()\[\]]+?)[\"”']?(?:\s+(?:series|saga|cycle|sequence|verse|arc|trilogy|universe|'verse))\s*[)\]]?\s*\.?\s*$"
    ),
    re.compile(
        rf"(?i)[;:,.\-–—(\[]*\s*(?:part|book|story|installment|volume|vol\.?)\s+(?P<part>{N})\s+(?:of|in)\s+(?:the\s+)?[\"“']?(?P<series>[^\"”;()\[\]\d][^\"”;()\[\]]*?)[\"”']?\s*[)\]]?\s*\.?\s*$"
    ),
    # "[Needed Series, part 3]", "(Needed, part 3)", "(The Attic, #2)"
    re.compile(
        rf"(?i)\s*[\[(](?P<series>[^\[\]()]+?)(?:\s+series)?\s*[,:;\-–]\s*(?:part|book|no\.?|#)\s*(?P<part>{N})\s*[\])]\s*\.?\s*$"
    ),
]
CHAPTER_PATTERNS = [
    # "(2 of 5 parts)", "[2 of 3 chapters]"
    re.compile(
        rf"(?i)[\s;:,.\-–—]*[\[(]\s*(?P<number>{N})(?:\s+of\s+|\s*/\s*)(?P<total>{N})\s+"
        r"(?:parts?|chapters?)\s*[\])]\s*\.?\s*$"
    ),
    re.compile(
        rf"(?i)[\s;:,.\-–—]*[\[(]?\s*(?:chapter|ch\.?|part|pt\.?)\s+(?P<number>{N})(?:\s+of\s+|\s*/\s*)(?P<total>{N})\s*[\])]?\s*\.?\s*$"
    ),
    re.compile(
        r"[\s;:,\-–—]*[\[(]\s*(?P<number>\d+)\s*/\s*(?P<total>\d+|\?+|[xX]|TBD|tbd|\w+)\s*[\])]\s*\.?\s*$"
    ),
    re.compile(r"(?<![\w/])\s*(?P<number>\d+)\s*/\s*(?P<total>\d+|\?+)\s*\.?\s*$"),
    # "Night Crossing 1 of 2", "(1 of 1)": a counter in digits, brackets or none.
    re.compile(
        r"(?i)[\s;:,\-–—]*[\[(]?\s*(?<![\w/])(?P<number>\d{1,3})\s+of\s+(?P<total>\d{1,3})"
        r"\s*[\])]?\s*\.?\s*$"
    ),
    re.compile(rf"(?i)[\s;:,.\-–—]*[\[(]?\s*(?:chapter|ch\.)\s+(?P<number>{N})\s*[\])]?\s*$"),
    # "Starry Night pt. 1", "Night Watch part 2": a part number in digits after a space.
    re.compile(r"(?i)\s+(?:pt\.?|part)\s*(?P<number>\d{1,3})\s*$"),
    # "Sleep Talk, Part Two", "Sleep Talk (Part 2)": set off by a comma, a dash or brackets.
    re.compile(
        rf"(?i)(?:\s*[,:;\-–—]\s*|\s*[\[(]\s*)(?:part|pt\.?)\s+(?P<number>{N})\s*[\])]?\.?\s*$"
    ),
]


# The clauses end a title line, so they are looked for only in its last characters: a longer
# line (a run of brackets, thousands of numbers) costs no more than this to read.
CLAUSE_WINDOW = 200

SERIES_HINT = re.compile(r" of | in |part|series|saga|book|[\[(]")
CHAPTER_HINT = re.compile(r"\d|chapter|ch\.| of |part")


@dataclass
class TitleLine:
    """A title with what its line also said."""

    title: str
    chapter: ChapterNumber | None = None
    series: Series | None = None


def read_title_line(text: str) -> TitleLine:
    """Split a title line into title, chapter numbering and series membership."""
    title = " ".join(text.split()).strip()
    series = None
    chapter = None
    folded = title.casefold()
    if not (SERIES_HINT.search(folded) or CHAPTER_HINT.search(folded)):
        return TitleLine(title=title or text.strip())
    for _ in range(3):
        changed = False
        if series is None:
            for pattern in SERIES_CLAUSES:
                match = pattern.search(title, max(0, len(title) - CLAUSE_WINDOW))
                if match and match.start() > 0:
                    name = match.group("series").strip(" \"“”'.,;:")
                    if name and parse_number(name) is None:  # "Part One of Three" counts parts
                        series = Series(title=name, part=parse_number(match.group("part")))
                        title = title[: match.start()].rstrip(" ;:,.-–—")
                        changed = True
                        break
        if chapter is None:
            for pattern in CHAPTER_PATTERNS:
                match = pattern.search(title, max(0, len(title) - CLAUSE_WINDOW))
                if match and match.start() > 0:
                    number = parse_number(match.group("number"))
                    total = (
                        parse_number(match.group("total")) if "total" in match.groupdict() else None
                    )
                    if number is None:
                        continue
                    chapter = ChapterNumber(number=number, total=total)
                    title = title[: match.start()].rstrip(" ;:,.-–—")
                    changed = True
                    break
        if not changed:
            break
    return TitleLine(title=title.strip() or text.strip(), chapter=chapter, series=series)


SERIES_VALUE = re.compile(
    rf"(?i)^(?P<series>.+?)\s*(?:[,:;\-–—#]\s*|\s)[\[(]?\s*(?:(?:part|book|no\.?|number|#)\s*)(?P<part>{N})\s*[\])]?\s*\.?$"
)
SERIES_VALUE_ORDINAL = re.compile(
    rf"(?i)^(?:(?:part|book)\s+)?(?P<part>{N})\s+(?:part\s+)?(?:of|in)\s+(?:the\s+)?(?P<series>.+?)(?:\s+series)?\.?$"
)


def read_series_value(text: str) -> Series | None:
    """A "Series:" value: "Blackmail", "Blackmail, part 1", "The Attic (part 1)", "Part 2 of X"."""
    value = " ".join(text.split()).strip(" .")
    if not value or value.casefold() in (
        "none",
        "n/a",
        "no",
        "-",
        "standalone",
        "stand-alone",
        "one-shot",
    ):
        return None
    match = SERIES_VALUE.match(value) or SERIES_VALUE_ORDINAL.match(value)
    if match:
        name = match.group("series").strip(' "“”,;:')
        return Series(title=name, part=parse_number(match.group("part")))
    trailing = re.match(r"^(?P<series>.*\D)\s+#?(?P<part>\d+)$", value)
    if trailing and len(trailing.group("series")) > 2:
        return Series(
            title=trailing.group("series").strip(" ,;:"), part=int(trailing.group("part"))
        )
    return Series(title=value, part=None)


# "Part three of the Glasswork series", "the second story in my Tidewater cycle".
_SERIES_NAME = r"[\"“']?(?P<series>[A-Z][^.;:!?\n\"“”]{0,60}?)[\"”']?"
_SERIES_WORD = r"\s+(?:series|universe|verse|cycle|saga|sequence|arc)\b"
SERIES_IN_PROSE = (
    re.compile(
        rf"(?i:\b(?:part|book|story|instal?lment|entry|number)\s+(?P<part>{N})\s+(?:of|in)\s+"
        rf"(?:the|my)\s+){_SERIES_NAME}{_SERIES_WORD}"
    ),
    re.compile(
        rf"(?i:\b(?P<part>{N})\s+(?:part|story|book|fic|instal?lment|entry|one)\s+(?:of|in)\s+"
        rf"(?:the|my)\s+){_SERIES_NAME}{_SERIES_WORD}"
    ),
)
MAX_SERIES_PROSE = 2000


def series_in_prose(text: str) -> Series | None:
    """A series and the story's place in it, as a note says it in words ("Part three of the
    Glasswork series"); None unless both the name and the number are given."""
    head = text[:MAX_SERIES_PROSE]
    for pattern in SERIES_IN_PROSE:
        match = pattern.search(head)
        if match:
            part = parse_number(match.group("part"))
            name = match.group("series").strip()
            if part and name:
                return Series(title=name, part=part)
    return None


def read_chapters_value(value: str, completed: str | None) -> ChapterNumber | None:
    """eFiction-style "Chapters: 3" with "Completed: Yes" (or a "2/5" value)."""
    text = value.strip()
    pair = re.match(r"^(\d+)\s*(?:/|of)\s*(\d+|\?+)", text)
    if pair:
        return ChapterNumber(int(pair.group(1)), parse_number(pair.group(2)))
    single = re.match(r"^(\d+)\b", text)
    if not single:
        return None
    count = int(single.group(1))
    done = (completed or "").strip().casefold()
    if done.startswith(("yes", "y", "complete", "true")):
        return ChapterNumber(count, count)
    return ChapterNumber(count, None)
