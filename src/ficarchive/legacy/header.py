"""Find the header block of a story, read its `Label: value` fields, and say where the body starts.

The header is found by shape, not by position: the first line whose label we know starts it; a
few short lines above it ("Title by Author") are its preamble; it goes on through label lines,
their continuation lines, blank lines and decorative separators, and ends at a separator that is
not followed by another label, or at the first paragraph that does not begin with a label.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ficarchive.legacy.document import Document, Field
from ficarchive.legacy.labels import STRONG, canonical_label, strong_label_pattern
from ficarchive.legacy.normalize.numbers import NUMBER_WORD
from ficarchive.legacy.normalize.rating import NOT_RATED, normalize_rating

# The label part of a label line, matched on the line's first `LABEL_HEAD` characters only (the
# value is the rest of the line), so that a line of any length costs linear time.
LABEL_LINE = re.compile(
    r"(?P<open>[\[({<]\s*)?(?:[*_~#=>•·|\s]|-\s)*"
    r"(?P<label>[^\W\d_][^:：\n.!?\"“”]{0,40}?)[ \t]*[*_]*[ \t]*[:：]+(?!//)[ \t]*"
)
DASH_LABEL_LINE = re.compile(
    r"(?P<open>[\[({<]\s*)?[*_~#=>•·|\s]*(?P<label>[^\W\d_][\w' /]{0,25}?)"
    r"(?:[ \t]*\.{3,}[ \t]*:?[ \t]*|[ \t]+(?:-{1,2}|–|—|=|::|/)[ \t]+| ?\t[ \t]*|[ \t]{3,})(?=\S)"
)
LABEL_HEAD = 120
MAX_SEPARATOR = 500  # a decorative rule is never longer
MAX_HEADER_LINES = 400  # a header is never longer; past this the body starts
MAX_SPLIT_VALUE = 2000  # only a value this short is searched for further labels
# "Rated PG13", "RATING R for language": a rating without its colon.
RATED_LINE = re.compile(
    r"(?i)^(?P<label>rated|rating)\s+(?P<value>(?:[a-z]{1,4}[- ]?\d{0,2}\+?|\d\d\+?)"
    r"(?:\s+for\s+(?:(?![.!?]\s+\S).){1,60}|\s*[-–—,(]\s*[^\W\d_](?:(?![.!?]\s+\S).){0,60})?)\.?$"
)
# "Rated R", "Rating PG-13" as the label of a line whose value gives the reasons.
RATED_LABEL = re.compile(
    r"(?i)^(?P<word>rated|rating)\s+(?P<token>[a-z]{1,4}(?:[- ]?\d{1,2}\+?)?)$"
)
# The whole line says what kind of story it is: "A Red Dwarf story", "an X-Files vignette"; as
# a label ("A TOS story: McCoy and Uhura ..."), it opens a sentence rather than a field.
WHAT_KIND = re.compile(
    r"(?i)^[(\[]?\s*(?:an?|yet another)\s+[^.:!?]{0,40}?\b(?:story|fic|fanfic|tale|vignette|"
    r"drabble|crossover|parody|songfic|one-shot)\s*[)\]]?\.?$"
)
# "[Title] The Name", "[By] Someone": a known label in square brackets, no colon.
BRACKET_LABEL = re.compile(r"^\s*\[(?P<label>[^\W\d_][^\]\[:\n]{0,30})\]\s*(?P<value>\S.*)$")
NUMBERED_LABEL = re.compile(
    rf"(?i)^(?:(?:chapter|part|book|section|volume|act|scene|глава|часть)\s+{NUMBER_WORD}|"
    r"prologue|epilogue|interlude|afterword|пролог|эпилог)$"
)
SEPARATOR_CHARS = set("-=~*_#+.•·<>:/\\|^°'`\"") | {chr(c) for c in range(0x2500, 0x25A0)} | {"■"}
IMAGE_PLACEHOLDER = re.compile(r"(?i)^\[(?:pic|picture|image|img|graphic)\d{0,4}\]$")
SCENE_MARKS = re.compile(r"(?i)^(?:[ox0]\s*){3,80}$")
SCENE_MARK_CHARS = "oOxX0"  # the only letters and digits a rule holds
BY_LINE = re.compile(
    r"^(?:(?P<title>.{1,120}?)\s+)??(?:by|By|BY|written by|Written by|WRITTEN BY|от|автор:?)\s+"
    r"(?P<author>[^\s.,;!?][^\s,;!?]*(?:\s+[^\s,;!?]+){0,4}?(?:\s*[<(\[][^>)\]]*[>)\]])?)\s*$"
)
TITLE_SEQUEL = re.compile(
    rf"(?i)^[\[(]?\s*(?:part|book|volume|chapter|episode|story|installment)\s+{NUMBER_WORD}\b"
)
SERIES_WORD = re.compile(r"(?i)\b(?:series|saga|cycle|trilogy|sequence|verse)\b")
BARE_NAME = re.compile(r"^[A-ZÀ-ÞА-ЯЁ][\w'’.\-]*(?:\s+[A-ZÀ-ÞА-ЯЁ][\w'’.\-]*){1,3}$")
PROSE_LIMIT = 400
STORY_LABEL_STARTS = {"sto", "fic", "tex"}  # how every "story_text" label opens (labels.json)
FURNITURE = {"mood"}  # labels of a journal's page, never of the story ("Current music:")
SEARCH_LINES = 80
# Fields whose values often run over several lines.
CONTINUABLE = {
    "summary",
    "notes",
    "disclaimer",
    "warnings",
    "distribution",
    "feedback",
    "dedication",
    "spoilers",
    "characters",
    "pairing",
    "end_notes",
    "genre",
    "tags",
    "beta",
    "song",
    "unknown",
    "title",
    "fandom",
    "category",
    "comments",
}
SENTENCE_END = re.compile(r"[.!?…,;]$")
QUOTE_MARKS = "\"“”‘'«"
TRAILING_SEPARATORS = re.compile(r"(?:[\s|•·;,/\\]|\s[-–—])+$")
INFO_MARK = re.compile(r"[|•·]")  # the marks that set the fields of a one-line strip apart
PROSE_FIELDS = {"title", "summary", "notes", "end_notes", "disclaimer"}  # values of any wording


@dataclass
class HeaderResult:
    """What the header rules found: fields in order, the first body line, unknown labels."""

    fields: list[Field] = field(default_factory=list)
    body_start: int = 0
    header_start: int | None = None
    unknown: list[Field] = field(default_factory=list)
    # Where the story stops, when the header comes after it (None: it runs to the file's end).
    story_end: int | None = None


def is_separator(text: str) -> bool:
    """A decorative line: dashes, stars, tildes, "oOo", "~*~*~", box-drawing rules and the like."""
    if len(text) > MAX_SEPARATOR:
        return False
    head = text[:1]
    if head.isalnum() and head not in SCENE_MARK_CHARS:
        return False  # a cheap first test: most lines open with a letter, and rules never do
    s = text.replace(" ", "")
    if len(s) < 3:
        return False
    if set(s) <= SEPARATOR_CHARS:
        return True
    if head == "[" and IMAGE_PLACEHOLDER.match(s):
        return True  # "[pic]": a converter's mark where a picture (a divider) was
    return bool(SCENE_MARKS.match(s)) and len(set(s)) > 1


@dataclass
class LabelLine:
    name: str | None
    label: str
    value: str
    closer: str | None = None


@dataclass
class _Head:
    """A label regex match on a line's head, with the value taken from the whole line."""

    match: re.Match[str]
    rest: str

    def group(self, name: str) -> str | None:
        if name == "value":
            return self.rest
        return self.match.group(name)


