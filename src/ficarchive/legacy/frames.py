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
LINE_ENDS = ("*", "|", "#", "* ", "| ", "# ", "*\t", "|\t")
MIN_RUN = 3  # fewer framed lines in a row are not a box (a line of emphasis, a table cell)
MAX_FRAMED = 300  # a box line is never longer
HEAD_LINES = 120  # lines at the top of a file where a boxed header may stand
TAIL_LINES = 60  # and at its end


def _framed(line: str) -> tuple[str, str] | None:
    # Cheap tests first: most lines end with a letter or a stop, and open with one.
    if line[-1:] not in "*|# \t" or line[:1] not in " \t*|#" or len(line) > MAX_FRAMED:
        return None
    match = FRAMED.match(line)
    if match is None:
        return None
    return match.group("mark"), (match.group("inner") or "").strip()


def unframe(doc: Document) -> Document:
    """The document with the frames of boxed runs (three or more framed lines in a row, each
    with the same mark on both sides) taken off; the document itself when there is none.

    Only the file's first `HEAD_LINES` and last `TAIL_LINES` lines are looked at: a box holds a
    header, which stands before or after the story, never inside it."""
    lines = list(doc.lines)
    changed = False
    changed |= _unframe_range(lines, 0, min(len(lines), HEAD_LINES))
    changed |= _unframe_range(lines, max(HEAD_LINES, len(lines) - TAIL_LINES), len(lines))
    return replace(doc, lines=lines) if changed else doc


def _unframe_range(lines: list[str], i: int, stop: int) -> bool:
    """Unframe the boxed runs that start in `lines[i:stop]`, in place; True when one was."""
    # Lines that end in a mark (a rule of stars does too), then runs of framed ones among them.
    ends = LINE_ENDS
    candidates = [k for k, line in enumerate(lines[i:stop], i) if line.endswith(ends)]
    if len(candidates) < MIN_RUN:
        return False
    changed = False
    n = 0
    while n < len(candidates):
        k = candidates[n]
        first = _framed(lines[k])
        if first is None:
            n += 1
            continue
        inners = [first[1]]
        m = n + 1
        while m < len(candidates) and candidates[m] == k + len(inners):
            found = _framed(lines[candidates[m]])
            if found is None or found[0] != first[0]:
                break
            inners.append(found[1])
            m += 1
        if len(inners) >= MIN_RUN:
            lines[k : k + len(inners)] = inners
            changed = True
        n = m
    return changed
