"""`ARCHIVE_DB.pl`, Automated Archive's Perl hash of every story, read as the archive meant it.

    %FILES = (
    1 => {
    <TAB>Title => 'Orbit',
    <TAB>Summary => 'Vila's luck runs out.',     <- an apostrophe nobody escaped
        Notes => 'a value that goes on        <- spaces instead of a tab, a line break
    on the next line',
    },
    );
    1;

Real files are not valid Perl (Open Doors fixes them by hand): values hold unescaped quotes
and line breaks, records are indented any way, and the file is in cp1252 or UTF-8. This
reader takes each record and field from the line structure instead of Perl's grammar, decodes
every value on its own, and lists every repair it had to make. Values written with Perl's
quote operators (`q{...}`, `qq(...)`, `q!...!`, nested brackets, escaped delimiters, line
breaks) are read by Perl's own rules first and stand in the lines as one short token.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from html import unescape

from ficarchive.legacy.decode import decode_value
from ficarchive.rescue.source import Problem

_RECORD = re.compile(rb"^(\s*)['\"]?([\w.-]+)['\"]?\s*=>\s*\{\s*(?:#.*)?$")
_END = re.compile(rb"^\s*\}\s*[,;]?\s*(?:#.*)?$")
_FIELD = re.compile(rb"^(\s*)['\"]?(\w+)['\"]?\s*=>\s*(['\"])(.*)$", re.S)
_CLOSED = re.compile(rb"^(.*)(['\"])\s*,?\s*(?:#.*)?$", re.S)


@dataclass
class Record:
    old_id: str
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class PerlDb:
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    field_names: list[str] = field(default_factory=list)
    # The values of `q{...}` / `qq{...}` quotes, which stand in the lines as `'\0q<n>\0'`.
    quoted: list[bytes] = field(default_factory=list, repr=False)


def _closing(rest: bytes, quote: bytes) -> bytes | None:
    """The value when `rest` ends with its closing quote (and a comma), else None."""
    match = _CLOSED.match(rest.rstrip(b"\r\n"))
    if match and match.group(2) == quote:
        return match.group(1)
    return None


def _value(raw: bytes, quote: bytes) -> tuple[str, bool]:
    """The text of a quoted Perl value, and whether it held an unescaped quote of its kind."""
    unescaped = re.search(rb"(?<!\\)" + re.escape(quote), raw) is not None
    raw = raw.replace(b"\\" + quote, quote).replace(b"\\\\", b"\\")
    text = decode_value(raw)
    return unescape(text) if "&" in text else text, unescaped


def perl_db_parse(data: bytes) -> PerlDb:
    """Every record of an `ARCHIVE_DB.pl`, with the problems it had (never raises)."""
    db = PerlDb()
    try:
        data.decode("utf-8")
        utf8 = True
    except UnicodeDecodeError:
        utf8 = False
    lines = _lines(_quote_operators_taken_out(db, data))
    record: Record | None = None
    indents: dict[str, set[bytes]] = {}
    pending: tuple[str, bytes, list[bytes]] | None = None  # field, quote, lines so far
    non_utf8: list[tuple[str, str]] = []
    for line in lines:
        if pending is not None and record is not None:
            consumed, finished = _pending_line(db, record, pending, line, non_utf8)
            if finished:
                pending = None
            if consumed:
                continue
        started = _RECORD.match(line)
        if started and record is None:
            record = Record(started.group(2).decode("latin-1"))
            continue
        if record is not None and _END.match(line):
            db.records.append(record)
            record = None
            continue
        found = _FIELD.match(line)
        if found is None or record is None:
            continue
        indent, raw_name, quote, rest = found.groups()
        name = raw_name.decode("latin-1")
        indents.setdefault(record.old_id, set()).add(b"\t" if b"\t" in indent else b" ")
        value = _closing(rest, quote)
        if value is None:
            pending = (name, quote, [rest])
            continue
        _store(db, record, name, value, quote, non_utf8)
    if record is not None:
        db.records.append(record)
    _indent_problems(db, indents)
    if not utf8:
        db.problems.append(_non_utf8_problem(non_utf8))
    return db


# Records written more compactly than the script wrote them: "1 =>" with its brace on the next
# line, several fields on one line, "{" or "}" on a field's line.
_BRACE_BELOW = re.compile(rb"(?m)^(\s*['\"]?[\w.-]+['\"]?\s*=>)[ \t]*\n\s*\{")
_AFTER_OPEN = re.compile(rb"^(\s*['\"]?[\w.-]+['\"]?\s*=>\s*\{)[ \t]*(?=\S)(?!#)")
_NEXT_FIELD = re.compile(rb"(['\"])[ \t]*,[ \t]*(?=['\"]?\w+['\"]?[ \t]*=>)")
_BEFORE_CLOSE = re.compile(rb"(['\"])[ \t]*,?[ \t]*(\}[ \t]*[,;]?[ \t]*)$")


def _lines(data: bytes) -> list[bytes]:
    """The file's lines, one record start, field or record end on each."""
    data = data.replace(b"\r\n", b"\n")
    if b"\n" not in data:
        data = data.replace(b"\r", b"\n")  # saved on a classic Mac: lines end in CR alone
    data = _BRACE_BELOW.sub(rb"\1 {", data)
    lines = []
    for line in data.split(b"\n"):
        if b"=>" in line or b"}" in line:
            line = _AFTER_OPEN.sub(rb"\1\n\t", line)
            line = _NEXT_FIELD.sub(rb"\1,\n\t", line)
            line = _BEFORE_CLOSE.sub(rb"\1,\n\2", line)
        lines += line.split(b"\n")
    return lines