def _match_head(pattern: re.Pattern[str], text: str) -> _Head | None:
    stripped = text.lstrip(" \t")
    match = pattern.match(stripped[:LABEL_HEAD])
    if not match:
        return None
    return _Head(match, stripped[match.end() :])


def parse_label_line(text: str) -> LabelLine | None:
    """Read `Label: value` (also `[A/N: ...]`, `LABEL - value`); None when the line has no label."""
    text = text.rstrip("\n")
    match = _match_head(LABEL_LINE, text)
    dashed = False
    if not match:
        special = _rated_or_bracketed(text)
        if special is not None:
            return special
    if not match or len((match.group("label") or "").split()) > 5:
        match = _match_head(DASH_LABEL_LINE, text)
        dashed = True
        if not match:
            return None
    label = (match.group("label") or "").strip(" *_~#")
    if NUMBERED_LABEL.match(label) or (label[:1] in "Aa" and WHAT_KIND.match(label)):
        return None  # "Chapter One: The Return", "Prologue:" are headings, not fields
    # Without a colon only a label we know as written counts ("WINTER STORY -- Part 1" is a
    # title line, though "Story" is a label).
    name = canonical_label(label, guess=not dashed)
    if dashed and name is None:
        return None
    if name is None and (len(label.split()) > 4 or not label[:1].isupper()):
        return None
    value, pending = _label_value(match)
    if name == "rating":
        rated = RATED_LABEL.match(label)
        if rated and normalize_rating(rated.group("token")) != NOT_RATED:
            # "Rated R: violence, language": the rating is in the label, the reason after it.
            token = rated.group("token")
            return LabelLine(name, rated.group("word"), f"{token}: {value}" if value else token)
    return LabelLine(name, label, value, pending)


