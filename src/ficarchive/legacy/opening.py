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
from collections.abc import Callable
from dataclasses import dataclass, field

from ficarchive.legacy.document import Field
from ficarchive.legacy.header import (
    SEPARATOR_CHARS,
    WHAT_KIND,
    HeaderResult,
    is_known_label,
    is_separator,
    next_nonblank,
    paragraph_runs,
    parse_label_line,
    read_block,
    summary_line_fields,
)
from ficarchive.legacy.labels import canonical_label
from ficarchive.legacy.normalize.numbers import NUMBER_WORD
from ficarchive.legacy.normalize.people import EMAIL, URL
from ficarchive.legacy.normalize.prose import (
    COMPANY,
    COPYRIGHT_LINE,
    Facts,
    before_other_fields,
    copyright_holder,
    is_disclaimer,
    prose_feedback,
    prose_pairings,
    prose_permission,
    prose_rating,
    read_facts,
)
from ficarchive.legacy.normalize.subject import subject_title, title_key
from ficarchive.legacy.sources.chapter_heading import read_chapter_heading

WINDOW = 160  # lines searched for a title
MAX_TITLE = 90
MAX_LINE = 400  # longer lines are prose, never a title, byline or run-in title
BY_ALONE = re.compile(r"(?i)^(?:by|written by|story by|from the pen of)\s*[.:]?$")
BYLINE = re.compile(
    r"^(?:(?P<title>.{1,120}?)\s+)??(?:[Bb]y|BY|[Ww]ritten [Bb]y|WRITTEN BY|[Ff]rom the pen of|"
    r"FROM THE PEN OF)(?:\.|:)?\s+"
    r"(?P<author>[^\s,;:!?].{0,100})$"
)
RUN_IN = re.compile(
    r"(?i)\b(?:here (?:follows|is|comes)|I (?:now )?present(?: to you)?,?|presenting)\s+"
    r"[\"“'](?P<title>[^\"”]{2,80})[\"”'](?:,?\s+by\s+(?P<author>[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3}))?"
)
SUBTITLE = re.compile(
    r"(?i)^[(\[]?\s*(?:an?|the|yet another)\s+(?P<what>.{0,70}?)\s*(?:story|crossover|cross-over|"
    r"x-over|fic|fanfic|fan fiction|parody|erotica|film|tale|drabble|vignette|script|episode|"
    r"screenplay|novel|novella|sequel|romance|adventure|comedy|mystery|thriller|songfic|"
    r"one-shot|piece)\b.{0,60}$"
)
# "Supernatural drabbles by A", "Three Highlander ficlets": a collection's kind, no article.
COLLECTION_WORDS = ("drabbles", "ficlets", "vignettes", "fics", "one-shots", "snippets")
COLLECTION_KIND = re.compile(
    r"(?i)^.{0,50}?\b(?:drabbles|ficlets|vignettes|fics|fanfics|one-shots|snippets)\b.{0,60}$"
)


def is_subtitle(text: str) -> bool:
    """ "A Due South story", "Supernatural drabbles": what a work is, not its title."""
    if SUBTITLE.match(text):
        return True
    folded = text[:120].casefold()
    return any(word in folded for word in COLLECTION_WORDS) and bool(COLLECTION_KIND.match(text))


# "Undertow -- A Ro Laren Story", "The Lantern ... A Deep Space Nine Tale (2 of 5 parts)": the counter
# stays with the title for the title-line rules.
TITLE_SUBTITLE = re.compile(
    r"^(?P<title>.{2,80}?)\s*(?:--+|–|—|:|\.\.\.|…)\s*(?P<sub>(?:An?|THE|The)\s.{2,80}?"
    r"(?i:story|crossover|fic|parody|tale|fanfic|vignette|drabble|adventure))"
    r"(?P<counter>\s*[(\[][^()\[\]]{1,30}[)\]])?\s*$"
)
# "Undertow A Ro Laren Story by Ann", '"Undertow" is a Ro Laren story by Ann, written ...',
# "Undertow, a Ro Laren story by Ann": title, what kind of story, author, on one line.
RUN_IN_BYLINE = re.compile(
    r"^(?P<title>.{2,80}?)(?:,|\s+(?:is|was)|\s+(?:--|–|—))?\s+"
    r"(?P<sub>(?:An?|The|an?)\s.{2,80}?(?i:story|crossover|fic|fanfic|parody|tale|vignette))"
    r"\s+by\s+(?P<author>.{2,80})$"
)


def run_in_byline(text: str) -> re.Match[str] | None:
    """`RUN_IN_BYLINE` when its author part reads as a name (not "by any measure")."""
    if len(text) > MAX_LINE:
        return None
    match = RUN_IN_BYLINE.match(text)
    return match if match and is_author_like(clean_author(match.group("author"))) else None