def _pending_line(
    db: PerlDb,
    record: Record,
    pending: tuple[str, bytes, list[bytes]],
    line: bytes,
    non_utf8: list,
) -> tuple[bool, bool]:
    """Feed one line to a value whose closing quote has not come yet.

    Returns (the line was used up, the value is finished). A value ends at its closing quote, or,
    when the quote never comes, at the next field or record end (which is then read as usual)."""
    name, quote, parts = pending
    closed = _closing(line, quote)
    if closed is None and not _FIELD.match(line) and not _END.match(line):
        parts.append(line)
        return True, False
    if closed is not None:
        parts.append(closed)
    _store(db, record, name, b" ".join(p.strip() for p in parts), quote, non_utf8)
    db.problems.append(
        Problem(
            "line_break_in_value",
            f"{name} of record {record.old_id} goes on over {len(parts)} lines: joined",
            {"old_id": _id(record.old_id), "field": name},
        )
    )
    return closed is not None, True


def _non_utf8_problem(non_utf8: list[tuple[str, str]]) -> Problem:
    where = "; ".join(f"record {r}'s {f}" for r, f in non_utf8[:5]) or "somewhere"
    return Problem(
        "non_utf8_bytes",
        f"ARCHIVE_DB.pl is not UTF-8 (cp1252 bytes in {where}): each value decoded on its own",
        {"old_id": _id(non_utf8[0][0])} if non_utf8 else {},
    )


def _store(db: PerlDb, record: Record, name: str, raw: bytes, quote: bytes, non_utf8: list) -> None:
    token = _TOKEN.fullmatch(raw.strip())
    if token is not None:
        raw = db.quoted[int(token.group(1))]
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        non_utf8.append((record.old_id, name))
    if token is not None:
        text = decode_value(raw)
        text, unescaped = (unescape(text) if "&" in text else text), False
    else:
        text, unescaped = _value(raw, quote)
    if unescaped:
        shown = text if len(text) < 40 else text[:37] + "..."
        db.problems.append(
            Problem(
                "unescaped_quote",
                f"{name} value {shown!r} breaks the Perl quoting: read to its last quote",
                {"old_id": _id(record.old_id), "field": name},
            )
        )
    record.fields[name] = text
    if name not in db.field_names:
        db.field_names.append(name)


# `q{...}`, `qq(...)`, `q!...!`: Perl's quote operators, after a fat comma.
_QUOTE_OPERATOR = re.compile(rb"=>[ \t]*(qq?)(?:\s+(?=[^\w\s#])|(?=[^\w\s=,\\]))(.)", re.S)
_PAIRS = {b"{": b"}", b"(": b")", b"[": b"]", b"<": b">"}
_TOKEN = re.compile(rb"\0q(\d+)\0")
_RECORD_START = re.compile(rb"(?m)^[ \t]*['\"]?[\w.-]+['\"]?[ \t]*=>[ \t]*\{")
_COMMA = re.compile(rb"[ \t]*,?")
# What a backslash stands for inside qq (as in "..."); any other escaped character is itself.
_QQ_ESCAPES = {b"n": b"\n", b"t": b"\t", b"r": b"\r", b"0": b"\0", b"e": b"\x1b", b"a": b"\x07"}


