"""LaTeX story files: a chapter file (`\\chapter{Title}` then its text) or a whole document.

The text is rendered as a reader sees it: paragraphs are separated by blank lines (single line
ends are spaces), commands go and their text stays (`\\emph{x}` is "x", `\\lettrine{C}{haque}` is
"Chaque"), commands that print nothing go with their arguments (`\\label`, `\\vspace`,
`\\footnote`), `~` is a space, `---` a dash, `\\og`/`\\fg` guillemets, `%` starts a comment.
A file holding one `\\chapter` is that chapter: its number comes from the heading, or else from
the file name ("chapter-001.tex"). One linear scan per paragraph.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ficarchive.legacy.document import Document, Field
from ficarchive.legacy.sources.chapter_heading import (
    chapter_from_file_name,
    read_chapter_heading,
)

NAME = "latex"
COMMAND_MARK = re.compile(r"\\(?:chapter|section|begin\{document\}|documentclass|emph|textit)\b")
COMMENT = re.compile(r"(?<!\\)%.*")
HEADING = re.compile(
    r"^\s*\\(?P<kind>part|chapter|section|subsection)\*?\s*(?:\[[^\]]{0,300}\])?\s*\{"
)
META = re.compile(r"\\(?P<kind>title|author)\s*\{(?P<value>[^{}]{1,300})\}")
DOCUMENT = re.compile(r"\\begin\s*\{document\}(?P<body>.*?)(?:\\end\s*\{document\}|$)", re.DOTALL)
TOKEN = re.compile(r"\\(?:[A-Za-z@]+\*?|.)|[{}~]|---|--|``|''|<<|>>|\\$")
OPTIONAL = re.compile(r"\s*\[[^\[\]]{0,500}\]")
# Commands whose arguments print nothing a reader would call text.
SILENT = {
    "label",
    "ref",
    "pageref",
    "index",
    "vspace",
    "hspace",
    "includegraphics",
    "footnote",
    "footnotemark",
    "footnotetext",
    "begin",
    "end",
    "input",
    "include",
    "setlength",
    "addtolength",
    "thispagestyle",
    "pagestyle",
    "markboth",
    "markright",
    "cite",
    "newcommand",
    "renewcommand",
    "usepackage",
    "documentclass",
    "addcontentsline",
    "phantomsection",
    "selectlanguage",
    "color",
    "fontsize",
}
SYMBOLS = {
    "ldots": "…",
    "dots": "…",
    "og": "«",
    "fg": "»",
    "guillemotleft": "«",
    "guillemotright": "»",
    "textemdash": "—",
    "textendash": "–",
    "textquoteleft": "‘",
    "textquoteright": "’",
    "textquotedblleft": "“",
    "textquotedblright": "”",
    "LaTeX": "LaTeX",
    "TeX": "TeX",
    "ss": "ß",
    "oe": "œ",
    "OE": "Œ",
    "ae": "æ",
    "AE": "Æ",
    "o": "ø",
    "O": "Ø",
    "aa": "å",
    "AA": "Å",
    "i": "ı",
    "S": "§",
    "P": "¶",
    "textasciitilde": "~",
    "textbackslash": "\\",
}
# `\'e` and friends: the accent as a combining mark after the next letter.
ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304"}
PLAIN = {"--": "–", "---": "—", "``": "“", "''": "”", "<<": "«", ">>": "»", "~": " ", "\\$": "$"}


def detect(text: str, filename: str = "") -> bool:
    """A `.tex` file name, or LaTeX structure commands near the top."""
    if filename.lower().endswith((".tex", ".ltx", ".latex")):
        return True
    return len(COMMAND_MARK.findall(text[:5000])) >= 2


def parse(text: str, filename: str = "") -> Document:
    """Paragraph lines; a lone chapter's heading becomes its number and title, not story text."""
    text = "\n".join(COMMENT.sub("", line) for line in text.split("\n"))
    fields = [
        Field(m.group("kind"), "", render(m.group("value")).strip(), None, source="title-line")
        for m in META.finditer(text[:20000])
    ]
    document = DOCUMENT.search(text)
    offset = text.count("\n", 0, document.start("body")) if document else 0
    body = document.group("body") if document else text
    page = _paragraph_lines(body.split("\n"), offset + 1)
    lines, numbers, headings = page.lines, page.numbers, set(page.kinds)
    chapters = [i for i, kind in page.kinds.items() if kind == "chapter"]
    first = next((i for i, line in enumerate(lines) if line), None)
    if len(chapters) == 1 and chapters[0] == first:
        index = chapters[0]
        heading = read_chapter_heading(lines[index])
        number = heading.number if heading else chapter_from_file_name(filename)
        if number is not None:
            fields.append(Field("chapters", "", str(number), numbers[index], source="title-line"))
        lines, numbers = lines[index + 1 :], numbers[index + 1 :]
        headings = {i - index - 1 for i in headings if i > index}
    return Document(NAME, lines, numbers, headings=headings, header_end=0, fields=fields)


