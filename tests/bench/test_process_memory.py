"""Private memory of a forked process: copied from its parent, or its own."""

import ctypes
import mmap
import os

from ficarchive.bench.process_memory import pages_split, private_kb

MB = 1024 * 1024


def _address(area: mmap.mmap) -> tuple[int, int]:
    start = ctypes.addressof(ctypes.c_char.from_buffer(area))
    return start, start + len(area)


def test_a_child_s_copies_and_its_own_pages_are_told_apart():
    """A child that writes into 2 MB of its parent's 8 MB and fills 4 MB of its own has those
    2 MB copied, the other 6 MB still shared, and 4 MB of its own; all of it private."""
    private = mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS  # copied on write, as a process's heap
    inherited = mmap.mmap(-1, 8 * MB, flags=private)
    inherited.write(b"p" * (8 * MB))
    # The child's own 4 MB go into a mapping the parent holds but never touches: a mapping the
    # child made itself could sit where the parent's measuring later allocates, and pages_split
    # tells pages apart by address, so those pages would read as copied.
    untouched = mmap.mmap(-1, 4 * MB, flags=private)
    ready_read, ready_write = os.pipe()
    done_read, done_write = os.pipe()
    child = os.fork()
    if child == 0:  # the child: write, allocate, tell where, wait to be measured
        os.close(ready_read)
        inherited[: 2 * MB] = b"c" * (2 * MB)
        untouched.write(b"o" * (4 * MB))
        os.write(ready_write, b"1")
        os.read(done_read, 1)
        os._exit(0)
    try:
        os.close(ready_write)
        os.read(ready_read, 1)
        held = private_kb(child)
        on_inherited = pages_split(os.getpid(), child, [_address(inherited)])
        on_own = pages_split(os.getpid(), child, [_address(untouched)])
        on_all = pages_split(os.getpid(), child)
    finally:
        os.write(done_write, b"1")
        os.waitpid(child, 0)
    assert held.anonymous_kb >= 6 * 1024
    if os.geteuid() != 0:  # page frames are shown to root only: no split, rather than a wrong one
        assert (on_inherited, on_own, on_all) == (None, None, None)
        return
    assert on_inherited is not None
    assert on_own is not None
    assert on_all is not None
    assert (on_inherited.copied_kb, on_inherited.shared_kb, on_inherited.own_kb) == (2048, 6144, 0)
    assert (on_own.copied_kb, on_own.shared_kb, on_own.own_kb) == (0, 0, 4096)
    assert on_all.copied_kb >= 2048
    assert on_all.own_kb >= 4096
    assert inherited[:1] == b"p"  # the parent's copy is untouched
    assert untouched[:1] == b"\0"
