"""Private memory of a forked process: copied from its parent, or its own."""

import os

from ficarchive.bench.process_memory import pages_split, private_kb

MB = 1024 * 1024


def test_a_child_s_copies_and_its_own_pages_are_told_apart():
    """A child that writes into 2 MB of its parent's 8 MB and fills 4 MB of its own has 2 MB
    copied, 4 MB own, and the rest of the parent's buffer still shared (give or take what the
    interpreter itself writes: a few MB at most)."""
    inherited = bytearray(b"p" * (8 * MB))
    ready_read, ready_write = os.pipe()
    done_read, done_write = os.pipe()
    child = os.fork()
    if child == 0:  # the child: write, allocate, say so, wait to be measured
        os.close(ready_read)
        inherited[: 2 * MB] = b"c" * (2 * MB)
        own = bytearray(b"o" * (4 * MB))
        os.write(ready_write, b"1")
        os.read(done_read, 1)
        assert own
        os._exit(0)
    try:
        os.close(ready_write)
        assert os.read(ready_read, 1) == b"1"
        private = private_kb(child)
        split = pages_split(os.getpid(), child)
    finally:
        os.write(done_write, b"1")
        os.waitpid(child, 0)
    assert private.total_kb >= 6 * 1024
    if os.geteuid() != 0:  # page frames are shown to root only: no split, rather than a wrong one
        assert split is None
        return
    assert split is not None
    assert 2 * 1024 <= split.copied_kb < 6 * 1024
    assert split.own_kb >= 4 * 1024
    assert split.shared_kb >= 6 * 1024 - 256
    assert inherited[:1] == b"p"  # the parent's copy is untouched
