"""Bytes to text: an RTF document's text (`rtf.py`), byte-order marks, UTF-8 first, then DOS code pages (437, 866: box-drawing
rules), cp1251 / KOI8-R (Russian) or cp1252 / Latin-1, mojibake repair, line ends.

UTF-8 is tried first because it is both the most common encoding and the cheapest to check: a
strict UTF-8 decode that succeeds is almost never wrong. Only when it fails do we fall back to the
Windows code page that most old story files were written in.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from ficarchive.legacy.rtf import is_rtf, rtf_to_text
from ficarchive.sanitize.text import text_clean

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Sequences that UTF-8 text takes on when it was read as cp1252/Latin-1 ("â€™" for "’", "Ã©" for "é").
_CONTINUATION = "\u0080-\u00bf\u2018-\u203a\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2122\u20ac"
MOJIBAKE = re.compile(f"[\u00c2-\u00f4][{_CONTINUATION}]")
MOJIBAKE_RUN = re.compile(f"[\u00c2-\u00f4][{_CONTINUATION}]{{1,3}}")


@dataclass
class Decoded:
    """Decoded text (with "\\n" line ends) and what was done to obtain it."""

    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)


def decode_bytes(data: bytes) -> Decoded:
    """Turn a file's bytes into text; never raises. Line ends become "\\n"."""
    text, encoding = _decode(data)
    notes = []
    if encoding == "rtf":
        notes.append("RTF document read as plain text")
    elif encoding not in ("utf-8", "ascii"):
        notes.append(f"text decoded as {encoding}")
    repaired = text if text.isascii() else repair_mojibake(text)
    if repaired != text:
        notes.append("repaired UTF-8 text that had been read as Latin-1 (mojibake)")
        text = repaired
    # Line ends become "\n"; controls go before any rule sees them (splitlines() would break
    # lines at some of them).
    text = text_clean(text)
    return Decoded(text=text, encoding=encoding, notes=notes)


def _decode(data: bytes) -> tuple[str, str]:
    if is_rtf(data[:64]):
        return rtf_to_text(data), "rtf"
    for bom, name in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    dos = _dos_code_page(data)
    if dos:
        return data.decode(dos, errors="replace"), dos
    cyrillic = _cyrillic_code_page(data)
    if cyrillic:
        return data.decode(cyrillic, errors="replace"), cyrillic
    if _is_mac_roman(data):
        return data.decode("mac_roman"), "mac_roman"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Latin-1 maps every byte.
        return data.decode("latin-1"), "latin-1"


# Whole words of bytes 0xC0-0xFF: Cyrillic letters in a single-byte code page. Western text
# in cp1252 has its accented letters one at a time between ASCII ones.
HIGH_WORD = re.compile(rb"[\xc0-\xff]{3,}")
LOWER_CYRILLIC = re.compile("[а-яё]")


# DOS box drawing (code pages 437, 850, 866 share it at 0xB0-0xDF): an underline or a frame
# is a run of one such byte ("ÄÄÄÄ" read as Latin-1, "ÄÄÄÄ" is no Russian either).
BOX_RUN = re.compile(rb"([\xb0-\xdf])\1{3,}")
MIN_BOX_BYTES = 8
# Cyrillic letters in DOS code page 866: 0x80-0xAF and 0xE0-0xEF.
CP866_WORD = re.compile(rb"[\x80-\xaf\xe0-\xef]{3,}")


def _dos_code_page(data: bytes) -> str | None:
    """ "cp437" (or "cp866" for Russian) when the bytes draw DOS boxes and rules.

    KOI8-R puts lower-case Russian letters where DOS draws boxes, so box runs alone would be
    read as Russian: the runs are set aside, and only if the rest does not read as Russian in a
    Windows or KOI8 code page is the file a DOS one.
    """
    sample = data[:65536]
    runs = [m.end() - m.start() for m in BOX_RUN.finditer(sample)]
    if sum(runs) < MIN_BOX_BYTES:
        return None
    rest = BOX_RUN.sub(b" ", sample)
    russian_dos = len(CP866_WORD.findall(rest))
    if russian_dos >= 3 and russian_dos > len(HIGH_WORD.findall(rest)):
        return "cp866"
    if _cyrillic_code_page(rest):
        return None
    return "cp437"