CHAPTER_LINE = re.compile(
    rf"(?i)^[(\[]?\s*(?:part|chapter|pt\.?)\s+(?P<number>{NUMBER_WORD})"
    rf"(?:\s*(?:/|of)\s*(?P<total>{NUMBER_WORD}|\?))?\s*[)\]]?\.?$"
)
# "1/1", "(2 of 5)" alone under the title: a part counter without the word "part".
BARE_COUNTER = re.compile(
    r"^[(\[]?\s*(?P<number>\d{1,3})\s*(?:/|of)\s*(?P<total>\d{1,3}|\?)\s*[)\]]?\.?$"
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
CREDIT = re.compile(
    r"(?i)^(?:inspired by|based (?:up)?on|with (?:thanks|apologies) to|dedicated to)\b"
)
# "inspired by Ann Lee", "For Kate and Ann.": a credit or dedication under the title.
INSPIRED = re.compile(
    r"^(?i:inspired by|based on|with thanks to|dedicated to)\s+\S"
    r"|^(?i:for)\s+[A-Z][\w'.-]*(?:\s+(?:and\s+)?[A-Z][\w'.-]*){0,3}[.!,]?$"
)
BARE_NAME = re.compile(r"^[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){1,3}$")
# "Ann Lee (ann@example.org)" under a title: the author, named as in a mail header.
NAME_WITH_ADDRESS = re.compile(
    r"^[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){1,3}\s*[(<\[]\s*[\w.+-]+@[\w.-]+\s*[)>\]]$"
)
NAME_IN_PARENS = re.compile(r"^\(\s*(?P<name>[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){1,3})\s*\)$")
DECORATION = re.compile(r"^[\s_*~=#]+|[\s_*~=#]+$")
# Quotation marks around the whole line: '"Title"', "'Title'" (not the quotes of a phrase in it).
ENCLOSING_QUOTES = re.compile(r"^[\"“'‘](?P<inner>[^\"“”]*)[\"”'’]$")
WIDE_GAP = re.compile(r"\s{4,}")
QUOTED_TITLE = re.compile(
    r"^[\"“](?P<title>[^\"“”]{1,100})[\"”]\s*(?P<rest>(?:[(\[][^()\[\]]{0,40}[)\]])?)$"
)
# '"What?"', '"Varkonnen, look at this."': a line of speech.
DIALOGUE_LINE = re.compile(r"^[\"“][^\"“”]{0,200}[.!?,…-][\"”]\s*$")
PROSE_LINE = 55  # a line this long beside a title candidate makes it a line of prose
# "BEFORE THE THAW - Part 1", "Salt Roads, part 1.", "Title (2/5)": a title with its counter.
TITLE_COUNTER = re.compile(
    rf"(?i)\w.*?(?:\s*[-–—:,]\s*|\s+)[(\[]?(?:part|chapter|pt\.?)\s+{NUMBER_WORD}"
    rf"(?:\s*(?:/|of)\s*{NUMBER_WORD})?[)\]]?\W*$|\w.*?\s[(\[]\d+\s*(?:/|of)\s*\d+[)\]]\W*$"
)
QUOTED_PHRASE = re.compile(r"[\"“](?P<title>[^\"“”\n]{2,80})[\"”]")


@dataclass
class Opening:
    """The fields the opening gave, where the story starts, and the prose facts."""

    fields: list[Field] = field(default_factory=list)
    body_start: int = 0
    title_line: int | None = None
    facts: Facts = field(default_factory=Facts)
    # "copyright Ann Lee, 1995" under the title: the holder and the line's number, the author
    # when the block has no byline.
    block_holder: tuple[str, int] | None = None


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


CO_AUTHORS = re.compile(r"\s+(?:and|&)\s+")


def is_author_like(name: str) -> bool:
    """A cleaned byline that reads as a name or a handle, not the rest of a sentence; "A and
    B" (or "A & B") when each is a capitalized name."""
    parts = CO_AUTHORS.split(name)
    if 1 < len(parts) <= 3:
        return all(p[:1].isupper() and _one_author_like(p) for p in parts)
    return _one_author_like(name)


def _one_author_like(name: str) -> bool:
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


COPYRIGHT_START = re.compile(r"(?i)^(?:copyright\b|\(c\)|©)")
COPYRIGHT_BY = re.compile(r"(?i)^(?:copyright|\(c\)|©)\s*(?:(?:19|20)\d\d\s*,?\s*)?(?=by\s)")


def byline_match(text: str) -> re.Match[str] | None:
    """`BYLINE` when its author part reads as a name and its title part is no sentence."""
    if len(text) > MAX_LINE:
        return None
    match = BYLINE.match(COPYRIGHT_BY.sub("", text))  # "Copyright 1993 by A": a byline
    if not match or not is_author_like(clean_author(match.group("author"))):
        return None
    if COMPANY.search(match.group("author")):
        return None
    title = match.group("title") or ""
    if title and MADE_BY.search(title.rstrip(" ,")):
        return None
    author = match.group("author").rstrip()
    if author.endswith(".") and author == author.lower():
        return None  # "by aliens.": the end of a sentence
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
    quoted = QUOTED_TITLE.match(value)
    if quoted:
        # '"Quarter-MooN"  (Part I)': the quotes close before the counter.
        value = f"{quoted.group('title')} {quoted.group('rest')}".strip()
    value = DECORATION.sub("", value)
    enclosed = ENCLOSING_QUOTES.match(value)
    if enclosed:
        value = enclosed.group("inner")
    elif value and value[0] in '"“' and value.count(value[0]) == 1 and "”" not in value:
        value = value[1:]  # an opening quote left without its partner
    return DECORATION.sub("", value).strip(" ,;")


def _is_title_shape(text: str) -> bool:
    """A line that can be a title: short, not a sentence, label, address or heading."""
    if not text or len(text) > MAX_TITLE or len(text.split()) > 14 or is_separator(text):
        return False
    if "@" in text or URL.search(text) or DATE_LINE.match(text) or BY_ALONE.match(text):
        return False
    if CREDIT.match(text):
        return False  # "Based on the characters of ...": a credit line
    if text[:1] in '"“' and re.search(r"[.!?,]\W*$", text) and len(text.split()) > 3:
        return False  # dialogue
    if re.search(r"[.;,]$", text) and not text.endswith("...") and len(text.split()) > 4:
        return False
    if HEADING.match(text) and not re.search(r"[a-z]{3}.*\s(?:-|--)\s", text):
        return False
    words = title_key(text).split()
    if len(words) >= 3 and len(set(words)) * 2 <= len(words):
        return False  # "ALERT! ALERT! ALERT!": a banner, not a title
    parsed = parse_label_line(text)
    return not (parsed and parsed.name)


def _has_byline(lines: list[str], i: int) -> bool:
    """The line under line `i` (or the one after) is a byline."""
    j = next_nonblank(lines, i + 1, 3)
    if j is not None and j == i + 1 and _underline(lines[i], lines[j]):
        j = next_nonblank(lines, j + 1, 3)  # the rule that underlines the title
    for _ in range(2):
        if j is None:
            return False
        text = lines[j].strip()
        if BY_ALONE.match(text) or NAME_WITH_ADDRESS.match(text):
            return True
        match = byline_match(text)
        if match and (not match.group("title") or is_subtitle(match.group("title"))):
            return True
        if not (is_subtitle(text) or CHAPTER_LINE.match(text)):
            return False
        j = next_nonblank(lines, j + 1, 3)
    return False


def _underline(line: str, below: str) -> bool:
    """`below` is a rule about as long as `line`'s text, set straight under it."""
    text, rule = line.strip(), below.strip()
    return is_separator(rule) and abs(len(rule) - len(text)) <= max(4, len(text) // 4)


def _inside_prose(lines: list[str], i: int) -> bool:
    """Line `i` is one line of a wrapped paragraph: the lines above and below are text, one of
    them as long as prose lines are."""
    before = lines[i - 1].strip() if i > 0 else ""
    after = lines[i + 1].strip() if i + 1 < len(lines) else ""
    if not before or not after or is_separator(before) or is_separator(after):
        return False
    if max(len(before), len(after)) >= PROSE_LINE:
        return True
    # Narrow wrapping: the line and the one above are both of a prose line's length.
    return min(len(before), len(lines[i].strip())) >= PROSE_LINE - 10


def _score(lines: list[str], i: int, subject_key: str, first: int, quoted: dict[str, int]) -> int:
    """How much line `i` looks like the story's title (0: not at all).

    `quoted`: the title keys of the phrases the opening puts in quotation marks, with their
    line ("\"Before the Thaw\" will run in five parts").
    """
    text = lines[i].strip()
    if len(text) > MAX_LINE:
        return 0
    if run_in_byline(text) or RUN_IN.search(text):
        return 6
    if _inside_prose(lines, i):
        return 0
    byline = byline_match(text)
    if byline and byline.group("title") and _is_title_shape(_clean_title(byline.group("title"))):
        return 6
    if DIALOGUE_LINE.match(text):
        return 0
    title = _clean_title(text)
    if not _is_title_shape(title):
        return 0
    score = _naming_score(lines, i, title, subject_key, quoted) + _layout_score(
        lines, i, title, first
    )
    if WHAT_KIND.match(title):
        # "A Red Dwarf story": a line that says what the story is, under or over its title.
        score = max(0, score - SUBTITLE_PENALTY)
    return score


SUBTITLE_PENALTY = 4


def _naming_score(
    lines: list[str], i: int, title: str, subject_key: str, quoted: dict[str, int]
) -> int:
    """Points for what names the line as the title: a byline under it, its part counter, the
    intro quoting it, the subject saying it."""
    score = 6 if _has_byline(lines, i) else 0
    if TITLE_COUNTER.search(title):
        score += 2
    key = title_key(title)
    if key and quoted.get(key, i) != i:
        score += 2  # the intro names this title in quotes
    if not subject_key or not key:
        return score
    if key == subject_key:
        return score + 5
    if (len(key) >= 4 and (f" {key} " in f" {subject_key} " or subject_key.startswith(key))) or (
        len(subject_key) >= 6 and key.startswith(subject_key)
    ):
        return score + 3
    return score


def _layout_score(lines: list[str], i: int, title: str, first: int) -> int:
    """Points for how the line is set: apart from its neighbours, in capitals, indented,
    quoted, first in the text, above the story's first paragraph."""
    raw = lines[i]
    before = lines[i - 1].strip() if i > 0 else ""
    after = lines[i + 1].strip() if i + 1 < len(lines) else ""
    score = int(not before or is_separator(before) or i == first)
    score += int(not after or is_separator(after))
    letters = [c for c in title if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 2:
        score += 1
        score += int(len(after) >= PROSE_LINE)  # an upper-case line with the story under it
    score += int(i >= 2 and not before and not lines[i - 2].strip())  # a wide gap above
    if not before and i >= 2 and is_separator(lines[i - 2].strip()):
        score += 1  # under a rule, a blank line between
    indent = _indent(raw)
    score += int(indent >= 4)
    score += int(raw.strip()[:1] in '"“_' or i == first)
    if len(after) >= PROSE_LINE - 15 and _indent(lines[i + 1]) > indent:
        score += 2  # the story's first paragraph, indented, straight under it
    if not before and not after and ENCLOSING_QUOTES.match(raw.strip()) and _meta_above(lines, i):
        score += 2  # '"Deep Quiet"' alone under the disclaimer, the story below it
    return score


MAX_ABOVE = 8  # lines of the paragraph above a title candidate read for what it is


def _meta_above(lines: list[str], i: int) -> bool:
    """The paragraph above line `i` (past one blank line) is about the story: a disclaimer, a
    note, a rating, a wish."""
    end = i - 1
    if end < 1 or lines[end].strip() or not lines[end - 1].strip():
        return False
    start = end - 1
    while start > 0 and lines[start - 1].strip() and end - start < MAX_ABOVE:
        start -= 1
    return _is_meta(" ".join(line.strip() for line in lines[start:end]))


def _indent(line: str) -> int:
    """How far a line is indented, tabs counted as eight columns."""
    if line[:1] not in " \t":
        return 0
    return len(line[: len(line) - len(line.lstrip(" \t"))].expandtabs())


def _quoted_phrases(lines: list[str], first: int) -> dict[str, int]:
    """Title keys of the phrases in quotation marks near the top, each with its first line."""
    quoted: dict[str, int] = {}
    for i in range(first, min(len(lines), first + WINDOW)):
        for match in QUOTED_PHRASE.finditer(lines[i][:MAX_LINE]):
            quoted.setdefault(title_key(match.group("title")), i)
    return quoted


LOOK_AHEAD = 6  # non-blank lines after a sure title line that may still beat it


def _best_near(
    lines: list[str], i: int, score: int, subject_key: str, first: int, quoted: dict[str, int]
) -> int:
    """Line `i` or a line just under it that scores higher (a banner above the title)."""
    best, seen = (score, i), 0
    for j in range(i + 1, min(len(lines), i + 3 * LOOK_AHEAD)):
        if not lines[j].strip():
            continue
        seen += 1
        if seen > LOOK_AHEAD:
            break
        other = _score(lines, j, subject_key, first, quoted)
        if other > best[0]:
            best = (other, j)
    return best[1]


def find_title(lines: list[str], start: int, subject: str | None) -> int | None:
    """Index of the title line near the top, or None."""
    subject_key = title_key(subject_title(subject)) if subject else ""
    first = next_nonblank(lines, start, WINDOW)
    if first is None:
        return None
    quoted = _quoted_phrases(lines, first)
    best: tuple[int, int] | None = None
    seen = long_lines = 0
    for i in range(first, min(len(lines), first + WINDOW)):
        if not lines[i].strip():
            continue
        seen += 1
        score = _score(lines, i, subject_key, first, quoted)
        if score >= 6:
            return _best_near(lines, i, score, subject_key, first, quoted)
        # Past a few unwrapped paragraphs the story has begun: only a byline makes a title.
        weak_allowed = seen <= 60 and long_lines < 4
        if score >= 4 and (best is None or score > best[0]) and weak_allowed:
            best = (score, i)
        long_lines += len(lines[i]) > 200
    if best is not None:
        return best[1]
    return None


def _title_fields(text: str, number: int) -> list[Field]:
    """The title line as fields: the title, and a byline or subtitle on the same line."""
    found: list[Field] = []
    told = RUN_IN.search(text)
    if told:
        # 'I present to you, "The Title."': the period is the sentence's, not the title's.
        title = re.sub(r"(?<!\.)[.,]$", "", _clean_title(told.group("title")))
        found.append(Field("title", "", title, number, source="title-line"))
        if told.group("author"):
            found.append(Field("author", "by", told.group("author"), number, source="byline"))
        return found
    run_in = run_in_byline(text)
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
        title = f"{sub.group('title').strip(' -.…')}{sub.group('counter') or ''}"
        found.append(Field("subtitle", "", sub.group("sub"), number, source="title-line"))
    found.insert(0, Field("title", "", title, number, source="title-line"))
    return found


def read_title_block(lines: list[str], numbers: list[int], t: int, opening: Opening) -> int:
    """Read the lines under the title line `t`, each by the rule for its kind
    (`TITLE_BLOCK_RULES`); return the index after the block."""
    i = t + 1
    if i < len(lines) and _underline(lines[t], lines[i]):
        i += 1  # the rule under the title belongs to it
    lines_read = 0
    while i < len(lines) and lines_read < 8:
        if not lines[i].strip():
            if next_nonblank(lines, i, 4) is None:
                break
            i += 1
            continue
        lines_read += 1
        if _prose_at(lines, i):
            break  # a wrapped paragraph: notes or the story, never a title-block line
        kind = _title_block_kind(lines, numbers, i, opening, lines_read)
        following = TITLE_BLOCK_RULES[kind](lines, numbers, i, opening) if kind else None
        if following is None:
            break
        i = following
    if opening.block_holder and not _has_author(opening):
        name, number = opening.block_holder
        opening.fields.append(Field("author", "copyright", name, number, source="byline"))
    return i


def _has_author(opening: Opening) -> bool:
    return any(f.name == "author" for f in opening.fields)


def _title_block_kind(
    lines: list[str], numbers: list[int], i: int, opening: Opening, position: int
) -> str | None:
    """The kind of line `i` under the title (a key of `TITLE_BLOCK_RULES`), or None: the block
    ends."""
    text = lines[i].strip()
    if _has_author(opening) and summary_line_fields(text, numbers[i]):
        return "tags"
    kind = _block_line(text, _has_author(opening), position)
    if kind == "address" and _prose_with_address(lines, i):
        return None  # "Just a short one. Comments to a@b.c," going on below: a note
    if kind is None and _subtitle_paragraph(lines, i) is not None:
        return "subtitle-lines"
    return kind


# Two sentences on one line: prose, not an address line ("Short one. Comments to a@b.c,").
SENTENCES = re.compile(r"[a-z][.!?]\s+[A-Z]")


def _prose_with_address(lines: list[str], i: int) -> bool:
    """Line `i` holds an address inside sentences of a paragraph that goes on below it."""
    text = lines[i].strip()
    below = lines[i + 1].strip() if i + 1 < len(lines) else ""
    return len(text) >= 50 and bool(below) and SENTENCES.search(text) is not None


TitleBlockRule = Callable[[list[str], list[int], int, Opening], int | None]


def _rule_tags(lines: list[str], numbers: list[int], i: int, opening: Opening) -> int | None:
    """ "Fandom -- Pairing -- Rating" under a byline."""
    opening.fields.extend(summary_line_fields(lines[i].strip(), numbers[i]))
    return i + 1


def _rule_skip(lines: list[str], numbers: list[int], i: int, opening: Opening) -> int | None:
    """A lone "_" under the title; an address or a date: nothing to keep."""
    return i + 1


def _rule_subtitle_lines(
    lines: list[str], numbers: list[int], i: int, opening: Opening
) -> int | None:
    """A few short lines naming a character and post: one subtitle."""
    end = _subtitle_paragraph(lines, i) or i + 1
    text = " / ".join(lines[k].strip() for k in range(i, end))
    opening.fields.append(Field("subtitle", "", text, numbers[i], source="title-line"))
    return end


def _rule_by_alone(lines: list[str], numbers: list[int], i: int, opening: Opening) -> int | None:
    """ "by" alone: the name on the next line."""
    return _author_after_by(lines, numbers, i, opening)


def _rule_byline(lines: list[str], numbers: list[int], i: int, opening: Opening) -> int | None:
    """ "by A", "A Due South story by A", or a bare name under the title."""
    text = lines[i].strip()
    kind = "byline" if byline_match(text) else "name"
    subtitle = _subtitle_of_byline(text) if kind == "byline" else None
    if subtitle:
        opening.fields.append(Field("subtitle", "", subtitle, numbers[i], source="title-line"))
    author = _author_of(text, kind)
    if author:
        opening.fields.append(Field("author", "by", author, numbers[i], source="byline"))
    return i + 1


def _rule_chapter(lines: list[str], numbers: list[int], i: int, opening: Opening) -> int | None:
    """ "Part 3/5" under the title; "Chapter One" right above the story stays in the body."""
    text = lines[i].strip()
    match = CHAPTER_LINE.match(text) or BARE_COUNTER.match(text)
    value = f"{match.group('number')}/{match.group('total') or '?'}" if match else text
    opening.fields.append(Field("chapters", "", value, numbers[i], source="title-line"))
    if BARE_COUNTER.match(text):
        return i + 1  # a bare counter is never the story's heading
    return None if _story_follows(lines, i) else i + 1


def _rule_subtitle(lines: list[str], numbers: list[int], i: int, opening: Opening) -> int | None:
    """ "A Deep Space Nine story": a subtitle, read for its fandom and facts."""
    text = lines[i].strip()
    opening.fields.append(Field("subtitle", "", text, numbers[i], source="title-line"))
    opening.facts.clue_texts.append(text)
    read_facts(text, opening.facts)
    return i + 1


MAX_BLOCK_DISCLAIMER = 6  # lines of a disclaimer paragraph under the title


def _rule_disclaimer(lines: list[str], numbers: list[int], i: int, opening: Opening) -> int | None:
    """A disclaimer under the title: its paragraph (a wrapped one goes on below the line), without
    a "Disclaimer:" label."""
    end = i + 1
    while (
        end < len(lines)
        and end - i < MAX_BLOCK_DISCLAIMER
        and (text := lines[end].strip())
        and not is_separator(text)
        and not is_known_label(text)
    ):
        end += 1
    text = " ".join(lines[k].strip() for k in range(i, end))
    parsed = parse_label_line(lines[i])
    if parsed and parsed.name == "disclaimer":
        text = " ".join([parsed.value, *(lines[k].strip() for k in range(i + 1, end))]).strip()
    opening.fields.append(Field("disclaimer", "", text, numbers[i], source="prose"))
    read_facts(text, opening.facts)  # "Suitable for all ages. X belongs to Y."
    return end


def _rule_facts(lines: list[str], numbers: list[int], i: int, opening: Opening) -> int | None:
    """A date, copyright or credit line: read for what it says (a copyright holder). A line
    that opens with the copyright mark and names a person claims the story for them."""
    text = lines[i].strip()
    read_facts(text, opening.facts)
    if opening.block_holder is None and COPYRIGHT_START.match(text):
        holder = copyright_holder(text)
        if holder:
            opening.block_holder = (holder, numbers[i])
    return i + 1


TITLE_BLOCK_RULES: dict[str, TitleBlockRule] = {
    "tags": _rule_tags,
    "decoration": _rule_skip,
    "subtitle-lines": _rule_subtitle_lines,
    "by-alone": _rule_by_alone,
    "byline": _rule_byline,
    "name": _rule_byline,
    "chapter": _rule_chapter,
    "subtitle": _rule_subtitle,
    "disclaimer": _rule_disclaimer,
    "address": _rule_facts,
    "date": _rule_facts,
    "credit": _rule_facts,
}


def _subtitle_paragraph(lines: list[str], i: int) -> int | None:
    """A few short unpunctuated lines from `i` ("Lt. Mara Vos / Science Officer, U.S.S. Kestrel")
    with a label line or a rule under them: a subtitle. Returns the index after them."""
    end = i
    while end < len(lines) and lines[end].strip() and end - i < 4:
        text = lines[end].strip()
        if len(text) > 70 or re.search(r"[.!?\"”:;]$", text) or is_separator(text):
            return None
        if is_known_label(text):
            return None  # "Rating: G" over a rule: a labelled field, read as one
        end += 1
    if end - i > 3 or (end < len(lines) and lines[end].strip()):
        return None
    nxt = next_nonblank(lines, end, 4)
    if nxt is None:
        return None
    below = lines[nxt].strip()
    return end if is_separator(below) or is_known_label(below) else None


def _story_follows(lines: list[str], i: int) -> bool:
    """The next line with text after line `i` is prose, not a rule or a title-block line."""
    j = next_nonblank(lines, i + 1, 4)
    if j is None:
        return False
    text = lines[j].strip()
    return not is_separator(text) and _block_line(text, True, 8) is None


def _prose_at(lines: list[str], i: int) -> bool:
    """Lines `i` and `i + 1` are both as long as wrapped prose."""
    return (
        i + 1 < len(lines)
        and len(lines[i].strip()) >= PROSE_LINE - 5
        and len(lines[i + 1].strip()) >= PROSE_LINE - 5
    )


NOTE_START = re.compile(r"(?i)^\W{0,3}(?:notes?|a/n|author'?s'? notes?|p\.?s)\b")
MAX_NOTES_UNDER = 6  # paragraphs of notes under a title block before its closing rule
SHORT_ASIDE = 100  # a paragraph this short may sit among notes that a rule closes
MAX_NOTE = 1500  # a longer paragraph is the story's


def _is_meta(text: str) -> bool:
    """A paragraph about the story rather than of it: disclaimer, copyright, address, note,
    feedback or archiving wish, rating."""
    return bool(
        _is_plain_note(text)
        or ("@" in text and EMAIL.search(text))
        or prose_feedback(text) is not None
        or prose_permission(text) is not None
        or prose_rating(text)[0] is not None
        or bool(prose_pairings(text))  # "This is Vimes/Sybil, set after ..."
    )


# A script's speaker and the words spoken: 'MC:  "Hello...', 'DATA: "I am ready."'.
SPEAKER_LINE = re.compile(r"^[A-Z][A-Za-z.'’ -]{0,30}:\s+[\"“]")
HEADED_FIELDS = {
    "summary": "summary",
    "notes": "notes",
    "disclaimer": "disclaimer",
    "dedication": "notes",
}
MAX_HEADED = 4  # paragraphs a headed field may run to before a next heading or a rule


def read_notes_under(lines: list[str], numbers: list[int], i: int, opening: Opening) -> int:
    """Headed sections ("_Synopsis_" alone on a line over its paragraphs), then notes, under
    the title block; return where the story starts (`read_plain_notes_under`)."""
    return read_plain_notes_under(lines, numbers, read_headed(lines, numbers, i, opening), opening)


def _heading_field(lines: list[str], run: tuple[int, int]) -> str | None:
    """The field a one-line run names as a heading ("_Synopsis_", "Summary", "DEDICATION:")."""
    first, end = run
    text = lines[first].strip()
    if end - first != 1 or len(text) > 40:
        return None
    heading = HEADING_LABEL.match(text)
    return HEADED_FIELDS.get(canonical_label(heading.group("label")) or "") if heading else None


def read_headed(lines: list[str], numbers: list[int], i: int, opening: Opening) -> int:
    """Headed sections from `i`: each heading's paragraphs (up to the next heading or rule; the
    first paragraph alone when neither comes soon) as its field. Returns where they end."""
    j = next_nonblank(lines, i, 4)
    if (
        j is None
        or (j + 1 < len(lines) and lines[j + 1].strip())
        or not _heading_field(lines, (j, j + 1))
    ):
        return i  # a cheap first test: under most title blocks no heading stands alone
    runs = paragraph_runs(lines, i, min(len(lines), i + 200), most=4 * (MAX_HEADED + 1))
    n = 0
    while n < len(runs) and (name := _heading_field(lines, runs[n])) is not None:
        value_runs = runs[n + 1 : n + 1 + MAX_HEADED]
        stop = next(
            (
                k
                for k, run in enumerate(value_runs)
                if _heading_field(lines, run) or is_separator(lines[run[0]].strip())
            ),
            None,
        )
        taken = value_runs[: stop if stop else 1]
        if not taken or (stop is None and len(value_runs) < 2):
            break
        text = "\n\n".join(" ".join(lines[k].strip() for k in range(a, b)) for a, b in taken)
        number = numbers[runs[n][0]] if runs[n][0] < len(numbers) else runs[n][0] + 1
        opening.fields.append(Field(name, lines[runs[n][0]].strip(), text, number, source="label"))
        n += 1 + len(taken)
        i = taken[-1][1]
    return i


def read_plain_notes_under(lines: list[str], numbers: list[int], i: int, opening: Opening) -> int:
    """Paragraphs of notes under the title block ("This story is (c) ...", "*Note. ..."): read
    as the opening's notes; return where the story starts.

    With a rule under them, every paragraph must be about the story (short asides allowed);
    without one, only those that can be nothing else (`_is_plain_note`) are taken. A story that
    starts under its title keeps its first paragraphs, even when a scene break follows them.
    """
    most = MAX_NOTES_UNDER + 2
    runs = paragraph_runs(lines, i, min(len(lines), i + 120), most=most)
    taken: list[tuple[list[str], int]] = []
    plain_end: tuple[int, int] | None = None  # (notes, line) where plain notes stop, if they do
    for n, (first, end) in enumerate(runs[:most]):
        raw = [lines[k].strip() for k in range(first, end)]
        if len(raw) == 1 and is_separator(raw[0]):
            if n == 0:
                continue  # the rule under the byline, above the notes
            return _read_notes(taken, opening, end) if taken else i
        if len(raw) == 1 and len(raw[0]) <= 60 and read_chapter_heading(raw[0]):
            # "Kapitel 96" closes the notes as a rule would; the heading stays the story's.
            return _read_notes(taken, opening, first) if taken else i
        text = " ".join(raw)
        if is_known_label(raw[0]) and not NOTE_START.match(raw[0]):
            # Labelled fields: the header rules read them, and see where the story starts.
            return _read_notes(taken, opening, first) if taken else i
        if SPEAKER_LINE.match(raw[0]) and not is_known_label(raw[0]):
            # 'HOST:  "Good evening..."': a script's first line spoken, the story's.
            return _read_notes(taken, opening, first) if taken else i
        short = bool(taken) and len(text) <= SHORT_ASIDE  # "Have fun, all!" between notes
        if len(text) > MAX_NOTE or not (_is_meta(text) or short):
            # No rule closes them: only the notes that can be nothing else, up to the first
            # paragraph that could be the story's.
            count, story = plain_end if plain_end is not None else (len(taken), first)
            return _read_notes(taken[:count], opening, story) if count else i
        if plain_end is None and not _is_plain_note(text):
            plain_end = (len(taken), first)
        taken.append((raw, numbers[first] if first < len(numbers) else first + 1))
    if plain_end is not None and plain_end[0]:
        # No rule came to close them: the plain notes end where the short asides began.
        return _read_notes(taken[: plain_end[0]], opening, plain_end[1])
    return i


# "Spoilers for the second season.", "Spoiler warning: the finale": what the story gives away.
SPOILER_NOTE = re.compile(
    r"(?i)^\W{0,3}(?:mild |minor |major |heavy )?spoil(?:er|ers)\b(?:\s+warning)?\W*"
    r"(?:(?:for|through|up to|to)\s+)?(?P<what>\S.*)$"
)
MAX_SPOILER_NOTE = 200


def read_header_tail(lines: list[str], numbers: list[int], start: int) -> Opening | None:
    """The paragraphs under a labelled header that can only be notes (a permission wish, a
    disclaimer, a spoiler line): read like the notes under a title; None when there are none."""
    first = next_nonblank(lines, start, 4)
    if first is None or len(lines[first]) > MAX_TAIL_LINE:
        return None  # a cheap first test: under most headers the story starts at once
    end = first
    while end < len(lines) and lines[end].strip() and end - first < MAX_TAIL_LINES:
        end += 1
    text = " ".join(lines[first:end])
    if end - first >= MAX_TAIL_LINES or len(text) > MAX_TAIL_NOTE or not _is_plain_note(text):
        return None
    opening = Opening()
    opening.body_start = read_notes_under(lines, numbers, start, opening)
    return opening if opening.body_start > start else None


MAX_TAIL_LINE = 100  # a longer line under a header is unwrapped story
MAX_TAIL_LINES = 5  # a paragraph this long under a header is the story's
MAX_TAIL_NOTE = 400  # characters; so is a longer one


WARNING_NOTE = re.compile(r"(?i)^\W{0,3}(?:\w+\s)?(?:warnings?|caution|alert)\b\s*[!:.-]")
# The author speaking of the story: "I modified the ending", "this is my first fic".
AUTHOR_VOICE = re.compile(
    r"(?i)\bI(?:'ve| have)?\s+(?:just\s+)?(?:wrote|written|write|modified|posted|post|am posting|"
    r"decided to (?:write|post)|finished|started (?:writing|this))\b[^.!?]{0,60}"
    r"\b(?:story|stories|fic|piece|tale|this|it)\b|\b(?:this|my)\s+(?:first|second|latest|new|little)?"
    r"\s*(?:story|fic|fanfic|piece|tale)\s+(?:is|was|takes place|follows|continues)\b"
    # "Thanks to Dana for the beta!", "This is my first MSR, be gentle."
    r"|\b(?:thanks?|thank you|grateful)\b[^.!?]{0,60}\bbeta\b|\bbeta(?:'?d| read)? by\b"
    r"|\b(?:this is )?my (?:very )?first (?:\S+ ){0,3}?(?:story|fic|fanfic|attempt|posting)\b"
)


def _is_plain_note(text: str) -> bool:
    """A paragraph that can only be a note, with no rule under it to say so: the author
    speaking of the story, a bracketed aside, a disclaimer or a copyright line."""
    if text[:1] in "[{(" and text.rstrip()[-1:] in "]})":
        return True
    if AUTHOR_VOICE.search(text[:MAX_LINE]) or NOTE_START.match(text):
        return True
    if (WARNING_NOTE.match(text) and len(text) <= MAX_LINE) or (
        len(text) <= MAX_SPOILER_NOTE and SPOILER_NOTE.match(text)
    ):
        return True  # "SAP ALERT! This one is sweet ...", "WARNING: ..."
    if len(text) <= MAX_PLAIN_WISH and (
        prose_feedback(text) is not None
        or prose_permission(text) is not None
        or prose_rating(text)[0] is not None
    ):
        return True  # "Notes welcome. Please check with me before you archive it. Rated PG."
    return is_disclaimer(text) or bool(COPYRIGHT_LINE.search(text[:MAX_LINE]))


MAX_PLAIN_WISH = 300  # a feedback or archiving wish this short is a note, never story


def _read_notes(taken: list[tuple[list[str], int]], opening: Opening, end: int) -> int:
    for paragraph, number in taken:
        _read_paragraph(paragraph, " ".join(paragraph), number, opening)
    return end


def _subtitle_of_byline(text: str) -> str | None:
    """ "A Due South story by Jess": the subtitle a byline carries."""
    match = byline_match(text)
    title = match.group("title") if match else None
    return title if title and is_subtitle(title) else None


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
    if len(text) < 3 and set(text) <= SEPARATOR_CHARS:
        return "decoration"  # a lone "_" or "*" under the title
    if is_separator(text):
        return None
    if BY_ALONE.match(text):
        return "by-alone"
    if byline_match(text) and not has_author:
        match = byline_match(text)
        title = match.group("title") if match else None
        if not title or is_subtitle(title) or len(title.split()) <= 6:
            return "byline"
    if (CHAPTER_LINE.match(text) or BARE_COUNTER.match(text)) and position <= 4:
        return "chapter"
    if not has_author and position <= 3 and NAME_WITH_ADDRESS.match(text):
        return "name"
    if ("@" in text and len(text) < 120) or (URL.search(text) and len(text) < 120):
        return "address"
    if len(text) < 200 and _owned_by_company(text):
        return "disclaimer"  # "Red Dwarf is (c) the BBC", perhaps wrapped onto the next line
    if DATE_LINE.match(text) or (COPYRIGHT_LINE.search(text) and len(text) < 100):
        return "date"
    if INSPIRED.match(text) and len(text) < 80:
        return "credit"
    if is_subtitle(text) and len(text) < 100:
        return "subtitle"
    if not has_author and position <= 3 and (BARE_NAME.match(text) or NAME_IN_PARENS.match(text)):
        return "name"
    labelled = parse_label_line(text) if ":" in text[:40] else None
    if (labelled and labelled.name == "disclaimer") or (is_disclaimer(text) and len(text) < 200):
        return "disclaimer"
    return None


HEADING_LABEL = re.compile(r"^[_*\s]*(?P<label>[A-Za-z][A-Za-z' ]{2,30})[_*\s]*:?$")


def read_preamble(
    lines: list[str], numbers: list[int], start: int, stop: int, opening: Opening
) -> None:
    """Read the paragraphs above the title: labelled ones by their label, prose by its meaning."""
    runs = paragraph_runs(lines, start, stop)
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
    """A paragraph above or under the title: read for its facts, then each of its labelled
    parts by its label and each unlabelled part by its prose."""
    read_facts(text, opening.facts)
    for offset, part in _label_parts(raw):
        _read_part(part, " ".join(part), number + offset, opening)


SHORT_VALUE = 40  # a labelled line this short holds its whole value: the next line is not its


def _field_label(text: str) -> bool:
    """A line that opens with a field's label and a colon ("Rating: PG", "Archive: yes")."""
    if ":" not in text[:40]:
        return False
    parsed = parse_label_line(text)
    return bool(parsed and parsed.name and parsed.name not in ("subject", "mailheader", "email"))


def _label_parts(raw: list[str]) -> list[tuple[int, list[str]]]:
    """The lines of a paragraph cut where a labelled line starts, and after a short labelled
    line (its value does not wrap onto the next line): (offset of the first line, lines)."""
    parts: list[tuple[int, list[str]]] = [(0, [raw[0]])]
    short_label = _field_label(raw[0]) and len(raw[0]) < SHORT_VALUE
    for k in range(1, len(raw)):
        labelled = _field_label(raw[k])
        if labelled or short_label:
            parts.append((k, [raw[k]]))
        else:
            parts[-1][1].append(raw[k])
        short_label = labelled and len(raw[k]) < SHORT_VALUE
    return parts


def _read_part(raw: list[str], text: str, number: int, opening: Opening) -> None:
    parsed = parse_label_line(raw[0])
    if parsed and parsed.name and parsed.name not in ("subject", "mailheader", "email"):
        value = " ".join([parsed.value, *raw[1:]]).strip()
        if parsed.name == "author":
            opening.fields.append(Field("author", parsed.label, clean_author(value), number))
            return
        if parsed.name in ("warnings",) and is_disclaimer(value):
            parsed.name = "disclaimer"
        opening.fields.append(Field(parsed.name, parsed.label, value, number))
        return
    if is_disclaimer(text) or _owned_by_company(text[:MAX_LINE]):
        opening.fields.append(Field("disclaimer", "", text, number, source="prose"))
        return
    spoilers = SPOILER_NOTE.match(text) if len(text) <= MAX_SPOILER_NOTE else None
    if spoilers:
        what = before_other_fields(spoilers.group("what"))
        opening.fields.append(Field("spoilers", "", what, number, source="prose"))
        return
    opening.fields.append(Field("notes", "", text, number, source="prose"))


def _owned_by_company(text: str) -> bool:
    """ "Red Dwarf is (c) Grant Naylor Productions": a copyright mark beside a company."""
    return bool(COPYRIGHT_LINE.search(text) and COMPANY.search(text))


def _title_fragment_above(lines: list[str], t: int) -> bool:
    """The line right above the title line holds its first word or two, set apart above."""
    if t < 1:
        return False
    raw = lines[t - 1]
    text = raw.strip()
    if not text or len(text) > 20 or len(text.split()) > 3 or is_separator(text):
        return False
    if re.search(r"[.!?,;:]$", text) or (t >= 2 and lines[t - 2].strip()):
        return False
    return len(raw) - len(raw.lstrip()) >= 8


def read_opening(
    lines: list[str], numbers: list[int], start: int, subject: str | None
) -> Opening | None:
    """Read the opening of a label-less text from `start`; None when no title line is found."""
    t = find_title(lines, start, subject)
    if t is None:
        leading = read_leading_disclaimers(lines, numbers, start)
        return leading or read_signed_intro(lines, numbers, start)
    opening = Opening(title_line=t)
    number = numbers[t] if t < len(numbers) else t + 1
    text, top = lines[t].strip(), t
    if _title_fragment_above(lines, t):
        top = t - 1
        text = f"{lines[top].strip()} {text}"  # "A" set far right above "CHRISTMAS STORY"
    opening.fields.extend(_title_fields(text, number))
    block_end = read_title_block(lines, numbers, t, opening)
    block_end = read_notes_under(lines, numbers, block_end, opening)
    read_preamble(lines, numbers, start, top, opening)
    result = HeaderResult()
    consumed = read_block(lines[block_end:], numbers, block_end, result, whole=False)
    opening.fields.extend(result.fields)
    opening.body_start = block_end + consumed
    if consumed:
        # Labels under the title ("Rated R - language"), then notes before the story.
        opening.body_start = read_notes_under(lines, numbers, opening.body_start, opening)
    if not _has_author(opening):
        read_credits(lines, numbers, opening.body_start, opening)
    return opening


MAX_LEADING_DISCLAIMER = 400  # characters; a longer paragraph is the story's
# What makes a disclaimer sentence a disclaimer rather than a line of story ("The land belongs
# to the king"): a company, or the words of rights.
RIGHTS_WORDS = re.compile(r"(?i)\b(?:disclaim|infring|copyright|trademark|property of|no profit)")


def read_leading_disclaimers(lines: list[str], numbers: list[int], start: int) -> Opening | None:
    """A text without a title line: the disclaimer paragraphs at its top ("Star Trek belongs to
    Paramount") are its disclaimer, not the story's first paragraphs; None when there are none,
    or nothing follows them."""
    runs = paragraph_runs(lines, start, min(len(lines), start + 60))
    taken: list[tuple[list[str], int]] = []
    for first, end in runs[:3]:
        raw = [lines[k].strip() for k in range(first, end)]
        text = " ".join(raw)
        if len(text) > MAX_LEADING_DISCLAIMER or not is_disclaimer(text):
            break
        if not (COMPANY.search(text) or RIGHTS_WORDS.search(text)):
            break
        taken.append((raw, numbers[first] if first < len(numbers) else first + 1))
    if not taken or len(runs) <= len(taken):
        return None
    opening = Opening()
    opening.body_start = _read_notes(taken, opening, runs[len(taken)][0])
    return opening


# "- Maeve", "-K.", "~ Ann Lee": a poster signing off a note, alone on a line.
SIGNED_OFF = re.compile(r"^[-–—~]{1,2}\s?[A-Z][\w'’.-]{0,20}(?:\s[A-Z][\w'’.-]{0,20})?$")
MAX_SIGNED_INTRO = 800  # characters of the note above the sign-off


def read_signed_intro(lines: list[str], numbers: list[int], start: int) -> Opening | None:
    """A text without a title line that opens with a short note signed off on a line of its
    own ("Two short ones ... Comments welcome." / "- Maeve") over the story: the note's
    paragraphs are notes (a disclaimer among them its disclaimer), the story starts after the
    sign-off; None when the top is not so."""
    runs = paragraph_runs(lines, start, min(len(lines), start + 60), most=5)
    size = 0
    for n, (first, end) in enumerate(runs[:4]):
        text = lines[first].strip()
        if end - first == 1 and n > 0 and SIGNED_OFF.match(text):
            if n + 1 >= len(runs):
                return None  # nothing follows the sign-off: it signs the story
            taken = [
                ([lines[k].strip() for k in range(a, b)], numbers[a] if a < len(numbers) else a + 1)
                for a, b in runs[:n]
            ]
            opening = Opening()
            opening.body_start = _read_notes(taken, opening, runs[n + 1][0])
            return opening
        size += sum(len(lines[k]) for k in range(first, end))
        if size > MAX_SIGNED_INTRO or is_separator(text):
            return None
    return None


# "written by Ann Lee" alone on a line: the credit of a story set out like a programme's.
CREDIT_BYLINE = re.compile(
    r"(?i:written|story|teleplay|screenplay|script)\s+(?i:by)\s+"
    r"(?P<name>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3})\s*$"
)
CREDITS_WINDOW = 150  # lines after the opening searched for a credits block


def read_credits(lines: list[str], numbers: list[int], start: int, opening: Opening) -> None:
    """A byline-less opening: a credits block near the top ("An X-Files Story / featuring ... /
    written by Ann Lee") names the author, and its subtitle the fandom."""
    for i in range(start, min(len(lines), start + CREDITS_WINDOW)):
        text = lines[i].strip()
        if len(text) > 80:
            continue
        credit = CREDIT_BYLINE.match(text)
        if credit:
            name = credit.group("name")
            opening.fields.append(
                Field("author", "by", name, numbers[i], source="byline", confidence=0.7)
            )
            return
        if is_subtitle(text) and len(text) < 60:
            opening.facts.clue_texts.append(text)
