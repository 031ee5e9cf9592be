"""What a process holds that no other process shares, read from /proc (Linux).

`private_kb` is the kernel's own figure (Private_Clean + Private_Dirty in smaps_rollup), split
into anonymous memory and pages of mapped files. `pages_split` tells, for a process forked from
`parent`, which of its private anonymous pages are copies of pages it once shared with the
parent (it wrote to them: copy-on-write) and which it allocated itself; it needs the page frame
numbers in /proc/PID/pagemap, which Linux shows only to root (None otherwise).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

PAGE = 4096
PRESENT = 1 << 63
FRAME = (1 << 55) - 1


@dataclass(frozen=True)
class Private:
    """A process's private memory in kB: anonymous (heap, arenas) and of mapped files."""

    anonymous_kb: int
    file_kb: int

    @property
    def total_kb(self) -> int:
        return self.anonymous_kb + self.file_kb


def private_kb(pid: int) -> Private:
    """The private memory of `pid` (zero when it is gone)."""
    anonymous = file = 0
    name = ""
    try:
        lines = Path(f"/proc/{pid}/smaps").read_text().splitlines()
    except OSError:
        return Private(0, 0)
    for line in lines:
        head = line.split(maxsplit=5)
        if not head[0].endswith(":"):  # a mapping's first line: range, perms, ..., path
            name = head[5] if len(head) > 5 else ""
            continue
        if head[0] in ("Private_Clean:", "Private_Dirty:"):
            if name.startswith("/") and not name.endswith(" (deleted)"):
                file += int(head[1])
            else:
                anonymous += int(head[1])
    return Private(anonymous, file)


@dataclass(frozen=True)
class Split:
    """A child's resident anonymous pages, in kB: still shared with the parent, copied from the
    parent's (written to after the fork), and its own (allocated after the fork)."""

    shared_kb: int
    copied_kb: int
    own_kb: int


def anonymous_ranges(pid: int) -> list[tuple[int, int]]:
    """The address ranges of `pid`'s anonymous mappings (the heap among them)."""
    ranges = []
    for line in Path(f"/proc/{pid}/maps").read_text().splitlines():
        parts = line.split()
        path = parts[5] if len(parts) > 5 else ""
        if path in ("", "[heap]"):
            low, high = (int(x, 16) for x in parts[0].split("-"))
            ranges.append((low, high))
    return ranges


def _frames(pid: int, low: int, high: int) -> tuple[int, ...]:
    count = (high - low) // PAGE
    with open(f"/proc/{pid}/pagemap", "rb") as pagemap:
        pagemap.seek(low // PAGE * 8)
        data = pagemap.read(count * 8)
    return struct.unpack(f"{len(data) // 8}Q", data)


def pages_split(
    parent: int, child: int, ranges: list[tuple[int, int]] | None = None
) -> Split | None:
    """How `child`'s anonymous pages (or those in `ranges`) stand against `parent`'s; None
    without frame numbers. A page the child allocated where the parent still had a resident
    page (memory the parent freed but kept) counts as copied: the kernel copied it."""
    shared = copied = own = 0
    try:
        for low, high in anonymous_ranges(child) if ranges is None else ranges:
            mine = _frames(child, low, high)
            theirs = _frames(parent, low, high)
            for index, entry in enumerate(mine):
                if not entry & PRESENT:
                    continue
                if entry & FRAME == 0:
                    return None  # frame numbers hidden: not root
                other = theirs[index] if index < len(theirs) else 0
                if not other & PRESENT:
                    own += 1
                elif other & FRAME == entry & FRAME:
                    shared += 1
                else:
                    copied += 1
    except OSError:
        return None
    return Split(shared * PAGE // 1024, copied * PAGE // 1024, own * PAGE // 1024)
