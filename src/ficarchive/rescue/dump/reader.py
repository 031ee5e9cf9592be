"""A streaming reader of MySQL dumps: statements out, a few MB of memory whatever the dump's size.

It reads what archivists hand over: `mysqldump` (extended inserts, `/*!40101 ... */`
conditional comments, `LOCK TABLES`), phpMyAdmin and Sequel Pro exports (column lists, one
row a line, `#` comments) and eFiction's own admin backup (one INSERT per row, every value
quoted, raw line breaks inside strings, no CREATE TABLE). Only CREATE TABLE and INSERT /
REPLACE matter; every other statement is skipped. No database server is involved.

Values come out as Python values: strings as the raw bytes they hold after unescaping (each
value is decoded on its own later: one dump may mix encodings), integers, floats, None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

CHUNK = 4 * 1024 * 1024
# A statement is never read whole: rows come out in batches of about this many bytes.
BATCH_BYTES = 2 * 1024 * 1024
# Every match sees at least this much of what follows (longer tokens are read on demand).
LOOKAHEAD = 64 * 1024
# Past this much unread text for one value, the dump is taken to be broken there.
MAX_VALUE = 256 * 1024 * 1024


@dataclass
class CreateTable:
    table: str
    columns: list[str]


@dataclass
class InsertRows:
    """Rows of one INSERT (a long statement comes out as several batches)."""

    table: str
    columns: list[str] | None
    rows: list[tuple] = field(default_factory=list)


@dataclass
class DumpNote:
    """Something the reader noticed: `SET NAMES`, a statement it could not read, ..."""

    kind: str
    detail: str
    offset: int = 0


# Anything up to the next character that may start a quote, a comment or end a statement.
_SKIP = re.compile(
    rb"""[^'"`;\-\#/]++|'(?:[^'\\]++|\\.|'')*+'|"(?:[^"\\]++|\\.|"")*+"|`[^`]*+`"""
    rb"""|--[^\n]*+|\#[^\n]*+|/\*(?:[^*]++|\*(?!/))*+\*/|;|[\-/'"`\#]""",
    re.S,
)
_BLANK = re.compile(
    rb"(?:\s++|--(?:[ \t][^\n]*+)?(?=\n|$)|\#[^\n]*+|/\*(?!!)(?:[^*]++|\*(?!/))*+\*/)*+", re.S
)
# White space and comments between the words of a statement (hand-edited dumps have them).
_GAP = rb"(?:\s++|--(?=[ \t\r\n])[^\n]*+|\#[^\n]*+|/\*(?:[^*]++|\*(?!/))*+\*/)*+"
_INSERT = re.compile(
    rb"(?:INSERT|REPLACE)(?:"
    + _GAP
    + rb"(?:LOW_PRIORITY|DELAYED|HIGH_PRIORITY|IGNORE))*"
    + _GAP
    + rb"(?:INTO"
    + _GAP
    + rb")?"
    rb"((?:`[^`]*`|\"[^\"]*\"|[\w$]+)(?:\s*\.\s*(?:`[^`]*`|\"[^\"]*\"|[\w$]+))?)"
    + _GAP
    + rb"(\((?:[^()'\"]|`[^`]*`)*\))?"
    + _GAP
    + rb"VALUES?"
    + _GAP,
    re.I | re.S,
)
_CREATE = re.compile(
    rb"CREATE"
    + _GAP
    + rb"(?:TEMPORARY"
    + _GAP
    + rb")?TABLE"
    + _GAP
    + rb"(?:IF\s+NOT\s+EXISTS"
    + _GAP
    + rb")?"
    rb"((?:`[^`]*`|\"[^\"]*\"|[\w$]+)(?:\s*\.\s*(?:`[^`]*`|\"[^\"]*\"|[\w$]+))?)" + _GAP + rb"\(",
    re.I | re.S,
)
_CONDITIONAL = re.compile(rb"/\*!\d*\s*(.*?)\s*\*/\s*;?", re.S)
_SET_NAMES = re.compile(rb"SET\s+NAMES\s+['\"`]?(\w+)", re.I)
_DELIMITER = re.compile(rb"DELIMITER[ \t]+(\S+)[^\n]*(?:\n|\Z)", re.I)
_IDENT = re.compile(rb"`((?:[^`]|``)*)`|\"((?:[^\"]|\"\")*)\"|([\w$]+)")
# One value of a row and what follows it (a comma or the closing bracket).
_VALUE = re.compile(
    rb"""\s*+(?:'((?:[^'\\]++|\\.|'')*+)'|(NULL)|([-+]?(?:\d++\.?\d*+|\.\d++)(?:[eE][-+]?\d++)?)"""
    rb"""|"((?:[^"\\]++|\\.|"")*+)"|0x([0-9A-Fa-f]*+)|[Xx]'([0-9A-Fa-f]*+)'|[Bb]'([01]*+)'"""
    rb"""|_\w+\s*+'((?:[^'\\]++|\\.|'')*+)'|([A-Za-z_]\w*+(?:\s*+\(\s*+\))?))\s*+([,)])""",
    re.S | re.I,
)
_ROW_START = re.compile(_GAP + rb"\(")
_ROW_NEXT = re.compile(_GAP + rb"(,|;|\Z|)")
# MySQL's escapes; any other escaped character stands for itself, except `\%` and `\_` (LIKE
# wildcards, escaped only in patterns), which keep their backslash. A doubled quote is one.
_SPECIAL = {b"0": b"\x00", b"b": b"\x08", b"n": b"\n", b"r": b"\r", b"t": b"\t", b"Z": b"\x1a"}
_UNESCAPED = {b"\\" + bytes([c]): _SPECIAL.get(bytes([c]), bytes([c])) for c in range(256)}
_UNESCAPED.update({b"\\%": b"\\%", b"\\_": b"\\_", b"''": b"'", b'""': b'"'})
_ESCAPED = {b"'": re.compile(rb"\\.|''", re.S), b'"': re.compile(rb'\\.|""', re.S)}


