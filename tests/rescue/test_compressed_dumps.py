"""Dumps handed over compressed (.gz, .bz2): read whole, member after member, in bounded
pieces; one cut short reads up to the cut instead of failing the rescue."""

import bz2
import gzip
import random
import shutil
import struct
import zipfile
import zlib

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


def _cut_between_statements(dump: bytes, suffix: str) -> bytes:
    """`dump` compressed as `suffix`, its bytes cut so that the text that can be read ends
    exactly before the second INSERT of stories (the rest's compressed bytes begun, not done)."""
    cut = dump.index(b"INSERT INTO `fanfiction_stories` VALUES (11,")
    if suffix == ".gz":
        return gzip.compress(dump[:cut]) + gzip.compress(dump[cut:])[:40]
    if suffix == ".bz2":
        return bz2.compress(dump[:cut]) + bz2.compress(dump[cut:])[:60]
    # A zip member whose deflated bytes were flushed at the cut and end soon after it.
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    data = packer.compress(dump[:cut]) + packer.flush(zlib.Z_FULL_FLUSH)
    data += (packer.compress(dump[cut:]) + packer.flush())[:30]
    name = b"lanternhollow.sql"
    header = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 8, 8, 0, 0, 0, 0, 0, len(name), 0)
    return header + name + data


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", [".gz", ".bz2", ".zip"])
def test_a_compressed_dump_cut_between_two_statements_says_so(tmp_path, suffix):
    """The text ends at a statement's end, but the compressed bytes stop inside a member: the
    report says the dump ended early and what it read up to there (it said nothing)."""
    site = tmp_path / "lh"
    shutil.copytree(SAMPLE / "stories", site / "stories")
    dump = (SAMPLE / "lanternhollow.sql").read_bytes()
    (site / f"lanternhollow.sql{suffix}").write_bytes(_cut_between_statements(dump, suffix))
    report = rescue_run(site, options(dry_run=True))
    notes = [p for p in report.problems if p["kind"] == "dump_truncated"]
    assert len(notes) == 1
    assert "compressed dump stops before its end" in notes[0]["detail"]
    assert "fanfiction_stories 9)" in notes[0]["detail"]  # the nine rows before the cut
    assert "lh_guestbook" not in notes[0]["detail"]  # after it
    assert {w["old_id"] for w in report.works} == {1, 2, 4, 5, 6, 7, 8, 9, 10}


@pytest.mark.django_db
def test_a_whole_zipped_dump_is_read_without_a_note(tmp_path):
    """phpMyAdmin's "zipped" export (`name.sql.zip`) rescues as the plain dump does."""
    site = tmp_path / "lh"
    shutil.copytree(SAMPLE / "stories", site / "stories")
    with zipfile.ZipFile(site / "lanternhollow.sql.zip", "w", zipfile.ZIP_DEFLATED) as packed:
        packed.write(SAMPLE / "lanternhollow.sql", "lanternhollow.sql")
    zipped = rescue_run(site, options(dry_run=True))
    plain = rescue_run(SAMPLE, options(dry_run=True))
    assert zipped.counts == plain.counts
    assert not [p for p in zipped.problems if p["kind"] == "dump_truncated"]


@pytest.mark.django_db
def test_a_mysqldump_without_its_closing_line_may_have_been_cut(tmp_path):
    """A plain mysqldump dump cut between statements lacks `-- Dump completed`: the report
    says it may have been cut and what was read; the whole dump gets no such note."""
    site = tmp_path / "lh"
    shutil.copytree(SAMPLE / "stories", site / "stories")
    dump = (SAMPLE / "lanternhollow.sql").read_bytes()
    cut = dump.index(b"INSERT INTO `fanfiction_stories` VALUES (11,")
    (site / "lanternhollow.sql").write_bytes(dump[:cut])
    notes = [
        p for p in rescue_run(site, options(dry_run=True)).problems if p["kind"] == "dump_truncated"
    ]
    assert len(notes) == 1
    assert "lacks its closing '-- Dump completed'" in notes[0]["detail"]
    assert "fanfiction_stories 9)" in notes[0]["detail"]
    whole = rescue_run(SAMPLE, options(dry_run=True))
    assert not [p for p in whole.problems if p["kind"] == "dump_truncated"]


def test_an_archive_zip_cut_short_is_refused_with_a_clear_error(tmp_path):
    """A zip of the whole archive without its directory says it was cut short."""
    packed = tmp_path / "site.zip"
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("lanternhollow.sql", _text(200_000))
    packed.write_bytes(packed.read_bytes()[:-200])
    with pytest.raises(ValueError, match="cut short"):
        SourceTree.open(packed)


@pytest.mark.django_db
def test_a_dump_handed_over_on_its_own_is_rescued_with_the_stories_beside_it(tmp_path):
    """`ficarchive rescue site.sql.gz` (a file, not a folder) reads the dump and the
    `stories/` folder beside it, and nothing else there; a tar archive gets a clear error."""
    shutil.copytree(SAMPLE / "stories", tmp_path / "stories")
    (tmp_path / "other.sql").write_bytes(b"INSERT INTO t VALUES (1);\n")
    dump = tmp_path / "lanternhollow.sql.gz"
    dump.write_bytes(gzip.compress((SAMPLE / "lanternhollow.sql").read_bytes()))
    tree = SourceTree.open(dump)
    assert "other.sql" not in tree.paths
    assert tree.name == "lanternhollow"
    alone = rescue_run(dump, options(dry_run=True))
    assert alone.counts == rescue_run(SAMPLE, options(dry_run=True)).counts
    (tmp_path / "site.tar.gz").write_bytes(b"")
    with pytest.raises(ValueError, match="tar archive"):
        SourceTree.open(tmp_path / "site.tar.gz")