# Mac OS Roman's typographic marks where cp1252 has capital letters: an apostrophe inside a word
# ("It\xd5s": "ItÕs" in cp1252), a closing quote after punctuation, an opening one before a word.
MAC_MARKS = re.compile(rb"[a-z]\xd5[a-z]|[.,!?]\xd3|(?:^|[\s(])\xd2[A-Za-z]|[a-z] ?\xd1 ?[a-z]")
# cp1252's own quotes and dashes (in Mac OS Roman these bytes are accented small letters).
CP1252_MARKS = re.compile(rb"[\x91-\x94\x96\x97]")


def _is_mac_roman(data: bytes) -> bool:
    """True when non-UTF-8 bytes hold Mac OS Roman's curly quotes and dashes (a classic Mac
    file) rather than cp1252's: at least two such marks, more than cp1252 marks."""
    sample = data[:65536]
    if b"\xd5" not in sample and b"\xd3" not in sample and b"\xd1" not in sample:
        return False  # none of the marks at all (a memchr each): the common case
    mac = len(MAC_MARKS.findall(sample))
    return mac >= 2 and mac > len(CP1252_MARKS.findall(sample))


def _cyrillic_code_page(data: bytes) -> str | None:
    """ "cp1251" or "koi8-r" when non-UTF-8 bytes read as Russian, else None.

    Both code pages put letters in 0xC0-0xFF, with the cases swapped: the right one is the one
    that gives mostly lower-case letters, as running text has.
    """
    sample = data[:65536]
    if len(HIGH_WORD.findall(sample, 0, 16384)) < 3:
        return None
    counts = {
        name: len(LOWER_CYRILLIC.findall(sample.decode(name, errors="replace")))
        for name in ("cp1251", "koi8-r")
    }
    return max(counts, key=lambda name: counts[name])


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded as cp1252 or Latin-1, when doing so is clearly right."""
    if not MOJIBAKE.search(text):
        return text
    whole = _as_utf8(text)
    if whole is not None:
        return whole
    # Mixed text: repair run by run so that one stray character does not block the rest.
    return MOJIBAKE_RUN.sub(_repair_run, text)


def _as_utf8(text: str) -> str | None:
    """Re-read text as the UTF-8 bytes it came from (each character as cp1252, else Latin-1)."""
    out = bytearray()
    for ch in text:
        code = ord(ch)
        if code < 0x80:
            out.append(code)
            continue
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if code > 0xFF:
                return None
            out.append(code)
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _repair_run(match: re.Match) -> str:
    run = match.group(0)
    fixed = _as_utf8(run)
    return fixed if fixed is not None else run


# cp1252 for the bytes 0x80-0x9F it defines; the five it leaves undefined stay C1 controls, as
# MySQL's "latin1" (which is cp1252) stores them.
_CP1252_HIGH = {
    code: bytes([code]).decode("cp1252")
    for code in range(0x80, 0xA0)
    if code not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


def decode_value(data: bytes | str | None) -> str:
    """One stored value (a database field, a line of a metadata file) as text; never raises.

    Each value is decoded on its own, because one old archive mixes them: strict UTF-8, else
    cp1252 (its five undefined bytes kept as the C1 controls MySQL's latin1 gives them); then
    UTF-8 that was read as cp1252 or Latin-1 and stored again ("Ã©", "â€œ", and the C1
    controls a plain `.encode("cp1252")` cannot undo) is repaired. NUL bytes are dropped.
    """
    if data is None:
        return ""
    if isinstance(data, str):
        text = data
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("latin-1").translate(_CP1252_HIGH)
    if "\x00" in text:
        text = text.replace("\x00", "")
    return text if text.isascii() else repair_mojibake(text)
