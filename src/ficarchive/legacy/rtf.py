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
    source = data.decode("latin-1")
    codepage = "cp1252"
    out: list[str] = []
    pending = bytearray()  # \\'hh bytes, decoded together (a multi-byte code page needs them so)
    skip_depth: int | None = None  # the group depth at which a skipped destination began
    depth = 0
    fresh_group = False  # the next token is the first in its group: it may name a destination
    unicode_skip = 1  # characters that stand in for a \\uN character (\\ucN)
    to_skip = 0

    def flush() -> None:
        if pending:
            out.append(pending.decode(codepage, errors="replace"))
            pending.clear()

    for match in TOKEN.finditer(source):
        kind = match.lastgroup
        if kind == "open":
            depth += 1
            fresh_group = True
            continue
        if kind == "close":
            if skip_depth is not None and depth <= skip_depth:
                skip_depth = None
            depth -= 1
            fresh_group = False
            continue
        starts_group, fresh_group = fresh_group, False
        if kind == "newline":
            continue
        if skip_depth is not None:
            continue
        if kind == "symbol" and match.group("symbol") == "*" and starts_group:
            skip_depth = depth
            continue
        if to_skip and kind in ("text", "hex"):
            if kind == "hex":
                to_skip -= 1
                continue
            text = match.group("text")
            dropped = min(to_skip, len(text))
            to_skip -= dropped
            out.append(text[dropped:])
            continue
        if kind == "hex":
            pending.append(int(match.group("hex"), 16))
            continue
        flush()
        if kind == "text":
            out.append(match.group("text"))
        elif kind == "symbol":
            out.append(SYMBOLS.get(match.group("symbol"), ""))
        else:
            word, arg = match.group("word"), match.group("arg")
            if word in SKIPPED:
                skip_depth = depth
            elif word == "ansicpg" and arg:
                codepage = _codepage(arg, codepage)
            elif word == "uc" and arg:
                unicode_skip = max(0, int(arg))
            elif word == "u" and arg:
                code = int(arg)
                out.append(chr(code + 65536 if code < 0 else code) if -32768 <= code < 65536 else "")
                to_skip = unicode_skip
            elif word in WORDS:
                out.append(WORDS[word])
    flush()
    return "".join(out)


def _codepage(number: str, default: str) -> str:
    name = f"cp{int(number)}"
    try:
        codecs.lookup(name)
    except LookupError:
        return default
    return name