def _rated_or_bracketed(text: str) -> LabelLine | None:
    """A line the colon patterns miss: "Rated PG13" (a known rating), or "[A/N: ...]"."""
    if text[:4] in ("Rate", "RATE", "rate"):
        rated = RATED_LINE.match(text)
        if rated and normalize_rating(rated.group("value")) != NOT_RATED:
            return LabelLine("rating", rated.group("label"), rated.group("value"))
    if text[:1] == "[":
        bracketed = BRACKET_LABEL.match(text)
        if bracketed:
            name = canonical_label(bracketed.group("label"))
            if name is not None:
                return LabelLine(name, bracketed.group("label").strip(), bracketed.group("value"))
    return None


def _label_value(match: _Head) -> tuple[str, str | None]:
    """A label line's value without the box, brackets or emphasis around it, and the closing
    bracket still to come when the value goes on past this line."""
    value = (match.group("value") or "").strip()
    if value[-1:] == "|":
        value = value.rstrip(" |")  # "| Title: Paper Moons |": a box drawn around the header
    pending = None
    opener = (match.group("open") or "").strip()
    if opener:
        closer = {"[": "]", "(": ")", "{": "}", "<": ">"}[opener]
        if value.endswith(closer):
            value = value[:-1].rstrip()
        else:
            pending = closer
    for mark in ("**", "*", "__", "_", "~"):
        if value.startswith(mark) and value.endswith(mark) and len(value) > 2 * len(mark):
            value = value[len(mark) : -len(mark)].strip()
            break
    return value, pending


def split_fields(line: LabelLine, number: int | None) -> list[Field]:
    """Split a label line that holds several fields ("Chapters: 1 Completed: Yes")."""
    fields = []
    name, label, value = line.name or "unknown", line.label, line.value
    pattern = strong_label_pattern()
    mark: re.Match[str] | None = None  # the bullet or bar between the fields, if one is
    while len(value) <= MAX_SPLIT_VALUE and ":" in value:  # every label ends in a colon
        found = None
        for match in pattern.finditer(value):
            start = match.start()
            if start == 0 or not value[start].isupper():
                continue
            before = value[:start]
            if before.rstrip() == before:  # must follow a space or a separator
                continue
            found = match
            break
        if not found:
            break
        between = TRAILING_SEPARATORS.search(value[: found.start()])
        mark = mark or (INFO_MARK.search(between.group(0)) if between else None)
        head = TRAILING_SEPARATORS.sub("", value[: found.start()]).strip()
        fields.append(Field(name, label, head, number))
        label = found.group(0).rstrip(": ").strip()
        name = canonical_label(label) or "unknown"
        value = value[found.end() :].strip()
    rest = None
    if mark is not None and name not in PROSE_FIELDS and f" {mark.group(0)} " in value:
        # "Rating: PG · Spoilers: season two · Ann & Ben": the strip's last item has no label.
        value, rest = (part.strip() for part in value.split(f" {mark.group(0)} ", 1))
    fields.append(Field(name, label, value.rstrip(" |•·").strip(), number, line.closer))
    if rest:
        fields.append(Field("info", "", rest, number))
    return fields


def next_nonblank(lines: list[str], start: int, limit: int = 12) -> int | None:
    """Index of the first non-blank line among the `limit` lines from `start`, or None."""
    for i in range(start, min(len(lines), start + limit)):
        if lines[i].strip():
            return i
    return None


def paragraph_runs(
    lines: list[str], start: int, stop: int, *, most: int | None = None
) -> list[tuple[int, int]]:
    """Runs of non-blank lines in `lines[start:stop]` as (first, end) indexes; a rule is a run
    of its own, and an unwrapped paragraph (a line over 100 characters) is one run per line.
    With `most`, the walk stops once that many runs are found (at least that many returned)."""
    runs: list[tuple[int, int]] = []
    i = start
    while i < stop and (most is None or len(runs) < most):
        if not lines[i].strip():
            i += 1
            continue
        j = i + 1
        if not is_separator(lines[i].strip()):
            while j < stop and lines[j].strip() and not is_separator(lines[j].strip()):
                j += 1
        if len(lines[i]) > 100 and j - i > 1:
            runs.extend((k, k + 1) for k in range(i, j))
        else:
            runs.append((i, j))
        i = j
    return runs


