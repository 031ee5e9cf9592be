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
    """The data's paragraphs and headings; the page heading as fandom or title."""
    mark = DATA_MARK.search(text)
    script = text[: mark.start()] if mark else ""
    first_number = text.count("\n", 0, mark.end()) + 2 if mark else 1
    data = text[mark.end() + 1 :] if mark else text
    lines: list[str] = []
    numbers: list[int] = []
    headings: set[int] = set()
    for offset, raw in enumerate(data.split("\n")):
        number = first_number + offset
        line = raw.strip()
        if not line:
            continue
        if line in RULE_LINES:
            lines.extend(["* * *", ""])
            numbers.extend([number, number])
            continue
        heading = HEADING_LINE.match(line)
        if heading:
            headings.add(len(lines))
            line = heading.group("text")
        lines.extend([unwrap(line), ""])
        numbers.extend([number, number])
    fields = _page_fields(script, len(headings))
    return Document(NAME, lines, numbers, headings=headings, header_end=0, fields=fields)


def _page_fields(script: str, stories: int) -> list[Field]:
    match = PAGE_HEADING.search(script)
    if not match:
        return []
    name = "fandom" if stories > 1 else "title"
    return [Field(name, "", match.group("value").strip(), None, source="page-title")]


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
