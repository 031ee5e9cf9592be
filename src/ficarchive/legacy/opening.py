"""The opening of a story written without a labelled header: intro, title block, byline.

Usenet posts and old text files open with prose: a chatty intro, a disclaimer, a warning,
then a title line (often centred or in capitals), a byline, a date, and the story. The rules:

1. `find_title` looks for the title line in the first lines: a short line standing alone,
   with a byline under it or on it ("T by A"), or equal to the post's subject, or shaped as a
   title (capitals, centred, quoted, under a rule). A run-in sentence ("Here follows "T" by A")
   counts too.
2. `read_title_block` reads the lines under the title: byline, subtitle ("A Deep Space Nine
   story"), a bare name, a part counter, dates, addresses and copyright lines.
3. `read_preamble` reads the paragraphs above the title, each by its label or its prose.
4. The labelled lines under the title block (if any) are read as a header; the story starts
   after them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ficarchive.legacy.document import Field
from ficarchive.legacy.header import (
    HeaderResult,
    is_separator,
    next_nonblank,
    parse_label_line,
    read_block,
    summary_line_fields,
)
from ficarchive.legacy.labels import canonical_label
from ficarchive.legacy.normalize.numbers import NUMBER_WORD
from ficarchive.legacy.normalize.people import EMAIL, URL
from ficarchive.legacy.normalize.prose import (
    COMPANY,
    Facts,
    is_disclaimer,
    prose_rating,
    read_facts,
)
from ficarchive.legacy.normalize.subject import subject_title, title_key

WINDOW = 160  # lines searched for a title
MAX_TITLE = 90
MAX_LINE = 400  # longer lines are prose, never a title, byline or run-in title
BY_ALONE = re.compile(r"(?i)^(?:by|written by|story by)\s*[.:]?$")
BYLINE = re.compile(
    r"^(?:(?P<title>.{1,120}?)\s+)??(?:[Bb]y|BY|[Ww]ritten [Bb]y|WRITTEN BY)(?:\.|:)?\s+"
    r"(?P<author>[^\s,;:!?].{0,100})$"
)
RUN_IN = re.compile(
    r"(?i)\b(?:here (?:follows|is|comes)|I (?:now )?present(?: to you)?,?|presenting)\s+"
    r"[\"“'](?P<title>[^\"”]{2,80})[\"”'](?:,?\s+by\s+(?P<author>[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3}))?"
)
SUBTITLE = re.compile(
    r"(?i)^[(\[]?\s*(?:an?|the|yet another)\s+(?P<what>.{0,70}?)\s*(?:story|crossover|cross-over|"
    r"x-over|fic|fanfic|fan fiction|parody|erotica|film|tale|drabble|vignette|script|episode|"
    r"screenplay|novel|novella|sequel)\b.{0,60}$"
)
TITLE_SUBTITLE = re.compile(
    r"^(?P<title>.{2,80}?)\s*(?:--+|–|—|:)\s*(?P<sub>(?:An?|THE|The)\s.{2,80}?"
    r"(?:Story|STORY|story|Crossover|crossover|Fic|fic|Parody|parody))\s*$"
)
RUN_IN_BYLINE = re.compile(
    r"^(?P<title>.{2,80}?)\s+(?P<sub>(?:An?|The)\s.{2,80}?(?:Story|story|Crossover|Fic|Parody))"
    r"\s+by\s+(?P<author>.{2,80})$"
)
CHAPTER_LINE = re.compile(
    rf"(?i)^[(\[]?\s*(?:part|chapter|pt\.?)\s+(?P<number>{NUMBER_WORD})"
    rf"(?:\s*(?:/|of)\s*(?P<total>{NUMBER_WORD}|\?))?\s*[)\]]?\.?$"
)
HEADING = re.compile(
    rf"(?i)^[\s*=#\-\[(]*(?:chapter|part|book|scene|act|prologue|epilogue|introduction|"
    rf"teaser|episode)\b(?:\s+{NUMBER_WORD})?"
)
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATE_LINE = re.compile(
    rf"(?i)^(?:(?:\w+day,?\s+)?{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{2,4}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|"
    rf"\d{{1,2}}\s+{MONTH}\s+\d{{2,4}}|(?:19|20)\d\d(?:-\d+)?)\.?$"
)
TRAILING_DATE = re.compile(
    rf"(?i)(?:,?\s+(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{2,4}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|"
    rf"(?:19|20)\d\d(?:-\d+)?))\s*$"
)
COPYRIGHT_LINE = re.compile(r"(?i)(?:copyright|\(c\)|all rights reserved|\(tm\)|©)")
INSPIRED = re.compile(r"(?i)^(?:inspired by|based on|with thanks to|dedicated to|for\s)\S")
BARE_NAME = re.compile(r"^[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){1,3}$")
NAME_IN_PARENS = re.compile(r"^\(\s*(?P<name>[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){1,3})\s*\)$")
DECORATION = re.compile(r"^[\s_*~=#\"“”']+|[\s_*~=#\"“”']+$")
WIDE_GAP = re.compile(r"\s{4,}")


@dataclass
class Opening:
    """The fields the opening gave, where the story starts, and the prose facts."""

    fields: list[Field] = field(default_factory=list)
    body_start: int = 0
    title_line: int | None = None
    facts: Facts = field(default_factory=Facts)


NOT_NAME_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "then",
        "now",
        "of",
        "to",
        "in",
        "on",
        "at",
        "with",
        "was",
        "were",
        "is",
        "are",
        "had",
        "has",
        "have",
        "her",
        "his",
        "their",
        "its",
        "it",
        "this",
        "that",
        "these",
        "those",
        "and",
        "or",
        "but",
        "so",
        "as",
        "from",
        "for",
        "into",
        "over",
        "under",
        "after",
        "before",
        "when",
        "while",
        "which",
        "who",
        "me",
        "my",
        "you",
        "your",
        "we",
        "our",
        "they",
        "them",
        "he",
        "she",
        "i",
    ]
)


def is_author_like(name: str) -> bool:
    """A cleaned byline that reads as a name or a handle, not the rest of a sentence."""
    words = name.split()
    if not 1 <= len(words) <= 5 or len(name) > 60:
        return False
    if any(w.casefold() in NOT_NAME_WORDS for w in words):
        return False
    return any(c.isupper() for c in name) or len(words) == 1


MADE_BY = re.compile(
    r"(?i)(?:created|copyrighted|written|owned|based|inspired|made|produced|directed|posted|sent|"
    r"edited|used|trademarked|published|approved|reviewed|done|read|shot|killed|loved|helped)$"
)


def byline_match(text: str) -> re.Match[str] | None:
    """`BYLINE` when its author part reads as a name and its title part is no sentence."""
    if len(text) > MAX_LINE:
        return None
    match = BYLINE.match(text)
    if not match or not is_author_like(clean_author(match.group("author"))):
        return None
    if COMPANY.search(match.group("author")):
        return None
    title = match.group("title") or ""
    if title and MADE_BY.search(title.rstrip(" ,")):
        return None
    return match


def clean_author(text: str) -> str:
    """An author name from a byline: no address, date, handle in brackets or copyright note."""
    value = EMAIL.sub(" ", text)
    value = URL.sub(" ", value)
    value = re.split(r"(?i)\s+(?:-+|–|—)\s+|\(c\)|\bcopyright\b|©|\s{4,}", value)[0]
    value = TRAILING_DATE.sub("", value.strip())
    value = re.sub(r"\s*\([^)]*\)\s*", " ", value)
    value = re.sub(r",\s*\d.*$", "", value)
    return " ".join(value.split()).strip(" .,;:-*_")


def _clean_title(text: str) -> str:
    """A title line without decoration, a right-aligned date or a trailing comma."""
    value = WIDE_GAP.split(text.strip())[0] if WIDE_GAP.search(text.strip()) else text.strip()
    if DATE_LINE.match(value):
        return ""
    value = DECORATION.sub("", value)
    return value.strip(" ,;")


def _is_title_shape(text: str) -> bool:
    """A line that can be a title: short, not a sentence, label, address or heading."""
    if not text or len(text) > MAX_TITLE or len(text.split()) > 14 or is_separator(text):
        return False
    if "@" in text or URL.search(text) or DATE_LINE.match(text) or BY_ALONE.match(text):
        return False
    if text[:1] in '"“' and re.search(r"[.!?,]\W*$", text) and len(text.split()) > 3:
        return False  # dialogue
    if re.search(r"[.;,]$", text) and not text.endswith("...") and len(text.split()) > 4:
        return False
    if HEADING.match(text) and not re.search(r"[a-z]{3}.*\s(?:-|--)\s", text):
        return False
    parsed = parse_label_line(text)
    return not (parsed and parsed.name)


def _has_byline(lines: list[str], i: int) -> bool:
    """The line under line `i` (or the one after) is a byline."""
    j = next_nonblank(lines, i + 1, 3)
    for _ in range(2):
        if j is None:
            return False
        text = lines[j].strip()
        if BY_ALONE.match(text):
            return True
        match = byline_match(text)
        if match and (not match.group("title") or SUBTITLE.match(match.group("title"))):
            return True
        if not (SUBTITLE.match(text) or CHAPTER_LINE.match(text)):
            return False
        j = next_nonblank(lines, j + 1, 3)
    return False


def _score(lines: list[str], i: int, subject_key: str, first: int) -> int:
    """How much line `i` looks like the story's title (0: not at all)."""
    raw = lines[i]
    text = raw.strip()
    if len(text) > MAX_LINE:
        return 0
    byline = byline_match(text)
    if byline and byline.group("title") and _is_title_shape(_clean_title(byline.group("title"))):
        return 6
    if RUN_IN_BYLINE.match(text) or RUN_IN.search(text):
        return 6
    title = _clean_title(text)
    if not _is_title_shape(title):
        return 0
    score = 0
    if _has_byline(lines, i):
        score += 6
    key = title_key(title)
    if subject_key and key:
        if key == subject_key:
            score += 5
        elif (
            len(key) >= 4 and (f" {key} " in f" {subject_key} " or subject_key.startswith(key))
        ) or (len(subject_key) >= 6 and key.startswith(subject_key)):
            score += 3
    before = lines[i - 1].strip() if i > 0 else ""
    after = lines[i + 1].strip() if i + 1 < len(lines) else ""
    if not before or is_separator(before) or i == first:
        score += 1
    if not after or is_separator(after):
        score += 1
    letters = [c for c in title if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 2:
        score += 1
    if raw[:1] in " \t" and len(raw) - len(raw.lstrip()) >= 4:
        score += 1
    if text[:1] in '"“_' or i == first:
        score += 1
    return score


def find_title(lines: list[str], start: int, subject: str | None) -> int | None:
    """Index of the title line near the top, or None."""
    subject_key = title_key(subject_title(subject)) if subject else ""
    first = next_nonblank(lines, start, WINDOW)
    if first is None:
        return None
    best: tuple[int, int] | None = None
    seen = 0
    for i in range(first, min(len(lines), first + WINDOW)):
        if not lines[i].strip():
            continue
        seen += 1
        score = _score(lines, i, subject_key, first)
        if score >= 6:
            return i
        if score >= 4 and (best is None or score > best[0]) and seen <= 60:
            best = (score, i)
    if best is not None:
        return best[1]
    return None


def _title_fields(text: str, number: int) -> list[Field]:
    """The title line as fields: the title, and a byline or subtitle on the same line."""
    found: list[Field] = []
    told = RUN_IN.search(text)
    if told:
        found.append(
            Field("title", "", _clean_title(told.group("title")), number, source="title-line")
        )
        if told.group("author"):
            found.append(Field("author", "by", told.group("author"), number, source="byline"))
        return found
    run_in = RUN_IN_BYLINE.match(text)
    if run_in:
        found.append(
            Field("title", "", _clean_title(run_in.group("title")), number, source="title-line")
        )
        found.append(Field("subtitle", "", run_in.group("sub"), number, source="title-line"))
        found.append(
            Field("author", "by", clean_author(run_in.group("author")), number, source="byline")
        )
        return found
    byline = byline_match(text)
    if byline and byline.group("title"):
        text = byline.group("title")
        found.append(
            Field("author", "by", clean_author(byline.group("author")), number, source="byline")
        )
    title = _clean_title(text)
    sub = TITLE_SUBTITLE.match(title)
    if sub:
        title = sub.group("title").strip(" -")
        found.append(Field("subtitle", "", sub.group("sub"), number, source="title-line"))
    found.insert(0, Field("title", "", title, number, source="title-line"))
    return found


def read_title_block(lines: list[str], numbers: list[int], t: int, opening: Opening) -> int:
    """Read the lines under the title line `t`; return the index after the block."""
    authors = [f for f in opening.fields if f.name == "author"]
    i = t + 1
    lines_read = 0
    while i < len(lines) and lines_read < 8:
        text = lines[i].strip()
        number = numbers[i] if i < len(numbers) else i + 1
        if not text:
            if next_nonblank(lines, i, 4) is None:
                break
            i += 1
            continue
        lines_read += 1
        tags = summary_line_fields(text, number) if authors else []
        if tags:
            opening.fields.extend(tags)
            i += 1
            continue
        kind = _block_line(text, bool(authors), lines_read)
        if kind is None:
            break
        if kind == "by-alone":
            i = _author_after_by(lines, numbers, i, opening)
            authors = [f for f in opening.fields if f.name == "author"]
            continue
        if kind in ("byline", "name"):
            author = _author_of(text, kind)
            subtitle = _subtitle_of_byline(text) if kind == "byline" else None
            if subtitle:
                opening.fields.append(Field("subtitle", "", subtitle, number, source="title-line"))
            if author:
                opening.fields.append(Field("author", "by", author, number, source="byline"))
                authors.append(opening.fields[-1])
        elif kind == "chapter":
            match = CHAPTER_LINE.match(text)
            value = f"{match.group('number')}/{match.group('total') or '?'}" if match else text
            opening.fields.append(Field("chapters", "", value, number, source="title-line"))
        elif kind == "subtitle":
            opening.fields.append(Field("subtitle", "", text, number, source="title-line"))
            opening.facts.clue_texts.append(text)
            read_facts(text, opening.facts)
        elif kind == "disclaimer":
            opening.fields.append(Field("disclaimer", "", text, number, source="prose"))
        else:
            read_facts(text, opening.facts)
        i += 1
    return i


def _subtitle_of_byline(text: str) -> str | None:
    """ "A Due South story by Jess": the subtitle a byline carries."""
    match = byline_match(text)
    title = match.group("title") if match else None
    return title if title and SUBTITLE.match(title) else None


def _author_of(text: str, kind: str) -> str | None:
    if kind == "byline":
        match = byline_match(text)
        return clean_author(match.group("author")) if match else None
    return clean_author(text)


def _author_after_by(lines: list[str], numbers: list[int], i: int, opening: Opening) -> int:
    """ "by" alone on its line: the name is on the next line (a handle, then "( Real Name )")."""
    j = next_nonblank(lines, i + 1, 3)
    if j is None:
        return i + 1
    name = clean_author(lines[j].strip())
    k = next_nonblank(lines, j + 1, 2)
    if k is not None:
        real = NAME_IN_PARENS.match(lines[k].strip())
        if real:
            name, j = real.group("name"), k
    if name:
        opening.fields.append(Field("author", "by", name, numbers[j], source="byline"))
    return j + 1


def _block_line(text: str, has_author: bool, position: int) -> str | None:
    """What a line under the title is, or None when the story (or a labelled header) starts."""
    if is_separator(text):
        return None
    if BY_ALONE.match(text):
        return "by-alone"
    if byline_match(text) and not has_author:
        match = byline_match(text)
        title = match.group("title") if match else None
        if not title or SUBTITLE.match(title) or len(title.split()) <= 6:
            return "byline"
    if CHAPTER_LINE.match(text) and position <= 4:
        return "chapter"
    if ("@" in text and len(text) < 120) or (URL.search(text) and len(text) < 120):
        return "address"
    if DATE_LINE.match(text) or (COPYRIGHT_LINE.search(text) and len(text) < 100):
        return "date"
    if INSPIRED.match(text) and len(text) < 80:
        return "credit"
    if SUBTITLE.match(text) and len(text) < 100:
        return "subtitle"
    if not has_author and position <= 3 and (BARE_NAME.match(text) or NAME_IN_PARENS.match(text)):
        return "name"
    if is_disclaimer(text) and len(text) < 200:
        return "disclaimer"
    return None


def _paragraphs(lines: list[str], start: int, stop: int) -> list[tuple[int, int]]:
    """Runs of non-blank lines in `lines[start:stop]` as (first, end) indexes; an unwrapped
    paragraph (a line over 100 characters) is one paragraph per line."""
    runs: list[tuple[int, int]] = []
    i = start
    while i < stop:
        if not lines[i].strip():
            i += 1
            continue
        j = i
        while j < stop and lines[j].strip():
            j += 1
        if len(lines[i]) > 100 and j - i > 1:
            runs.extend((k, k + 1) for k in range(i, j))
        else:
            runs.append((i, j))
        i = j
    return runs


HEADING_LABEL = re.compile(r"^[_*\s]*(?P<label>[A-Za-z][A-Za-z' ]{2,30})[_*\s]*:?$")


def read_preamble(
    lines: list[str], numbers: list[int], start: int, stop: int, opening: Opening
) -> None:
    """Read the paragraphs above the title: labelled ones by their label, prose by its meaning."""
    runs = _paragraphs(lines, start, stop)
    pending: str | None = None
    for first, end in runs:
        raw = [lines[k].strip() for k in range(first, end)]
        raw = [line for line in raw if not is_separator(line)]
        if not raw:
            continue
        text = " ".join(raw)
        number = numbers[first] if first < len(numbers) else first + 1
        if pending:
            opening.fields.append(Field(pending, "", text, number, source="label"))
            pending = None
            continue
        heading = HEADING_LABEL.match(text) if len(raw) == 1 else None
        if heading:
            name = canonical_label(heading.group("label"))
            if name in ("summary", "notes", "disclaimer", "warnings", "end_notes"):
                pending = name
                continue
        _read_paragraph(raw, text, number, opening)


def _read_paragraph(raw: list[str], text: str, number: int, opening: Opening) -> None:
    parsed = parse_label_line(raw[0])
    read_facts(text, opening.facts)
    if parsed and parsed.name and parsed.name not in ("subject", "mailheader", "email"):
        value = " ".join([parsed.value, *raw[1:]]).strip()
        if parsed.name == "author":
            opening.fields.append(Field("author", parsed.label, clean_author(value), number))
            return
        if parsed.name in ("warnings",) and is_disclaimer(value):
            parsed.name = "disclaimer"
        opening.fields.append(Field(parsed.name, parsed.label, value, number))
        return
    rating, _ = prose_rating(text)
    if rating:
        opening.fields.append(Field("rating", "", rating, number, source="prose"))
    if is_disclaimer(text):
        opening.fields.append(Field("disclaimer", "", text, number, source="prose"))
        return
    opening.fields.append(Field("notes", "", text, number, source="prose"))


def read_opening(
    lines: list[str], numbers: list[int], start: int, subject: str | None
) -> Opening | None:
    """Read the opening of a label-less text from `start`; None when no title line is found."""
    t = find_title(lines, start, subject)
    if t is None:
        return None
    opening = Opening(title_line=t)
    number = numbers[t] if t < len(numbers) else t + 1
    opening.fields.extend(_title_fields(lines[t].strip(), number))
    block_end = read_title_block(lines, numbers, t, opening)
    read_preamble(lines, numbers, start, t, opening)
    result = HeaderResult()
    consumed = read_block(lines[block_end:], numbers, block_end, result, whole=False)
    opening.fields.extend(result.fields)
    opening.body_start = block_end + consumed
    return opening