def last_paragraph_runs(
    lines: list[str], start: int, stop: int, count: int
) -> list[tuple[int, int]]:
    """The last `count` of `paragraph_runs(lines, start, stop)`, found from the end: only the
    lines of those runs are walked, not the whole span."""
    top = stop
    seen = 0
    while top > start and seen < count:
        top -= 1
        text = lines[top].strip()
        if not text:
            continue
        seen += 1  # a run ends here; step up to its first line
        if is_separator(text):
            continue
        while top > start and (above := lines[top - 1].strip()) and not is_separator(above):
            top -= 1
    return paragraph_runs(lines, top, stop)[-count:]


def is_known_label(text: str) -> bool:
    parsed = parse_label_line(text)
    return bool(parsed and parsed.name)


def _starts_story(lines: list[str], i: int, result: HeaderResult) -> bool:
    """Line `i`, right under the labels, begins the story rather than wrapping a value.

    The title said again, a long prose line, dialogue, or a paragraph's indented first line
    over flush prose lines: header values wrap at a few dozen columns, do not open with a
    quotation mark, and keep one indent.
    """
    text = lines[i].strip()
    if len(text) > 150 or text[:1] in "\"“”‘'«—":
        return True
    if _paragraph_start(lines, i):
        return True
    titles = [f.value.casefold() for f in result.fields if f.name == "title"]
    return bool(titles) and text.casefold() in titles


# A wrapped prose value broken off mid-sentence: its last line ends in a small word or a comma.
BROKEN_OFF = re.compile(
    r"(?i)(?:^|\s)(?:and|or|but|of|to|the|a|an|in|on|at|for|with|from|by|as|that|if|"
    r"his|her|their|my|your|is|was|are|were|about|read|into|than|when)$|,$"
)
WRAPPED_PROSE = {"summary", "notes", "disclaimer", "spoilers"}
WRAPPED_WIDTH = 55


def _value_breaks_off(last: Field) -> bool:
    """A prose value whose last line stops mid-sentence, so the next line goes on with it
    even when that line opens with a quotation mark."""
    if last.name not in WRAPPED_PROSE or not last.value:
        return False
    tail = last.value.rsplit("\n", 1)[-1].rstrip()
    if len(tail) >= WRAPPED_WIDTH and tail[-1:].islower():
        return True  # a line wrapped at the usual width, stopped in a word: "... the one called"
    return len(tail) >= 30 and BROKEN_OFF.search(tail[-12:]) is not None


def _paragraph_start(lines: list[str], i: int) -> bool:
    """An indented line of prose length over a flush-left line of prose length."""
    raw, below = lines[i], lines[i + 1] if i + 1 < len(lines) else ""
    if raw[:1] not in " \t" or below[:1] in " \t" or len(raw.expandtabs().strip()) < 50:
        return False
    return len(below.strip()) >= 50 and len(raw) - len(raw.lstrip()) <= 8


def _story_after_value(lines: list[str], i: int, last: Field) -> bool:
    """The lines from `i` are the story, glued to a finished one-line value without a blank line.

    The value ended a sentence, the line is not indented as a wrapped value would be, no label
    follows before the next blank line, the paragraph starting here has two lines or more, and
    another paragraph with no label (not a separator) follows it.
    """
    if "\n" in last.value or not SENTENCE_END.search(last.value) or last.value[-1:] == ",":
        return False
    if lines[i][:1] in " \t":
        return False
    j = i
    while j < len(lines) and lines[j].strip():
        if is_known_label(lines[j]):
            return False
        j += 1
    nxt = next_nonblank(lines, j)
    if nxt is None or is_known_label(lines[nxt]) or is_separator(lines[nxt].strip()):
        return False
    return j - i >= 2


def find_header_start(lines: list[str]) -> int | None:
    """Index of the first line with a known label near the top, or None when there is none."""
    seen = 0
    prose = 0
    for i, line in enumerate(lines[: SEARCH_LINES * 2]):
        text = line.strip()
        if not text:
            continue
        seen += 1
        if seen > SEARCH_LINES:
            return None
        if len(text) > 100 and text.count(" ") > 14:
            prose += 1
        if len(text) > PROSE_LIMIT:
            # A long paragraph before any label: this file opens with its story.
            if seen > 3:
                return None
            continue
        parsed = parse_label_line(text)
        if parsed and parsed.name in FURNITURE:
            continue  # a journal's "Current mood:" over the post is not the story's header
        if parsed and parsed.name:
            # A lone "Note:" deep in the text is not a header.
            if (seen > 12 or prose > 1) and parsed.name not in STRONG:
                continue
            return i
    return None


