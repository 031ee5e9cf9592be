"""RTF files (WordPad, Word "Rich Text") made plain: the text a reader sees, one line a paragraph.

Stories were often kept and sent as .rtf. The reader needs only the words and the paragraph
breaks: control words go (`\\par` and `\\line` end a line, `\\tab` is a tab, the typographic ones
are their marks), `\\'hh` bytes and `\\uN` characters become text in the file's code page
(`\\ansicpgN`), and groups that print nothing (font and colour tables, document info, pictures,
a field's instructions, any `{\\*\\...}` destination) are skipped. One linear scan of the file.
"""

from __future__ import annotations

import codecs
import re

RTF_MAGIC = b"{\\rtf"
TOKEN = re.compile(
    r"\\(?P<word>[a-zA-Z]{1,32})(?P<arg>-?\d{1,10})? ?|\\'(?P<hex>[0-9a-fA-F]{2})|\\(?P<symbol>[^a-zA-Z])|"
    r"(?P<open>\{)|(?P<close>\})|(?P<newline>[\r\n]+)|(?P<text>[^\\{}\r\n]+)"
)
# Destinations whose text is not the document's.
SKIPPED = frozenset(
    {
        "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "header", "footer",
        "headerl", "headerr", "headerf", "footerl", "footerr", "footerf", "listtable",
        "listoverridetable", "rsidtbl", "generator", "xmlnstbl", "themedata", "fldinst",
        "colorschememapping", "latentstyles", "datastore", "revtbl", "pgdsctbl", "filetbl",
        "footnote", "annotation", "bkmkstart", "bkmkend", "nonshppict", "shp", "mmathPr",
    }
)  # fmt: skip
WORDS = {
    "par": "\n", "line": "\n", "sect": "\n", "page": "\n", "row": "\n", "cell": "\t", "tab": "\t",
    "emdash": "\u2014", "endash": "\u2013", "lquote": "\u2018", "rquote": "\u2019",
    "ldblquote": "\u201c", "rdblquote": "\u201d", "bullet": "\u2022", "emspace": " ",
    "enspace": " ", "qmspace": " ",
}  # fmt: skip
SYMBOLS = {"~": "\u00a0", "_": "-", "-": "", "\\": "\\", "{": "{", "}": "}", "\n": "\n", "\r": "\n"}


def is_rtf(data: bytes) -> bool:
    """True when the bytes are an RTF document."""
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:5] == RTF_MAGIC


def rtf_to_text(data: bytes) -> str:
    """The plain text of an RTF document: paragraphs one per line ("\\n"), nothing else kept."""
    reader = _Reader()
    for match in TOKEN.finditer(data.decode("latin-1")):
        reader.take(match)
    reader.flush()
    return "".join(reader.out)


class _Reader:
    """The state of one scan: the text so far, the group depth, what is being skipped."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.codepage = "cp1252"
        self.pending = bytearray()  # \\'hh bytes, decoded together (multi-byte code pages)
        self.skip_depth: int | None = None  # the depth at which a skipped destination began
        self.depth = 0
        self.fresh_group = False  # the next token is its group's first: it may name a destination
        self.unicode_skip = 1  # characters that stand in for a \\uN character (\\ucN)
        self.to_skip = 0

    def flush(self) -> None:
        if self.pending:
            self.out.append(self.pending.decode(self.codepage, errors="replace"))
            self.pending.clear()

    def take(self, match: re.Match[str]) -> None:
        kind = match.lastgroup
        if kind == "open":
            self.depth += 1
            self.fresh_group = True
            return
        if kind == "close":
            if self.skip_depth is not None and self.depth <= self.skip_depth:
                self.skip_depth = None
            self.depth -= 1
            self.fresh_group = False
            return
        starts_group, self.fresh_group = self.fresh_group, False
        if kind == "newline" or self.skip_depth is not None:
            return
        if kind == "symbol" and match.group("symbol") == "*" and starts_group:
            self.skip_depth = self.depth  # {\\*\\destination ...}: not the document's text
            return
        if self.to_skip and kind in ("text", "hex"):
            self._skip_stand_in(kind, match)
            return
        if kind == "hex":
            self.pending.append(int(match.group("hex"), 16))
            return
        self.flush()
        if kind == "text":
            self.out.append(match.group("text"))
        elif kind == "symbol":
            self.out.append(SYMBOLS.get(match.group("symbol"), ""))
        else:
            self._word(match.group("word"), match.group("arg"))

    def _skip_stand_in(self, kind: str | None, match: re.Match[str]) -> None:
        """The characters after \\uN that stand in for it in readers without Unicode."""
        if kind == "hex":
            self.to_skip -= 1
            return
        text = match.group("text")
        dropped = min(self.to_skip, len(text))
        self.to_skip -= dropped
        self.out.append(text[dropped:])

    def _word(self, word: str, arg: str | None) -> None:
        if word in SKIPPED:
            self.skip_depth = self.depth
        elif word == "ansicpg" and arg:
            self.codepage = _codepage(arg, self.codepage)
        elif word == "uc" and arg:
            self.unicode_skip = max(0, int(arg))
        elif word == "u" and arg:
            code = int(arg)
            self.out.append(
                chr(code + 65536 if code < 0 else code) if -32768 <= code < 65536 else ""
            )
            self.to_skip = self.unicode_skip
        elif word in WORDS:
            self.out.append(WORDS[word])


def _codepage(number: str, default: str) -> str:
    name = f"cp{int(number)}"
    try:
        codecs.lookup(name)
    except LookupError:
        return default
    return name