def _unescaped(match: re.Match) -> bytes:
    return _UNESCAPED[match.group(0)]


def unescape(raw: bytes, quote: bytes = b"'") -> bytes:
    """A quoted SQL string's content as stored: `\\n`, `\\'`, the doubled quote of its kind
    (`''` in '...', `""` in "...") and the other escapes undone, in one pass."""
    if b"\\" not in raw and quote + quote not in raw:
        return raw
    return _ESCAPED[quote].sub(_unescaped, raw)


def identifier(raw: bytes) -> str:
    """A table or column name as written (backquotes removed), the last part of `db`.`table`."""
    names = []
    for match in _IDENT.finditer(raw):
        if match.group(1) is not None:
            names.append(match.group(1).replace(b"``", b"`"))
        elif match.group(2) is not None:
            names.append(match.group(2).replace(b'""', b'"'))
        else:
            names.append(match.group(3))
    return names[-1].decode("utf-8", "replace") if names else ""


def _columns(raw: bytes) -> list[str]:
    return [identifier(part) for part in _split_top_level(raw.strip()[1:-1])]


def _split_top_level(raw: bytes) -> list[bytes]:
    """`raw` split at commas outside brackets and quotes."""
    parts, depth, start, pos = [], 0, 0, 0
    for match in _SKIP.finditer(raw):
        token = match.group(0)
        pos = match.start()
        if token[:1] in (b"'", b'"', b"`", b"-", b"#", b"/") and len(token) > 1:
            continue
        if token in (b"'", b'"', b"`") or raw.startswith(b"/*", pos):
            break  # never closed: the rest is inside it (and each later quote would rescan)
        for offset, char in enumerate(token):
            if char == 0x28:
                depth += 1
            elif char == 0x29:
                depth -= 1
            elif char == 0x2C and depth == 0:
                parts.append(raw[start : pos + offset])
                start = pos + offset + 1
    parts.append(raw[start:])
    return [p for p in parts if p.strip()]


_COLUMN_DEFINITION = re.compile(_GAP + rb"(`(?:[^`]|``)*`|\"(?:[^\"]|\"\")*\"|[\w$]+)", re.S)
_NOT_COLUMNS = {
    "primary",
    "key",
    "index",
    "unique",
    "constraint",
    "foreign",
    "fulltext",
    "spatial",
    "check",
}


def create_table_columns(body: bytes) -> list[str]:
    """Column names of a CREATE TABLE body (between its outer brackets)."""
    columns = []
    for part in _split_top_level(body):
        match = _COLUMN_DEFINITION.match(part)
        if not match:
            continue
        name_raw = match.group(1)
        name = identifier(name_raw)
        if not name_raw.startswith((b"`", b'"')) and name.casefold() in _NOT_COLUMNS:
            continue
        columns.append(name)
    return columns