def read_header(doc: Document) -> HeaderResult:
    """Find and read the header of `doc`."""
    lines, numbers = doc.lines, doc.numbers
    if doc.header_end is not None:
        result = HeaderResult(body_start=doc.header_end, header_start=0)
        read_block(lines[: doc.header_end], numbers, 0, result, whole=True)
        return result
    start = find_header_start(lines)
    result = HeaderResult()
    if start is None:
        trailing = find_trailing_header(lines)
        if trailing is not None:
            return _read_trailing(lines, numbers, trailing)
        result.body_start = _read_preamble_only(lines, numbers, result)
        return result
    result.header_start = start
    _read_preamble(lines, numbers, start, result)
    result.body_start = read_block(lines[start:], numbers, start, result, whole=False) + start
    resumed = _labels_under_title(lines, result)
    if resumed is not None:
        result.body_start = read_block(lines[resumed:], numbers, resumed, result, whole=False)
        result.body_start += resumed
    if (
        _only_rules_from(lines, result.body_start)
        and _story_above(lines, start)
        and _header_of_a_work(result.fields)
    ):
        return _read_trailing(lines, numbers, start)
    if result.body_start < len(lines):
        story = parse_label_line(lines[result.body_start])
        if story is not None and story.name == "story_text":
            # The form's story field: its label goes, its value is the story's first line.
            lines[result.body_start] = story.value
    return result


TRAILING_LINES = 40  # a header after the story is among the file's last non-blank lines
TRAILING_LABELS = 3  # strong labels it holds, one of them the title or the author
STORY_LINE = 50  # characters of a line of prose


def find_trailing_header(lines: list[str]) -> int | None:
    """Index of a labelled header after the story ("THE END", then "Title: ...", "Author: ..."),
    or None: the first of the file's last label lines, when they hold three strong labels (the
    title or the author among them) and prose stands above them."""
    seen = 0
    first: int | None = None
    names: list[str] = []
    for i in range(len(lines) - 1, -1, -1):
        text = lines[i].strip()
        if not text:
            continue
        seen += 1
        if seen > TRAILING_LINES:
            break
        parsed = parse_label_line(text) if ":" in text[:LABEL_HEAD] else None
        if parsed is not None and parsed.name in STRONG:
            first = i
            names.append(parsed.name)
        elif first is not None and not is_separator(text) and len(text) > STORY_LINE:
            break  # prose above the labels: the story
    if first is None or not _names_of_a_work(names):
        return None
    return first if _story_above(lines, first) else None


def _names_of_a_work(names: list[str]) -> bool:
    """Three strong labels, the title or the author among them (not an afterword's "Notes:")."""
    strong = [name for name in names if name in STRONG]
    return len(strong) >= TRAILING_LABELS and bool({"title", "author"} & set(strong))


def _header_of_a_work(fields: list[Field]) -> bool:
    """`_names_of_a_work` of the fields read from labels."""
    return _names_of_a_work([f.name for f in fields if f.source == "label" and f.label])


def _title_of(fields: list[Field]) -> str | None:
    return next((f.value for f in fields if f.name == "title" and f.value), None)


def _only_rules_from(lines: list[str], start: int) -> bool:
    """Nothing but blank lines and rules from `start` to the end."""
    return all(not line.strip() or is_separator(line.strip()) for line in lines[start:])


def _story_above(lines: list[str], start: int) -> bool:
    """Prose above `start`: lines of a story, not a title and byline."""
    return sum(1 for line in lines[:start] if len(line.strip()) > STORY_LINE) >= 3


def _read_trailing(lines: list[str], numbers: list[int], start: int) -> HeaderResult:
    """A header after the story: its fields, the story from the top (less a title line that the
    header names) to the rules above the header."""
    result = HeaderResult(header_start=start)
    read_block(lines[start:], numbers, start, result, whole=False)
    end = start
    while end > 0 and (not lines[end - 1].strip() or is_separator(lines[end - 1].strip())):
        end -= 1
    result.story_end = end
    first = next_nonblank(lines, 0, end) or 0
    title = _title_of(result.fields)
    result.body_start = first + 1 if title and _same_title(lines[first], title) else first
    return result


def _labels_under_title(lines: list[str], result: HeaderResult) -> int | None:
    """Where labels go on under the title repeated after the header (an export's chapter title,
    then "A/N: ..." and "Disclaimer: ..."); None when the title is not repeated or the story
    follows it (then the title line is the story's heading)."""
    title = _title_of(result.fields)
    first = next_nonblank(lines, result.body_start, 4)
    if title is None or first is None or not _same_title(lines[first], title):
        return None
    after = next_nonblank(lines, first + 1, 4)
    if after is None or after == first + 1:
        return None
    parsed = parse_label_line(lines[after].strip()[:LABEL_HEAD])
    return (
        after if parsed is not None and parsed.name in ("notes", "disclaimer", "warnings") else None
    )


