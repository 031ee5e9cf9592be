"""Dumps handed over compressed (.gz, .bz2): read whole, member after member, in bounded
pieces; one cut short reads up to the cut instead of failing the rescue."""

import bz2
import gzip
import random
import shutil

import pytest

from ficarchive.rescue.services import rescue_run
from ficarchive.rescue.tree import SourceTree

from .test_lanternhollow import SAMPLE, options


def _text(size: int) -> bytes:
    rnd = random.Random(7)
    words = [b"lantern", b"harbour", b"gull", b"tide", b"wall", b"\xc3\xa9t\xc3\xa9", b"ebb"]
    return b" ".join(rnd.choice(words) for _ in range(size // 5))[:size]


@pytest.mark.parametrize("suffix", [".gz", ".bz2"])
def test_a_compressed_file_reads_the_same_bytes_in_any_reads(tmp_path, suffix):
    """Several compressed members one after the other, read in pieces of any size."""
    compress = gzip.compress if suffix == ".gz" else bz2.compress
    first, second = _text(3_000_000), _text(100_000)
    (tmp_path / f"d.sql{suffix}").write_bytes(compress(first) + compress(second))
    tree = SourceTree.open(tmp_path)
    with tree.stream(f"d.sql{suffix}") as stream:
        pieces = []
        while piece := stream.read(777_777):
            pieces.append(piece)
    assert b"".join(pieces) == first + second
    assert all(len(p) == 777_777 for p in pieces[:-1])  # read(n) gives n until the end


@pytest.mark.parametrize("suffix", [".gz", ".bz2"])
def test_a_compressed_file_cut_short_reads_up_to_the_cut(tmp_path, suffix):
    compress = gzip.compress if suffix == ".gz" else bz2.compress
    text = _text(2_000_000)
    packed = compress(text)
    (tmp_path / f"d.sql{suffix}").write_bytes(packed[: len(packed) * 3 // 4])
    with SourceTree.open(tmp_path).stream(f"d.sql{suffix}") as stream:
        found = stream.read()
    assert len(found) > len(text) // 3  # bzip2 keeps whole 900 kB blocks only
    assert text.startswith(found)


@pytest.mark.django_db
def test_a_gzipped_dump_cut_short_is_rescued_up_to_the_cut(tmp_path):
    """The rescue goes on with what the dump holds and says where it was cut (gzip's
    EOFError stopped it with a traceback)."""
    site = tmp_path / "lh"
    shutil.copytree(SAMPLE / "stories", site / "stories")
    dump = (SAMPLE / "lanternhollow.sql").read_bytes()
    cut = dump.index(b"INSERT INTO `fanfiction_stories`") + 3000
    # The part up to the cut, compressed, then cut again inside its last compressed block.
    (site / "lanternhollow.sql.gz").write_bytes(gzip.compress(dump[:cut])[:-10])
    report = rescue_run(site, options(dry_run=True))
    assert report.counts["created"] == 8  # the sample's ten but sids 16 and 17, after the cut
    assert any(p["kind"] == "dump_truncated" for p in report.problems)