class DumpReader:
    """Reads statements from a binary stream, holding only the current batch in memory."""

    def __init__(self, stream: IO[bytes], chunk: int = CHUNK) -> None:
        self.stream = stream
        self.chunk = chunk
        self.buf = b""
        self.pos = 0
        self.base = 0  # stream offset of buf[0]
        self.keep: int | None = None  # stream offset that must stay in the buffer
        self.eof = False
        self.notes: list[DumpNote] = []
        self.truncation_noted = False
        self.mysqldump: bool | None = None  # it begins as mysqldump writes (with comments)
        self.last_bytes = b""  # the stream's last few kB, for its closing comment

    @property
    def offset(self) -> int:
        """Bytes of the stream read so far (for progress)."""
        return self.base + self.pos

    def _fill(self) -> bool:
        """Read one more chunk (dropping what was consumed); False at the end of the stream."""
        if self.eof:
            return False
        drop = self.pos if self.keep is None else min(self.pos, self.keep - self.base)
        if drop > 0:
            self.base += drop
            self.buf = self.buf[drop:]
            self.pos -= drop
        data = self.stream.read(self.chunk)
        if not data:
            self.eof = True
            return False
        if self.mysqldump is None:
            self.mysqldump = data.lstrip()[:40].startswith(b"-- MySQL dump")
        self.last_bytes = (self.last_bytes + data[-4096:])[-4096:]
        self.buf += data
        return True

    def _whole(self, pattern: re.Pattern[bytes]) -> re.Match[bytes]:
        """`_match` of a pattern that matches anywhere (it may match nothing)."""
        match = self._match(pattern)
        if match is None:
            raise ValueError(f"{pattern.pattern!r} must match everywhere")
        return match

    def _match(self, pattern: re.Pattern[bytes]) -> re.Match[bytes] | None:
        """`pattern` at the current position, reading more while it may reach past the buffer."""
        while len(self.buf) - self.pos < LOOKAHEAD and self._fill():
            pass
        while True:
            match = pattern.match(self.buf, self.pos)
            if match is not None and (match.end() < len(self.buf) or self.eof):
                return match
            if len(self.buf) - self.pos > MAX_VALUE or not self._fill():
                return pattern.match(self.buf, self.pos)

    def statements(self) -> Iterator[CreateTable | InsertRows | DumpNote]:
        """Every CREATE TABLE and INSERT (in batches of rows), and notes, in dump order."""
        while True:
            self.pos = self._whole(_BLANK).end()
            if self.pos >= len(self.buf) and not self._fill():
                yield from self._ending()
                return
            head = self.buf[self.pos : self.pos + 256]
            word = head[:9].upper()
            if head.startswith(b"/*!"):
                yield from self._conditional()
            elif word == b"DELIMITER":
                self._delimiter()
            elif word[:6] in (b"INSERT", b"REPLAC"):
                yield from self._insert()
            elif word[:6] == b"CREATE":
                statement = self._statement()
                match = _CREATE.match(statement)
                if match:
                    body = statement[match.end() : statement.rfind(b")")]
                    yield CreateTable(identifier(match.group(1)), create_table_columns(body))
            else:
                statement = self._statement()
                names = _SET_NAMES.search(statement[:200])
                if names and statement[:3].upper() == b"SET":
                    yield DumpNote("set_names", names.group(1).decode("ascii", "replace"))

    def _ending(self) -> Iterator[DumpNote]:
        """A note when the dump stopped early between two statements: its compressed bytes
        ended inside a member, or a mysqldump dump lacks its closing `-- Dump completed`."""
        if self.truncation_noted:
            return
        read = f"{self.offset:,} bytes of text read, up to the end of the last whole statement"
        if getattr(self.stream, "cut_short", False):
            detail = f"the compressed dump stops before its end (the copy was cut short): {read}"
            yield DumpNote("dump_truncated", detail, self.offset)
        elif self.mysqldump and b"-- Dump completed" not in self.last_bytes:
            detail = (
                "the dump begins as mysqldump writes it but lacks its closing '-- Dump "
                f"completed' line: it may have been cut short between two statements; {read}"
            )
            yield DumpNote("dump_truncated", detail, self.offset)

    def _conditional(self) -> Iterator[DumpNote]:
        match = self._match(_CONDITIONAL)
        if match is None:
            self._statement()
            return
        self.pos = match.end()
        names = _SET_NAMES.search(match.group(1))
        if names:
            yield DumpNote("set_names", names.group(1).decode("ascii", "replace"))

    def _delimiter(self) -> None:
        """Skip stored routines and triggers, written between `DELIMITER ;;` and `DELIMITER ;`."""
        match = self._match(_DELIMITER)
        if match is None:
            self.pos = len(self.buf)
            return
        self.pos = match.end()
        if match.group(1) == b";":
            return
        while True:
            end = self.buf.find(b"DELIMITER ;", self.pos)
            if end >= 0:
                self.pos = end
                return
            self.pos = max(self.pos, len(self.buf) - 16)
            if not self._fill():
                self.pos = len(self.buf)
                return

    def _statement(self) -> bytes:
        """The statement at the current position up to its `;` (quotes and comments skipped)."""
        self.keep = self.base + self.pos
        try:
            while True:
                match = self._match(_SKIP)
                if match is None:
                    self.pos = len(self.buf)
                    return self.buf[self.keep - self.base :]
                token = match.group(0)
                unclosed_comment = token == b"/" and self.buf.startswith(b"/*", match.start())
                if token in (b"'", b'"', b"`") or unclosed_comment:
                    # A quote or comment not closed in the buffer: its value goes on in the next
                    # chunk. One that never closes holds the rest of the dump (reading on from
                    # each quote after it would scan the rest again each time).
                    self.pos = match.start()
                    if len(self.buf) - self.pos <= MAX_VALUE and self._fill():
                        continue
                    if self.eof:
                        self.pos = len(self.buf)
                        return self.buf[self.keep - self.base :]
                    self.pos = match.end()
                    continue
                self.pos = match.end()
                if token == b";":
                    return self.buf[self.keep - self.base : self.pos - 1]
        finally:
            self.keep = None

    def _insert(self) -> Iterator[InsertRows | DumpNote]:
        match = self._match(_INSERT)
        if match is None:
            offset = self.offset
            statement = self._statement()
            yield DumpNote("unreadable_statement", statement[:80].decode("latin-1"), offset)
            return
        table = identifier(match.group(1))
        columns = _columns(match.group(2)) if match.group(2) else None
        self.pos = match.end()
        batch = InsertRows(table, columns)
        size = 0
        while True:
            before = self.offset
            if not self._row_by_values(batch):
                offset = self.offset
                rest = self._statement()
                if self.eof and self.pos >= len(self.buf) and not rest.rstrip().endswith(b";"):
                    detail = f"the dump ends inside a row of {table}: it was cut short there"
                    self.truncation_noted = True
                    yield DumpNote("dump_truncated", detail, offset)
                else:
                    yield DumpNote("unreadable_row", f"a row of {table} could not be read", offset)
                break
            size += self.offset - before
            following = self._whole(_ROW_NEXT)
            self.pos = following.end()
            if following.group(1) != b",":
                if following.group(1) == b"" and self.pos < len(self.buf):
                    self._statement()  # "ON DUPLICATE KEY UPDATE ...": nothing for us
                break
            if size >= BATCH_BYTES:
                yield batch
                batch, size = InsertRows(table, columns), 0
        if batch.rows:
            yield batch

    def _row_by_values(self, batch: InsertRows) -> bool:
        """One row, value by value (any literal, cut anywhere by the buffer); False when it
        cannot be read."""
        found = self._match(_ROW_START)
        if found is None:
            return False
        self.pos = found.end()
        row = []
        while True:
            # Every match ends with its separator, so one found in the buffer is whole; only a
            # value the buffer cuts short needs more of the stream.
            value = _VALUE.match(self.buf, self.pos) or self._match(_VALUE)
            if value is None:
                return False
            self.pos = value.end()
            text = value.group(1)
            row.append(unescape(text) if text is not None else _value(value))
            if value.group(10) == b")":
                batch.rows.append(tuple(row))
                return True


def _value(match: re.Match):
    """The Python value of one matched SQL literal."""
    text = match.group(1)
    if text is not None:
        return unescape(text)
    if match.group(2) is not None:
        return None
    number = match.group(3)
    if number is not None:
        try:
            return int(number)
        except ValueError:
            try:
                return float(number)
            except ValueError:
                return number
    for group, convert in (
        (4, lambda raw: unescape(raw, b'"')),
        (5, lambda digits: bytes.fromhex(digits.decode("ascii"))),
        (6, lambda digits: bytes.fromhex(digits.decode("ascii"))),
        (7, lambda bits: int(bits or b"0", 2)),
        (8, unescape),
    ):
        raw = match.group(group)
        if raw is not None:
            try:
                return convert(raw)
            except ValueError:
                return raw
    return match.group(9)


def read_dump(
    stream: IO[bytes], chunk: int = CHUNK
) -> Iterator[CreateTable | InsertRows | DumpNote]:
    """Statements of the dump in `stream` (CREATE TABLE, INSERT batches, notes), streamed."""
    return DumpReader(stream, chunk).statements()
