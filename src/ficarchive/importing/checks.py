"""Is this file a story? Each check answers with a one-line reason, or None when it passes."""

from __future__ import annotations

import re

from ficarchive.legacy.model import ParsedWork
from ficarchive.works.services.chapter_limit import chapter_count_problem

# Leading bytes of formats people upload by mistake.
MAGIC_NUMBERS = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a zip archive or an office document"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
    (b"{\\rtf", "an RTF document (save it as plain text or HTML first)"),
    (b"ID3", "an MP3 file"),
    (b"OggS", "an Ogg audio file"),
    (b"RIFF", "a RIFF (WAV/AVI/WebP) file"),
)
TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
WORD = re.compile(r"^\W*[^\W\d_]+(?:['’.\-][^\W\d_]+)*\W*$")
# `WORD` over tokens joined by single spaces: a token holds no white space, so its leading and
# trailing non-word characters are [^\w\s], and a match is one whole token.
PROSE_TOKEN = re.compile(r"(?<!\S)[^\w\s]*[^\W\d_]+(?:['’.\-][^\W\d_]+)*[^\w\s]*(?!\S)")
# The prose share is read from at most this many words, evenly spread (a long story costs no more).
PROSE_SAMPLE = 600
# Fewer words than this, with no header at all, is a note or a list, not a story.
MIN_HEADERLESS_WORDS = 30
MIN_PROSE_SHARE = 0.6


def size_text(size: int) -> str:
    """A byte count for people: 812 bytes, 4.2 KB, 6.0 MB."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def data_problem(data: bytes, *, max_size: int) -> str | None:
    """Why these bytes cannot be a story file (empty, too large, binary), or None."""
    if not data:
        return "empty file"
    if len(data) > max_size:
        return f"file too large: {size_text(len(data))} (the limit is {size_text(max_size)})"
    if data.startswith(TEXT_BOMS):
        # UTF-16 text is full of NUL bytes; let the reader decode it.
        return None if data[3:].strip(b"\x00 \t\r\n\xff\xfe") else "empty file"
    if not data.strip():
        return "empty file (only blank space)"
    for magic, kind in MAGIC_NUMBERS:
        if data.startswith(magic):
            return f"not a story: this is {kind}"
    sample = data[:8192]
    if b"\x00" in sample or sum(sample.count(b) for b in CONTROL_BYTES) > len(sample) * 0.05:
        return "binary file, not a text story"
    return None


def parsed_has_header(parsed: ParsedWork) -> bool:
    """True when the reader found any header field beyond a title taken from the file name."""
    return bool(
        parsed.authors
        or parsed.rating_original
        or parsed.fandoms
        or parsed.relationships
        or parsed.summary
        or parsed.disclaimer
        or parsed.notes
        or parsed.series
        or parsed.extra
    )


def prose_words(tokens: list[str]) -> int:
    """How many of `tokens` (no white space in any) `WORD` matches whole. A token of letters
    only is a word (`str.isalpha` is true only of characters `[^\\W\\d_]` matches), which is
    most of any story: only the rest go through `PROSE_TOKEN`, in one pass over them joined
    by spaces."""
    rest = [token for token in tokens if not token.isalpha()]
    return len(tokens) - len(rest) + len(PROSE_TOKEN.findall(" ".join(rest)))


def story_problem(parsed: ParsedWork) -> str | None:
    """Why what the reader found is not a story (reader error, no text, data or code), or None."""
    errors = [d.message for d in parsed.diagnostics if d.level == "error"]
    if errors:
        return "cannot read it as a story: " + " ".join(errors[0].split())
    blocks = [b for c in parsed.chapters for b in c.blocks] or parsed.blocks
    words = "\n".join([b.text for b in blocks if b.kind in ("paragraph", "verse")]).split()
    tokens = len(words)
    if not tokens:
        return "not a story: no story text found"
    sample = words[:: -(-tokens // PROSE_SAMPLE)]
    prose = prose_words(sample)
    if prose < len(sample) * MIN_PROSE_SHARE:
        return "not a story: the text reads like code or data, not prose"
    if tokens < MIN_HEADERLESS_WORDS and not parsed_has_header(parsed):
        return f"not a story: no story header and only {tokens} words"
    return chapter_count_problem(sum(1 for c in parsed.chapters if c.blocks))
