"""A header drawn in a box: every line framed by the same mark on both sides.

Some writers set their header inside a box of asterisks, bars or hashes:

    *****************************************
    *   Title:    Shore Leave               *
    *   Summary:  A beach, and a captain    *
    *             who cannot rest.          *
    *****************************************

Read as is, every value ends in the frame and a wrapped value opens with it. `unframe` finds runs
of framed lines by their shape and gives back the lines with the frame taken off (the top and
bottom rules stay: they are ordinary separators). Line numbers stay those of the file.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ficarchive.legacy.document import Document

# A mark, space, the text, space, the same mark; or an empty framed line ("*      *").
FRAMED = re.compile(r"^[ \t]*(?P<mark>[*|#])(?:[ \t]+(?P<inner>\S.*?))?[ \t]+(?P=mark)[ \t]*$")
MIN_RUN = 3  # fewer framed lines in a row are not a box (a line of emphasis, a table cell)
MAX_FRAMED = 300  # a box line is never longer


def _framed(line: str) -> tuple[str, str] | None:
    if len(line) > MAX_FRAMED or line[:1] not in " \t*|#":
        return None
    match = FRAMED.match(line)
    if match is None:
        return None
    return match.group("mark"), (match.group("inner") or "").strip()


def unframe(doc: Document) -> Document:
    """The document with the frames of boxed runs (three or more framed lines in a row, each
    with the same mark on both sides) taken off; the document itself when there is none."""
    lines = list(doc.lines)
    changed = False
    i = 0
    while i < len(lines):
        first = _framed(lines[i])
        if first is None:
            i += 1
            continue
        j = i + 1
        inners = [first[1]]
        while j < len(lines):
            found = _framed(lines[j])
            if found is None or found[0] != first[0]:
                break
            inners.append(found[1])
            j += 1
        if j - i >= MIN_RUN:
            lines[i:j] = inners
            changed = True
        i = j
    return replace(doc, lines=lines) if changed else doc