@dataclass
class _Page:
    lines: list[str] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    kinds: dict[int, str] = field(default_factory=dict)  # heading line index -> chapter, section...


def _paragraph_lines(source: list[str], first_number: int) -> _Page:
    """Rendered paragraphs, one per line with a blank line between; heading lines by kind."""
    page = _Page()
    paragraph: list[str] = []
    start = first_number

    def flush() -> None:
        if paragraph:
            # A line end inside a paragraph is a space; only `\\` and `\par` break a line.
            for part in render(" ".join(paragraph)).split("\n"):
                if part.strip():
                    page.lines.append(" ".join(part.split()))
                    page.numbers.append(start)
            page.lines.append("")
            page.numbers.append(start)
        paragraph.clear()

    for offset, line in enumerate(source):
        number = first_number + offset
        heading = HEADING.match(line)
        if heading:
            flush()
            title = " ".join(render(line[heading.start() :]).split())
            if title:
                page.kinds[len(page.lines)] = heading.group("kind")
                page.lines.extend([title, ""])
                page.numbers.extend([number, number])
            continue
        if not line.strip():
            flush()
            continue
        if not paragraph:
            start = number
        paragraph.append(line)
    flush()
    return page


def render(text: str) -> str:
    """LaTeX source as text: commands gone, their printed arguments kept (one linear scan)."""
    out: list[str] = []
    frames: list[tuple[str, bool]] = []  # each open brace: its command, and is it silent?
    silent = 0
    command: tuple[str, bool] | None = None  # whose argument a "{" right here would open
    position = 0
    accent: str | None = None
    for match in TOKEN.finditer(text):
        if match.start() > position:
            chunk = text[position : match.start()]
            if chunk.strip():
                command = None
                if not silent:
                    out.append(_accented(chunk, accent))
                accent = None
            elif not silent:
                out.append(chunk)
        position = match.end()
        token = match.group(0)
        if token == "{":
            frame = command or ("", False)
            frames.append(frame)
            silent += frame[1]
            command = None
            continue
        if token == "}":
            if frames:
                command = frames.pop()  # a "{" right after opens the same command's next argument
                silent -= command[1]
            continue
        command = None
        if token[0] == "\\" and len(token) > 1 and token[1].isalpha():
            name = token[1:].rstrip("*")
            optional = OPTIONAL.match(text, position)
            if optional:
                position = optional.end()
            if name in SYMBOLS:
                if not silent:
                    out.append(SYMBOLS[name])
            elif name == "par":
                out.append("\n")
            else:
                command = (name, name in SILENT)
            continue
        if token == "\\\\":
            if not silent:
                out.append("\n")
            optional = OPTIONAL.match(text, position)
            if optional:
                position = optional.end()
            continue
        if token[0] == "\\":
            mark = token[1:]
            if mark in ACCENTS:
                accent = ACCENTS[mark]
            elif not silent and mark not in "-/":
                out.append(" " if mark in " ,;:!" else mark)
            continue
        if not silent:
            out.append(PLAIN.get(token, token))
    if position < len(text) and not silent:
        out.append(_accented(text[position:], accent))
    return "".join(out)


def _accented(chunk: str, accent: str | None) -> str:
    """ "e" after `\\'` is "é"."""
    if not accent or not chunk:
        return chunk
    return unicodedata.normalize("NFC", chunk[0] + accent) + chunk[1:]