def _same_title(line: str, title: str) -> bool:
    """The line is the title again, maybe set off by marks or quotes."""
    if len(line) > 2 * len(title) + 20:
        return False
    marks = " *_~=#\"'“”"
    bare = line.strip().strip(marks).casefold()
    return bool(bare) and bare == title.strip().strip(marks).casefold()


def _read_preamble(lines: list[str], numbers: list[int], start: int, result: HeaderResult) -> None:
    """Short lines above the first label: "Title", "Title by Author", "by Author"."""
    candidates = [(i, lines[i].strip()) for i in range(start) if lines[i].strip()]
    chatty = [(i, t) for i, t in candidates if len(t) <= 160 and _chatty(lines, i)]
    if chatty:
        # The poster's intro above the labels: a note, never the title.
        text = " ".join(t for _, t in chatty)
        result.fields.append(Field("notes", "", text, numbers[chatty[0][0]], source="prose"))
    candidates = [
        (i, t)
        for i, t in candidates
        if len(t) <= 160 and not is_separator(t) and (i, t) not in chatty and not _is_furniture(t)
    ]
    if len(candidates) > 4:
        # Page furniture above (a column of links, a banner): only a byline right above the
        # labels, and the title line over it, are the story's.
        tail = candidates[-3:]
        by = next((n for n, (_, text) in enumerate(tail) if BY_LINE.match(text)), None)
        if by is None:
            return
        candidates = tail[max(0, by - 1) :]
    if not candidates:
        return
    title: Field | None = None
    for i, text in candidates:
        match = BY_LINE.match(text)
        if match:
            if match.group("title"):
                title = Field("title", "", match.group("title").strip(), numbers[i])
                result.fields.append(title)
            result.fields.append(Field("author", "by", match.group("author").strip(), numbers[i]))
        elif TITLE_SEQUEL.match(text) and SERIES_WORD.search(text):
            # "Book 1 of the Vulcan Heart Series" above or under the title.
            result.fields.append(Field("series", "", text, numbers[i]))
        elif title is None:
            title = Field("title", "", text, numbers[i])
            result.fields.append(title)
        elif TITLE_SEQUEL.match(text):
            # "(Part 2 of 5)" under the title.
            title.value = f"{title.value} {text}"
        elif (
            BARE_NAME.match(text)
            and i == candidates[-1][0]
            and not any(f.name == "author" for f in result.fields)
        ):
            # A title, then its author's name on the line below, then the labels.
            result.fields.append(Field("author", "", text, numbers[i]))


def _is_furniture(text: str) -> bool:
    parsed = parse_label_line(text) if ":" in text[:LABEL_HEAD] else None
    return parsed is not None and parsed.name in FURNITURE


CHATTY_WORDS = 7  # a line above the labels this long that ends a sentence is the intro's prose
CHATTY_BREAK = re.compile(r"[,;:.!?]\s+\S")  # a comma or a sentence's end inside the line


def _chatty(lines: list[str], i: int) -> bool:
    """ "Okay, this is the first thing I've posted here, so please be kind!": a sentence of the
    poster's, not a title or byline; one with a comma or a full stop inside, or a line of a
    paragraph."""
    text = lines[i].strip()
    if len(text.split()) < CHATTY_WORDS or text[-1:] not in ".!" or text.endswith("..."):
        return False
    if BY_LINE.match(text):
        return False
    wrapped = (i > 0 and lines[i - 1].strip()) or (i + 1 < len(lines) and lines[i + 1].strip())
    return bool(wrapped) or CHATTY_BREAK.search(text) is not None


def _read_preamble_only(lines: list[str], numbers: list[int], result: HeaderResult) -> int:
    """No labels at all: take a "Title" + "by Author" opening if there is one; return the body start.

    The two may share a line, follow each other, or sit in separate paragraphs (an HTML page's
    heading and byline).
    """
    first = next_nonblank(lines, 0)
    if first is None:
        return 0
    opening: list[int] = []
    i: int | None = first
    while i is not None and len(opening) < 3:
        text = lines[i].strip()
        if len(text) > 160 or is_separator(text):
            break
        opening.append(i)
        match = BY_LINE.match(text)
        if match:
            if match.group("title") or len(opening) > 1:
                return _title_and_byline(lines, numbers, result, opening, match)
            break
        if SENTENCE_END.search(text):
            break
        i = next_nonblank(lines, i + 1)
    return first