def _quote_operators_taken_out(db: PerlDb, data: bytes) -> bytes:
    """`data` with each `q{...}`/`qq{...}` value replaced by a token naming its text in
    `db.quoted`, read by Perl's rules: bracket delimiters nest, a backslash escapes the
    delimiter (and itself; in `qq` also `\\n`, `\\t`). A value is looked for up to the next
    record's start; one that never closes is reported, and it and the rest of its record's
    quote-operator values are read to the end of their lines. Linear in `data`."""
    if b"q" not in data:
        return data
    record_starts = [m.start() for m in _RECORD_START.finditer(data)]
    out, pos, lines_only_until = [], 0, -1
    while (found := _QUOTE_OPERATOR.search(data, pos)) is not None:
        opening = found.group(2)
        closing = _PAIRS.get(opening, opening)
        following = bisect.bisect_right(record_starts, found.end())
        region_end = record_starts[following] if following < len(record_starts) else len(data)
        scanned = None
        if found.start() >= lines_only_until:
            scanned = _quoted_scan(
                data, found.end(), region_end, opening, closing, found.group(1) == b"qq"
            )
        if scanned is None:
            if found.start() >= lines_only_until:
                line = data.count(b"\n", 0, found.start()) + 1
                db.problems.append(
                    Problem(
                        "unterminated_quote",
                        f"a {found.group(1).decode()}{opening.decode('latin-1')}..."
                        f"{closing.decode('latin-1')} value on line {line} does not close in its "
                        "record: it and the record's later ones are read to their line ends",
                        {"line": line},
                    )
                )
                lines_only_until = region_end
            line_end = data.find(b"\n", found.end())
            line_end = len(data) if line_end < 0 else line_end
            rest = data[found.end() : line_end].rstrip().removesuffix(b",").rstrip()
            scanned = rest.removesuffix(closing), line_end
        text, end = scanned
        out.append(data[pos : found.start()] + b"=> '\0q%d\0'," % len(db.quoted))
        db.quoted.append(text)
        pos = end
        if data[pos : pos + 1] != b"\n":
            pos += len(_COMMA.match(data, pos).group(0))  # type: ignore[union-attr]
    out.append(data[pos:])
    return b"".join(out)


def _quoted_scan(
    data: bytes, start: int, end: int, opening: bytes, closing: bytes, double: bool
) -> tuple[bytes, int] | None:
    """(the text of a quote-operator value starting after its opening delimiter at `start`,
    the position after its closing one), or None when it does not close before `end`."""
    nests = opening != closing
    stop = re.compile(
        rb"\\.|" + re.escape(closing) + (rb"|" + re.escape(opening) if nests else b""), re.S
    )
    depth, pos, parts = 0, start, []
    while (found := stop.search(data, pos, end)) is not None:
        parts.append(data[pos : found.start()])
        token = found.group(0)
        pos = found.end()
        if token[:1] == b"\\" and len(token) == 2:
            escaped = token[1:]
            if escaped in (opening, closing, b"\\"):
                parts.append(escaped)
            elif double:
                parts.append(_QQ_ESCAPES.get(escaped, escaped))
            else:
                parts.append(token)
        elif token == opening and nests:
            depth += 1
            parts.append(token)
        elif depth:
            depth -= 1
            parts.append(token)
        else:
            return b"".join(parts), pos
    return None


def _indent_problems(db: PerlDb, indents: dict[str, set[bytes]]) -> None:
    kinds = [next(iter(k)) for k in indents.values() if len(k) == 1]
    # The usual indent is the one most records use (tabs, as the script wrote them, on a tie).
    usual = max(set(kinds), key=lambda k: (kinds.count(k), k == b"\t")) if kinds else b"\t"
    for old_id, found in indents.items():
        if found != {usual}:
            db.problems.append(
                Problem(
                    "irregular_indent",
                    f"record {old_id} is indented with {'spaces' if b' ' in found else 'tabs'}",
                    {"old_id": _id(old_id)},
                )
            )


def _id(value: str):
    return int(value) if value.isdigit() else value
