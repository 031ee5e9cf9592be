"""LaTeX story files: a chapter file (`\\chapter{Title}` then its text) or a whole document.

The text is rendered as a reader sees it: paragraphs are separated by blank lines (single line
ends are spaces), commands go and their text stays (`\\emph{x}` is "x", `\\lettrine{V}{oici}` is
"Voici"), commands that print nothing go with their arguments (`\\label`, `\\vspace`,
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
    FILE_NAME_NUMBER,
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
    told = chapter_in_comments(text)
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
        number = heading.number if heading else chapter_from_file_name(filename) or told
        if number is not None:
            fields.append(Field("chapters", "", str(number), numbers[index], source="title-line"))
        lines, numbers = lines[index + 1 :], numbers[index + 1 :]
        headings = {i - index - 1 for i in headings if i > index}
    return Document(NAME, lines, numbers, headings=headings, header_end=0, fields=fields)


MAX_COMMENTS = 200  # comment lines read for the chapter they name


def chapter_in_comments(text: str) -> int | None:
    """The one chapter number the file's comments name ("% kapitel04.tex", "% End of chapter
    4"); None when they name none, or several."""
    found: set[int] = set()
    for count, comment in enumerate(COMMENT.finditer(text)):
        if count >= MAX_COMMENTS or len(found) > 1:
            break
        if len(comment.group(0)) <= MAX_LINE_COMMENT:
            numbers = FILE_NAME_NUMBER.finditer(comment.group(0))
            found.update(int(m.group("number")) for m in numbers)
    return found.pop() if len(found) == 1 else None


MAX_LINE_COMMENT = 300  # a longer comment is commented-out text, not a note on the file


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
    return _Renderer(text).run()


class _Renderer:
    """The scan behind `render`: text between tokens is kept unless a silent command's argument
    holds it; each token (brace, command, symbol) is handled by one small method."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.out: list[str] = []
        self.frames: list[tuple[str, bool]] = []  # each open brace: its command, is it silent?
        self.silent = 0
        self.command: tuple[str, bool] | None = None  # whose argument a "{" here would open
        self.position = 0
        self.accent: str | None = None

    def run(self) -> str:
        for match in TOKEN.finditer(self.text):
            if match.start() > self.position:
                self._chunk(self.text[self.position : match.start()])
            self.position = match.end()
            self._token(match.group(0))
        if self.position < len(self.text) and not self.silent:
            self.out.append(_accented(self.text[self.position :], self.accent))
        return "".join(self.out)

    def _emit(self, text: str) -> None:
        if not self.silent:
            self.out.append(text)

    def _chunk(self, chunk: str) -> None:
        if chunk.strip():
            self.command = None
            self._emit(_accented(chunk, self.accent))
            self.accent = None
        else:
            self._emit(chunk)

    def _skip_optional(self) -> None:
        optional = OPTIONAL.match(self.text, self.position)
        if optional:
            self.position = optional.end()

    def _token(self, token: str) -> None:
        if token == "{":
            frame = self.command or ("", False)
            self.frames.append(frame)
            self.silent += frame[1]
            self.command = None
        elif token == "}":
            if self.frames:
                # A "{" right after opens the same command's next argument.
                self.command = self.frames.pop()
                self.silent -= self.command[1]
        elif token[0] == "\\" and len(token) > 1 and token[1].isalpha():
            self._command(token[1:].rstrip("*"))
        elif token == "\\\\":
            self.command = None
            self._emit("\n")
            self._skip_optional()
        elif token[0] == "\\":
            self._escape(token[1:])
        else:
            self.command = None
            self._emit(PLAIN.get(token, token))

    def _command(self, name: str) -> None:
        self.command = None
        self._skip_optional()
        if name in SYMBOLS:
            self._emit(SYMBOLS[name])
        elif name == "par":
            self.out.append("\n")
        else:
            self.command = (name, name in SILENT)

    def _escape(self, mark: str) -> None:
        """`\\'` (an accent on the next letter), `\\%`, `\\,`, `\\-`..."""
        self.command = None
        if mark in ACCENTS:
            self.accent = ACCENTS[mark]
        elif mark not in "-/":
            self._emit(" " if mark in " ,;:!" else mark)


def _accented(chunk: str, accent: str | None) -> str:
    """ "e" after `\\'` is "é"."""
    if not accent or not chunk:
        return chunk
    return unicodedata.normalize("NFC", chunk[0] + accent) + chunk[1:]
