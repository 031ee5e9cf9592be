"""MIME bodies of a mailed story, made plain before the text is decoded.

A story mailed to a list in 1999-2005 often reached the archive as the mail itself: its
headers say `Content-Transfer-Encoding: quoted-printable` (`=92` for an apostrophe, `=` at a
line end for a soft break), or `Content-Type: multipart/alternative` with the story twice (as
text and as HTML) between boundary lines, or `multipart/mixed` with a note and the story as an
attached text part. `unwrap_mime` turns such a file into its header block and the text the
reader wants: the text/plain parts in order (else the first HTML part), each with its transfer
encoding undone. Bytes without a MIME header block at the top come back as they are.

Everything here is linear in the input: lines are split once per nesting level (at most
`MAX_DEPTH`), and quoted-printable and base64 are undone by `binascii`.
"""

from __future__ import annotations

import binascii
import re

HEAD_LINES = 200  # the top header block is looked for in this many lines
HEAD_BYTES = 20000  # ... and in this many bytes
ENCODED_WORDS = (b"quoted-printable", b"base64", b"multipart/")
MAX_DEPTH = 3
HEADER = re.compile(rb"^([A-Za-z][A-Za-z0-9-]{0,40}):[ \t]*(.*)$")
BOUNDARY = re.compile(rb'(?i)\bboundary\s*=\s*(?:"([^"\r\n]{1,200})"|([^\s;"]{1,200}))')
MIME_NAMES = (b"content-type", b"content-transfer-encoding")


def unwrap_mime(data: bytes) -> bytes:
    """`data` with a MIME body made plain (see the module note); unchanged when it has none."""
    head = data[:HEAD_BYTES]
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"ontent-" not in head:
        return data  # UTF-16 text, or no Content-* header near the top: nothing to do
    folded = head.lower()
    if not any(word in folded for word in ENCODED_WORDS):
        return data  # a plain text/plain post: nothing to undo
    top = head.split(b"\n")[:HEAD_LINES]
    start = next((i for i, line in enumerate(top) if line.strip()), None)
    if start is None:
        return data
    end = start
    while end < len(top) - 1 and top[end].strip():
        end += 1
    headers = _headers(top[start:end])
    if not any(name in headers for name in MIME_NAMES):
        return data
    lines = data.split(b"\n")
    body = _plain(headers, lines[end + 1 :], 0)
    if body is None:
        return data
    eol = b"\r\n" if lines[start].endswith(b"\r") else b"\n"
    return b"\n".join(lines[:end]) + b"\n" + eol + body


def _headers(block: list[bytes]) -> dict[bytes, bytes]:
    """Lower-case header names and their values (folded lines joined) of a header block."""
    headers: dict[bytes, bytes] = {}
    name = None
    for raw in block:
        line = raw.rstrip(b"\r")
        if line[:1] in (b" ", b"\t") and name is not None:
            headers[name] += b" " + line.strip()
            continue
        match = HEADER.match(line)
        if match:
            name = match.group(1).lower()
            headers.setdefault(name, match.group(2).strip())
    return headers


def _plain(headers: dict[bytes, bytes], lines: list[bytes], depth: int) -> bytes | None:
    """The readable text of a body under `headers`, or None when there is nothing to undo."""
    kind = headers.get(b"content-type", b"text/plain").lower()
    if kind.startswith(b"multipart/") and depth < MAX_DEPTH:
        return _multipart(headers, lines, depth)
    encoding = headers.get(b"content-transfer-encoding", b"").strip().lower()
    body = b"\n".join(lines)
    if encoding == b"quoted-printable":
        return binascii.a2b_qp(body)
    if encoding == b"base64":
        try:
            return binascii.a2b_base64(body)
        except (binascii.Error, ValueError):
            return None
    return body if depth else None


def _multipart(headers: dict[bytes, bytes], lines: list[bytes], depth: int) -> bytes | None:
    """The text/plain parts of a multipart body joined (else its first HTML part)."""
    match = BOUNDARY.search(headers.get(b"content-type", b""))
    if not match:
        return None
    delimiter = b"--" + (match.group(1) or match.group(2))
    alternative = headers[b"content-type"].lower().startswith(b"multipart/alternative")
    plain: list[bytes] = []
    html: list[bytes] = []
    for part in _parts(lines, delimiter):
        end = next((i for i, line in enumerate(part) if not line.strip()), len(part))
        part_headers = _headers(part[:end])
        kind = part_headers.get(b"content-type", b"text/plain").lower()
        text = _plain(part_headers, part[end + 1 :], depth + 1)
        if text is None or not text.strip():
            continue
        if kind.startswith(b"text/html"):
            html.append(text)
        elif kind.startswith((b"text/plain", b"multipart/")):
            plain.append(text)
            if alternative:
                break
    chosen = plain or html[:1]
    return b"\n\n".join(chosen) if chosen else None


def _parts(lines: list[bytes], delimiter: bytes) -> list[list[bytes]]:
    """The parts between the boundary lines (preamble and epilogue dropped)."""
    parts: list[list[bytes]] = []
    current: list[bytes] | None = None
    for line in lines:
        bare = line.rstrip()
        if bare.startswith(delimiter):
            rest = bare[len(delimiter) :]
            if rest in (b"", b"--"):
                if current is not None:
                    parts.append(current)
                current = None if rest == b"--" else []
                if rest == b"--":
                    break
                continue
        if current is not None:
            current.append(line)
    if current is not None:
        parts.append(current)
    return parts
