"""Double-spaced text: a blank line under every line, and wider gaps between paragraphs.

Some old files were saved with every line followed by a blank line (a typewriter's double
spacing, or a mailer that doubled line ends). Read as is, every wrapped line would be a
paragraph of its own. `undouble` finds such text by its shape (most lines wrapped mid-sentence,
each followed by exactly one blank line) and gives back lines where single gaps close up and
wider gaps become one blank line. Line numbers stay those of the file.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ficarchive.legacy.document import Document

MIN_LINES = 12  # too few lines to tell a shape
SENTENCE_END = re.compile(r"[.!?:\"”')\]]\s*$")


def _gaps(lines: list[str]) -> list[int]:
    """For each non-blank line, how many blank lines follow it (up to the next text line)."""
    gaps: list[int] = []
    blank = 0
    for line in lines:
        if line.strip():
            if gaps:
                gaps[-1] = blank
            gaps.append(0)
            blank = 0
        else:
            blank += 1
    return gaps


def _plainly_single(lines: list[str]) -> bool:
    """A quick pass that stops early on ordinary text: more than 5% of all lines sit right under
    a text line, or more than 20% are long. Either bound, taken over all lines, is over the one
    `is_double_spaced` takes over text lines, so text this finds is never double-spaced."""
    zero_limit = len(lines) * 0.05
    long_limit = len(lines) * 0.2
    zeros = longs = 0
    previous = False
    for line in lines:
        stripped = line.strip()
        if not stripped:
            previous = False
            continue
        if previous:
            zeros += 1
            if zeros > zero_limit:
                return True
        if len(stripped) > 90:
            longs += 1
            if longs > long_limit:
                return True
        previous = True
    return False


def is_double_spaced(lines: list[str]) -> bool:
    """Most text lines are followed by exactly one blank line and end mid-sentence."""
    if len(lines) < MIN_LINES or _plainly_single(lines):
        return False
    text = [line for line in lines if line.strip()]
    if len(text) < MIN_LINES:
        return False
    gaps = _gaps(lines)[:-1]
    single = sum(1 for gap in gaps if gap == 1)
    if sum(1 for gap in gaps if gap == 0) > len(gaps) * 0.05 or single < len(gaps) * 0.6:
        return False
    wrapped = [line for line in text if len(line.strip()) <= 90]
    if len(wrapped) < len(text) * 0.8:
        return False  # long lines: one paragraph a line, not double spacing
    mid_sentence = sum(1 for line in wrapped if not SENTENCE_END.search(line))
    return mid_sentence >= len(wrapped) * 0.4


def undouble(doc: Document) -> Document:
    """`doc` with double spacing undone (the same document when it is not double-spaced)."""
    if not is_double_spaced(doc.lines):
        return doc
    base = _paragraph_indent(doc.lines)
    lines: list[str] = []
    numbers: list[int] = []
    blank = 0
    for line, number in zip(doc.lines, doc.numbers, strict=False):
        if not line.strip():
            blank += 1
            continue
        # A wider gap ends a paragraph; so does a line set in, where the typist marked
        # paragraphs by their first line's indent rather than by gaps.
        if (blank >= 2 or (base is not None and _indent(line) > base)) and lines:
            lines.append("")
            numbers.append(number - 1)
        lines.append(line)
        numbers.append(number)
        blank = 0
    return replace(doc, lines=lines, numbers=numbers)


MIN_WIDE_GAPS = 3  # text with this many wider gaps marks its paragraphs by them


def _paragraph_indent(lines: list[str]) -> int | None:
    """The indent of wrapped lines, when paragraphs are marked by a deeper first-line indent
    (few wider gaps, and both indented and flush lines); else None."""
    if sum(1 for gap in _gaps(lines) if gap >= 2) >= MIN_WIDE_GAPS:
        return None
    indents = [_indent(line) for line in lines if line.strip()]
    base = min(indents, default=0)
    deeper = sum(1 for indent in indents if indent > base)
    return base if 0 < deeper < len(indents) * 0.7 else None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())