def _title_and_byline(
    lines: list[str],
    numbers: list[int],
    result: HeaderResult,
    opening: list[int],
    match: re.Match[str],
) -> int:
    """The title (on the by-line, or the line above it) and author of a label-less opening, and
    a summary line under them; returns where the body starts."""
    i = opening[-1]
    if match.group("title"):
        result.fields.append(Field("title", "", match.group("title").strip(), numbers[i]))
    else:
        title_line = opening[-2]
        result.fields.append(Field("title", "", lines[title_line].strip(), numbers[title_line]))
    result.fields.append(Field("author", "by", match.group("author").strip(), numbers[i]))
    nxt = next_nonblank(lines, i + 1)
    if nxt is not None:
        summary_line = summary_line_fields(lines[nxt].strip(), numbers[nxt])
        if summary_line:
            result.fields.extend(summary_line)
            nxt = next_nonblank(lines, nxt + 1)
            if nxt is None:
                return len(lines)
    if nxt is not None and is_separator(lines[nxt].strip()):
        return nxt + 1
    return nxt if nxt is not None else i + 1


SUMMARY_LINE_SPLIT = re.compile(r"\s+(?:--|–|—|\||::|\*|•|·)\s+")
PAIRING_SHAPE = re.compile(r"^[^\W\d_][\w.'’ ]{0,30}(?:/|\s+x\s+)[^\W\d_][\w.'’ ]{0,30}$")


def summary_line_fields(text: str, number: int | None) -> list[Field]:
    """ "Fandom -- Pairing -- Rating" under a byline: an unlabelled one-line header.

    Each part is read by its shape: a rating, a pairing ("A/B"), otherwise the fandom. At least
    one part must be a rating or a pairing, or the line is the story's.
    """
    if len(text) > 120 or text[-1:] in '.!?"”':
        return []
    parts = SUMMARY_LINE_SPLIT.split(text)
    if len(parts) < 2:
        return []
    fields = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if len(part) <= 12 and normalize_rating(part) != NOT_RATED:
            fields.append(Field("rating", "", part, number))
        elif PAIRING_SHAPE.match(part):
            fields.append(Field("pairing", "", part, number))
        else:
            fields.append(Field("fandom", "", part, number))
    if not any(f.name in ("rating", "pairing") for f in fields):
        return []
    return fields


@dataclass
class BlockState:
    """Where `read_block` is in the lines, and what it has read so far."""

    lines: list[str]
    numbers: list[int]
    offset: int
    result: HeaderResult
    whole: bool
    i: int = 0
    last: Field | None = None
    blank: bool = False
    seen_label: bool = False

    @property
    def number(self) -> int | None:
        """The source line number of the current line."""
        at = self.offset + self.i
        return self.numbers[at] if at < len(self.numbers) else None


@dataclass(frozen=True)
class Stop:
    """A block rule's answer: the header ends, the body starts at line `at`."""

    at: int


# A block rule looks at the current line: None (not mine), the next line to read, or Stop.
BlockRule = Callable[[BlockState, str], "int | Stop | None"]


def rule_blank(state: BlockState, text: str) -> int | Stop | None:
    """A blank line: remembered, since a paragraph break changes what may follow."""
    if text:
        return None
    state.blank = True
    return state.i + 1


def rule_separator(state: BlockState, text: str) -> int | Stop | None:
    """A rule ends the header unless more labels follow it."""
    if not is_separator(text):
        return None
    nxt = next_nonblank(state.lines, state.i + 1)
    if (
        not state.whole
        and state.seen_label
        and (nxt is None or not is_known_label(state.lines[nxt]))
    ):
        return Stop(state.i + 1)
    state.blank = True
    return state.i + 1


def _label_of(state: BlockState, text: str) -> LabelLine | None:
    """The line's label, when it counts as one here."""
    parsed = parse_label_line(text)
    if parsed and parsed.name is None and parsed.value and parsed.value[0] in QUOTE_MARKS:
        return None  # 'MC:  "Hello, and welcome..."': a script's speaker, not a label
    if parsed and parsed.name is None and not state.whole:
        # An unknown label counts only inside a header paragraph or before more labels.
        nxt = next_nonblank(state.lines, state.i + 1)
        if state.blank and (nxt is None or not is_known_label(state.lines[nxt])):
            return None
    last = state.last
    if parsed and last is not None and last.value == "" and parsed.name not in STRONG:
        # "Story Notes:" then "For: someone, ..." on the next line: the value, not a label.
        return None
    return parsed


def rule_label(state: BlockState, text: str) -> int | Stop | None:
    """ "Label: value" (one or several fields on the line)."""
    parsed = _label_of(state, text)
    if not parsed:
        return None
    fields = split_fields(parsed, state.number)
    for f in fields:
        if f.name == "unknown":
            state.result.unknown.append(f)
        state.result.fields.append(f)
    state.last, state.seen_label, state.blank = fields[-1], True, False
    return state.i + 1


