"""A table of contents at the head of the story: the chapter list an export puts over the text.

Exports and saved pages list the chapters before the first one ("Table of Contents", then
"Chapter 1: The Bill", "Chapter 2: The Plan"), and each entry comes again later as the chapter's
own heading. The list is not story. `skip_contents` finds it by that shape and says where the
story starts instead.
"""

from __future__ import annotations

from ficarchive.legacy.sources.chapter_heading import read_chapter_heading

CONTENTS_HEADINGS = frozenset({"table of contents", "contents", "toc", "chapters", "index"})
MAX_ENTRY = 120  # characters of a contents entry
MAX_ENTRIES = 500


def skip_contents(lines: list[str], start: int) -> int:
    """Where the story starts when `lines[start:]` opens with a table of contents (an optional
    "Contents" heading, then chapter headings each found again further on); else `start`."""
    i = _next_text(lines, start)
    if i is None:
        return start
    headed = lines[i].strip().rstrip(":").casefold() in CONTENTS_HEADINGS
    first = _next_text(lines, i + 1) if headed else i
    entries: list[int] = []
    k = first
    while k is not None and len(entries) < MAX_ENTRIES:
        text = lines[k].strip()
        if len(text) > MAX_ENTRY or read_chapter_heading(text) is None:
            break
        if entries and text == lines[entries[0]].strip():
            break  # the first entry again: the story's own first heading
        entries.append(k)
        k = _next_text(lines, k + 1)
    if not entries or (len(entries) < 2 and not headed) or k is None:
        return start
    later = {line.strip() for line in lines[k:]}
    if not all(lines[e].strip() in later for e in entries):
        return start
    return k


def _next_text(lines: list[str], start: int) -> int | None:
    return next((k for k in range(start, min(len(lines), start + 4)) if lines[k].strip()), None)
