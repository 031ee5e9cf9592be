"""A Perl CGI page that carries its stories as data: the script, then `__DATA__` (or `__END__`)
and the text in the site's own light markup.

The script names the page in its page call (`page('heading' => 'Lanterns & Ledgers', ...)`).
The data has a line per paragraph; a line "2 Title" is a heading of level 2, a line "hr" or
"br" alone is a rule or a break, and `Q<...>` wraps quoted speech (other one-letter wrappers,
`I<...>`, `B<...>`, only mark emphasis; `L<text|target>` is a link showing its text). A page holding several stories is a collection: its
heading names what they share, the fandom; a page of one story is titled by its heading.
"""

from __future__ import annotations

import re

from ficarchive.legacy.document import Document, Field
from ficarchive.legacy.labels import canonical_label

NAME = "perl-page"
DATA_MARK = re.compile(r"(?m)^__(?:DATA|END)__[ \t]*$")
PERL_MARK = re.compile(r"(?m)^#!\S*perl|^use strict;|^use warnings\b")
PAGE_HEADING = re.compile(
    r"""(?P<q>['"]?)(?P<key>heading|title)(?P=q)\s*=>\s*(?P<quote>['"])(?P<value>[^'"\n]{1,200})(?P=quote)"""
)
HEADING_LINE = re.compile(r"^(?P<level>[1-6]) (?P<text>\S.*)$")
RULE_LINES = {"hr", "br"}
WRAPPER = re.compile(r"(?<![A-Za-z])([A-Z])<|>")
QUOTES = ("\u201c", "\u201d")
MAX_NESTING = 16


def detect(text: str, filename: str = "") -> bool:
    """A Perl script (a perl `#!` line or `use strict;`) with text after `__DATA__`."""
    head = text[:5000]
    if "perl" not in head and "use " not in head:
        return False  # every mark holds one of these: a quick test before the regex
    return bool(PERL_MARK.search(head)) and bool(DATA_MARK.search(text))


def parse(text: str, filename: str = "") -> Document:
    """The data's paragraphs and headings; the record's labels, and the page heading as fandom
    or title."""
    mark = DATA_MARK.search(text)
    script = text[: mark.start()] if mark else ""
    first_number = text.count("\n", 0, mark.end()) + 2 if mark else 1
    data = (text[mark.end() + 1 :] if mark else text).split("\n")
    record, start = _record_labels(data, first_number)
    wrapped = _wrapped(data[start:])
    lines: list[str] = []
    numbers: list[int] = []
    headings: set[int] = set()
    for offset, raw in enumerate(data[start:], start):
        number = first_number + offset
        line = raw.strip()
        if not line:
            if wrapped and lines and lines[-1]:
                lines.append("")
                numbers.append(number)
            continue
        if line in RULE_LINES or RECORD_MARK.match(line):
            lines.extend(["* * *", ""])
            numbers.extend([number, number])
            continue
        heading = HEADING_LINE.match(line)
        if heading and not wrapped:
            headings.add(len(lines))
            line = heading.group("text")
        lines.append(unwrap(line))
        numbers.append(number)
        if not wrapped:
            lines.append("")
            numbers.append(number)
    fields = record + _page_fields(script, len(headings), titled=bool(record))
    return Document(NAME, lines, numbers, headings=headings, header_end=0, fields=fields)


# "==STORY==", "%%ENTRY%%": the line a script splits its data into records at.
RECORD_MARK = re.compile(
    r"^(?:={2,}|%{2,}|#{2,}|-{2,})\s*[A-Za-z]{2,20}\s*(?:={2,}|%{2,}|#{2,}|-{2,})$"
)
# "heading: Low Tide", "author: Ann": a record's own labels, lower case as scripts write them.
RECORD_LABEL = re.compile(r"^(?P<key>[A-Za-z][A-Za-z_ -]{0,20}):\s+(?P<value>\S.{0,500})$")
RECORD_KEYS = {"heading": "title", "headline": "title"}


def _record_labels(data: list[str], first_number: int) -> tuple[list[Field], int]:
    """The labelled lines at the top of the first record (under its mark): fields, and the index
    of the line after them (0 when the data opens with no labels)."""
    i = 0
    while i < len(data) and (not data[i].strip() or RECORD_MARK.match(data[i].strip())):
        i += 1
    fields: list[Field] = []
    while i < len(data) and (label := RECORD_LABEL.match(data[i].strip())):
        key = label.group("key").strip().casefold()
        name = RECORD_KEYS.get(key) or canonical_label(key)
        if name is None:
            break
        fields.append(Field(name, key, label.group("value").strip(), first_number + i))
        i += 1
    return (fields, i) if fields else ([], 0)


def _wrapped(data: list[str]) -> bool:
    """The data is wrapped prose, paragraphs apart by blank lines, rather than a line a paragraph."""
    head = data[:400]
    text = [k for k, line in enumerate(head) if line.strip()]
    glued = sum(1 for k in text if k + 1 < len(head) and head[k + 1].strip())
    gaps = len(head) - len(text)
    return bool(text) and glued * 3 >= len(text) and gaps * 8 >= len(text)


# "Magnum P.I. Fan Fiction": the page heading of a collection names its fandom.
COLLECTION_WORDS = re.compile(r"(?i)\s+(?:fan ?fiction|fanfic|fics?|stories|archive|page)$")


def _page_fields(script: str, stories: int, *, titled: bool = False) -> list[Field]:
    match = PAGE_HEADING.search(script)
    if not match:
        return []
    value = match.group("value").strip()
    if titled:
        fandom = COLLECTION_WORDS.sub("", value)
        return [Field("fandom", "", fandom, None, source="page-title", confidence=0.5)]
    name = "fandom" if stories > 1 else "title"
    return [Field(name, "", value, None, source="page-title")]


def unwrap(line: str) -> str:
    """`Q<speech>` in quotation marks, other `X<...>` wrappers without their marks."""
    if "<" not in line:
        return line
    out: list[str] = []
    stack: list[tuple[str, int]] = []  # open wrappers: letter, where their text starts
    position = 0
    for match in WRAPPER.finditer(line):
        out.append(line[position : match.start()])
        position = match.end()
        letter = match.group(1)
        if letter and len(stack) >= MAX_NESTING:
            out.append(match.group(0))  # deeper wrappers are kept as text: the cost stays linear
        elif letter:
            stack.append((letter, len(out)))
            if letter == "Q":
                out.append(QUOTES[0])
        elif stack:
            opened, start = stack.pop()
            if opened == "Q":
                out.append(QUOTES[1])
            elif opened == "L":
                # L<text|target>: a link shows its text.
                inner = "".join(out[start:])
                out[start:] = [inner.split("|", 1)[0]]
        else:
            out.append(">")
    out.append(line[position:])
    return "".join(out)