def rule_story_label(state: BlockState, text: str) -> int | Stop | None:
    """ "story_text: It was raining...": a form's field that holds the story itself."""
    if text[:3].casefold() in STORY_LABEL_STARTS and ":" in text[:LABEL_HEAD]:
        parsed = parse_label_line(text)
        if parsed is not None and parsed.name == "story_text":
            return Stop(state.i)
    return None


def rule_pending_value(state: BlockState, text: str) -> int | Stop | None:
    """The value of a label that stood alone on the line above."""
    if state.last is None or state.last.value != "":
        return None
    state.last.value, state.blank = text, False
    return state.i + 1


def rule_story_starts(state: BlockState, text: str) -> int | Stop | None:
    """The story, glued to the labels without a blank line."""
    last = state.last
    if last is None or state.whole or state.blank:
        return None
    if _value_breaks_off(last) and len(text) <= 150 and not _paragraph_start(state.lines, state.i):
        return None  # 'read "Sand" and' / '"Furnace" first, ...': the value goes on
    if _starts_story(state.lines, state.i, state.result):
        return Stop(state.i)
    if last.name in ("summary", "notes", "disclaimer") and _story_after_value(
        state.lines, state.i, last
    ):
        return Stop(state.i)
    return None


def rule_byline_under_title(state: BlockState, text: str) -> int | Stop | None:
    """ "Written by A and B" under a labelled title: the authors, not the title going on."""
    last = state.last
    if last is None or last.name != "title" or state.blank or "\n" in last.value:
        return None
    byline = BY_LINE.match(text) if len(text) <= 120 else None
    if byline is None or byline.group("title"):
        return None
    field = Field("author", "by", byline.group("author").strip(), state.number, source="byline")
    state.result.fields.append(field)
    state.last = field
    return state.i + 1


def rule_continuation(state: BlockState, text: str) -> int | Stop | None:
    """A wrapped value: the line goes on the last field."""
    last = state.last
    if last is None or not (state.whole or not state.blank) or last.name not in CONTINUABLE:
        return None
    if last.closer and text.endswith(last.closer):
        text = text[: -len(last.closer)].rstrip()
        last.closer = None
    last.value, state.blank = f"{last.value}\n{text}", False
    return state.i + 1


def rule_whole_title(state: BlockState, text: str) -> int | Stop | None:
    """A header the layout marked out: an unlabelled line before any label is its title."""
    if not state.whole:
        return None
    fields = state.result.fields
    if not state.seen_label and not any(f.name == "title" for f in fields):
        fields.append(Field("title", "", text, state.number))
    return state.i + 1


def rule_title_and_byline(state: BlockState, text: str) -> int | Stop | None:
    """A title and a "by" line after the labels (AO3 downloads put tags first)."""
    nxt = next_nonblank(state.lines, state.i + 1)
    byline = BY_LINE.match(state.lines[nxt].strip()) if nxt is not None else None
    fields = state.result.fields
    if (
        nxt is None
        or not byline
        or byline.group("title")
        or len(text) > 120
        or any(f.name == "title" for f in fields)
    ):
        return None
    fields.append(Field("title", "", text, state.number))
    author_line = state.numbers[state.offset + nxt]
    fields.append(Field("author", "by", byline.group("author"), author_line))
    state.blank = True
    return nxt + 1


BLOCK_RULES: list[tuple[str, BlockRule]] = [
    ("blank", rule_blank),
    ("separator", rule_separator),
    ("story label", rule_story_label),
    ("label", rule_label),
    ("pending value", rule_pending_value),
    ("story starts", rule_story_starts),
    ("byline under title", rule_byline_under_title),
    ("continuation", rule_continuation),
    ("whole title", rule_whole_title),
    ("title and byline", rule_title_and_byline),
]


def read_block(
    lines: list[str], numbers: list[int], offset: int, result: HeaderResult, *, whole: bool
) -> int:
    """Read label lines from the top of `lines`; return the index of the first body line.

    Each line goes to the first rule of `BLOCK_RULES` that takes it; a line no rule takes (or a
    rule's `Stop`) ends the header. `whole`: the layout says all of `lines` is header.
    """
    state = BlockState(lines, numbers, offset, result, whole)
    limit = min(len(lines), MAX_HEADER_LINES)
    while state.i < limit:
        text = lines[state.i].strip()
        step: int | Stop | None = None
        for _, rule in BLOCK_RULES:
            step = rule(state, text)
            if step is not None:
                break
        if step is None:
            return state.i
        if isinstance(step, Stop):
            return step.at
        state.i = step
    return limit
