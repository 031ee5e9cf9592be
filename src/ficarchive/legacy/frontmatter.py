"""Front matter (YAML `---` ... `---`, or TOML `+++` ... `+++`, at the top of a file) read
safely, as plain strings.

Static-site generators (Hugo, Jekyll, Docusaurus) and AO3 scrapers put a work's metadata there.
Front matter uses a small part of YAML, and that part is all this reader knows: a mapping of
keys to scalars (plain, 'single', "double" quoted, `|` and `>` blocks, values folded over several
lines, blank lines as paragraph ends) and to lists (`- item` lines or `[a, b]`, `[]` empty).
Nested mappings are skipped. Nothing is ever built but strings and lists of strings: tags
(`!!python/object`), anchors and aliases are plain text. One pass over at most `MAX_LINES`
lines of at most `MAX_BYTES`, so the cost is linear and bounded whatever the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_BYTES = 64 * 1024
MAX_LINES = 2000
MAX_KEYS = 200
MAX_ITEMS = 1000

FENCE = "---"
TOML_FENCE = "+++"
TOML_LINE = re.compile(r"^(?P<key>[A-Za-z_\"'][\w .\-\"']{0,60}?)\s*=\s*(?P<value>\S.*)$")
KEY_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w .\-]{0,60}?)\s*:(?:\s+(?P<value>.*)|\s*)$")
ITEM_LINE = re.compile(r"^(?P<indent>\s*)-(?:\s+(?P<value>.*)|\s*)$")
BLOCK_HEADER = re.compile(r"^[|>][+-]?\d?[+-]?(?:\s+#.*)?$")
COMMENT = re.compile(r"\s+#.*$")
ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
# Private-use marks while folding a double-quoted value: "\" at a line end, and an escaped "\n".
JOIN = "\ue0ff"
NEWLINE = "\ue0fe"

Value = str | list[str]


@dataclass
class FrontMatter:
    """The keys read (in file order) and the index of the first line after the closing fence."""

    values: dict[str, Value] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # key -> 0-based line of its key
    end: int = 0


def read_front_matter(text: str) -> FrontMatter | None:
    """The front matter at the top of `text`, or None when the text does not open with one.

    A front matter opens with `---` (YAML) or `+++` (TOML, Hugo's other form) on the first line
    and closes with the same fence (YAML also `...`) within `MAX_LINES` lines and `MAX_BYTES`;
    at least one `key: value` (`key = value`) line must sit between.
    """
    fence = text[:3]
    if fence not in (FENCE, TOML_FENCE):
        return None
    head = text[: MAX_BYTES + 8].split("\n", MAX_LINES + 1)
    if head[0].rstrip() != fence:
        return None
    closers = (FENCE, "...") if fence == FENCE else (TOML_FENCE,)
    close = next(
        (i for i, line in enumerate(head[1 : MAX_LINES + 1], 1) if line.rstrip() in closers),
        None,
    )
    if close is None:
        return None
    matter = FrontMatter(end=close + 1)
    if fence == FENCE:
        _read_mapping(head[1:close], matter)
    else:
        _read_toml(head[1:close], matter)
    return matter if matter.values else None


def _read_toml(lines: list[str], matter: FrontMatter) -> None:
    """Top-level `key = value` lines of TOML: strings, arrays of strings, numbers, booleans.

    A `[table]` ends the top level (its keys are the site's, not the work's); a string in
    triple quotes may run over several lines.
    """
    i = 0
    while i < len(lines) and len(matter.values) < MAX_KEYS:
        line = lines[i].strip()
        i += 1
        if line.startswith("["):
            break
        match = TOML_LINE.match(line)
        if not match:
            continue
        key, value = match.group("key").strip("\"' "), match.group("value").strip()
        for quote in ('"""', "'''"):
            if value.startswith(quote) and (len(value) < 6 or not value.endswith(quote)):
                parts = [value[3:]]
                while i < len(lines) and quote not in lines[i]:
                    parts.append(lines[i])
                    i += 1
                if i < len(lines):
                    parts.append(lines[i].split(quote, 1)[0])
                    i += 1
                matter.values[key] = "\n".join(parts).strip()
                break
        else:
            if value.startswith("[") and value.endswith("]"):
                matter.values[key] = _flow_list(value)
            elif value[:1] == '"':
                matter.values[key] = _double_quoted([value])
            elif value[:1] == "'":
                matter.values[key] = value[1:].split("'", 1)[0]
            else:
                matter.values[key] = COMMENT.sub("", value)
        matter.lines[key] = i


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _read_mapping(lines: list[str], matter: FrontMatter) -> None:
    """Top-level `key: value` entries; the lines of a value are handed to the scalar readers."""
    i = 0
    while i < len(lines) and len(matter.values) < MAX_KEYS:
        line = lines[i]
        if not line.strip() or line.lstrip().startswith("#") or _indent(line) > 0:
            i += 1
            continue
        match = KEY_LINE.match(line.rstrip())
        if not match:
            i += 1
            continue
        key, first = match.group("key").strip(), (match.group("value") or "").strip()
        # The value's further lines: indented ones, blank ones, and "- item" lines at column 0.
        j = i + 1
        while j < len(lines) and (
            not lines[j].strip() or _indent(lines[j]) > 0 or ITEM_LINE.match(lines[j])
        ):
            j += 1
        while j > i + 1 and not lines[j - 1].strip():
            j -= 1  # trailing blank lines belong to no value
        value = _read_value(first, lines[i + 1 : j])
        if value is not None:
            matter.values[key] = value
            matter.lines[key] = i + 1
        i = j


def _read_value(first: str, rest: list[str]) -> Value | None:
    """One value: a list, a quoted or block scalar, or a plain scalar (None for a nested mapping)."""
    if first.startswith("[") and not rest:
        return _flow_list(first)
    if first.startswith("{"):
        return None
    if first.startswith(("&", "!")) and " " in first:
        first = first.split(None, 1)[1]  # an anchor or a tag: ignored, the value is what follows
    if not first and rest:
        items = [line for line in rest if line.strip()]
        if items and ITEM_LINE.match(items[0]):
            return _block_list(rest)
        if items and KEY_LINE.match(items[0].strip()):
            return None  # a nested mapping: nothing a work's metadata needs
        return _plain(items)
    if first[:1] == "'":
        return _single_quoted([first, *rest])
    if first[:1] == '"':
        return _double_quoted([first, *rest])
    if BLOCK_HEADER.match(first):
        return _block_scalar(first, rest)
    return _plain([first, *rest])


def _fold(lines: list[str]) -> str:
    """YAML line folding: a line break is a space, each empty line a line end."""
    out: list[str] = []
    pending_breaks = 0
    for line in lines:
        text = line.strip()
        if not text:
            pending_breaks += 1
            continue
        if out:
            out.append("\n" * pending_breaks if pending_breaks else " ")
        out.append(text)
        pending_breaks = 0
    return "".join(out)


def _plain(lines: list[str]) -> str:
    """A plain scalar, perhaps over several lines; a ` #` starts a comment."""
    return _fold([COMMENT.sub("", line) for line in lines])


def _single_quoted(lines: list[str]) -> str:
    """'text' where '' is a quote; the closing quote may be lines further on."""
    joined = "\n".join(lines).strip()[1:]
    end = _single_quote_end(joined)
    body = joined[:end] if end is not None else joined
    return _fold(body.split("\n")).replace("''", "'")


def _single_quote_end(text: str) -> int | None:
    i = text.find("'")
    while i != -1:
        if text[i + 1 : i + 2] == "'":
            i = text.find("'", i + 2)
            continue
        return i
    return None


def _double_quoted(lines: list[str]) -> str:
    """ "text" with backslash escapes; an escaped line end joins lines without a space."""
    joined = "\n".join(lines).strip()[1:]
    raw: list[str] = []  # the text with its line structure, escapes resolved or marked
    i = start = 0
    n = len(joined)
    while i < n:
        ch = joined[i]
        if ch == '"':
            break
        if ch != "\\" or i + 1 >= n:
            i += 1
            continue
        raw.append(joined[start:i])
        nxt = joined[i + 1]
        if nxt == "\n":
            raw.append(JOIN)
            i += 2
            while i < n and joined[i] in " \t":
                i += 1
        elif nxt in HEX_ESCAPES:
            digits = joined[i + 2 : i + 2 + HEX_ESCAPES[nxt]]
            try:
                raw.append(_escaped(chr(int(digits, 16))))
            except (ValueError, OverflowError):
                raw.append(digits)
            i += 2 + HEX_ESCAPES[nxt]
        else:
            raw.append(_escaped(ESCAPES.get(nxt, nxt)))
            i += 2
        start = i
    raw.append(joined[start:i])
    folded = _fold("".join(raw).split("\n"))
    return folded.replace(JOIN, "").replace(NEWLINE, "\n")


def _escaped(char: str) -> str:
    # An escaped line end survives folding (which would turn a raw one into a space).
    return NEWLINE if char == "\n" else char


def _block_scalar(header: str, lines: list[str]) -> str:
    """`|` keeps line ends, `>` folds them; `-` drops the last line end (we always trim)."""
    indents = [_indent(line) for line in lines if line.strip()]
    if not indents:
        return ""
    margin = min(indents)
    body = [line[margin:] if line.strip() else "" for line in lines]
    if header.startswith("|"):
        return "\n".join(body).strip("\n")
    return _fold(body)


def _block_list(lines: list[str]) -> list[str]:
    """`- item` lines; an item's quoted or plain value may run over the lines below it."""
    items: list[str] = []
    current: list[str] | None = None
    margin = next((_indent(line) for line in lines if ITEM_LINE.match(line)), 0)
    for line in lines:
        match = ITEM_LINE.match(line)
        if match and _indent(line) <= margin:
            if current is not None:
                items.append(_item(current))
            if len(items) >= MAX_ITEMS:
                return items
            current = [match.group("value") or ""]
        elif current is not None:
            current.append(line)
    if current is not None:
        items.append(_item(current))
    return [item for item in items if item]


def _item(lines: list[str]) -> str:
    """One list item's text; an item that is a small mapping ("- title: X" over "  part: 2")
    gives its entries as "key: value" lines."""
    entry = KEY_LINE.match(lines[0].strip())
    if entry and lines[0].strip()[:1] not in "'\"":
        return _mapping_item(lines)
    value = _read_value(lines[0].strip(), lines[1:])
    if isinstance(value, list):
        return ", ".join(value)
    return value or ""


def _mapping_item(lines: list[str]) -> str:
    """A list item's `key: value` lines, each value read as a scalar, one entry a line."""
    entries: list[str] = []
    for line in lines[:MAX_KEYS]:
        entry = KEY_LINE.match(line.strip())
        if entry is None:
            continue  # a nested list or a folded line under an entry: skipped, as nested maps are
        value = _read_value((entry.group("value") or "").strip(), [])
        text = ", ".join(value) if isinstance(value, list) else value or ""
        entries.append(f"{entry.group('key').strip()}: {' '.join(text.split())}")
    return "\n".join(entries)


def _flow_list(text: str) -> list[str]:
    """`[a, 'b, c', "d"]` on one line; `[]` is an empty list."""
    inner = text.strip()[1:]
    if inner.endswith("]"):
        inner = inner[:-1]
    items: list[str] = []
    current: list[str] = []
    quote = ""
    for ch in inner:
        if quote:
            if ch == quote:
                quote = ""
            else:
                current.append(ch)
        elif ch in "'\"" and not current:
            quote = ch
        elif ch == ",":
            items.append("".join(current).strip())
            current = []
            if len(items) >= MAX_ITEMS:
                break
        elif current or not ch.isspace():
            current.append(ch)
    items.append("".join(current).strip())
    return [item for item in items if item]
