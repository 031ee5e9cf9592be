"""File names as old archives hand them over: Latin-1 bytes from an old server, macOS's
decomposed accents, zips written without their UTF-8 flag, and many thousands of files."""

import os
import shutil
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest

from ficarchive.rescue.services import RescueOptions, rescue_run
from ficarchive.rescue.tree import SourceTree

AA_SAMPLE = Path(__file__).parent / "samples" / "automated-archive"
NAME = "\u00f6rbit caf\u00e9"


def _aa_with_name(folder: Path, db_encoding: str, disk_name: bytes) -> Path:
    """The Automated Archive sample, its first story renamed to `NAME` on disk and in the
    database (each in its own encoding)."""
    shutil.copytree(AA_SAMPLE, folder)
    db = (folder / "ARCHIVE_DB.pl").read_bytes()
    (folder / "ARCHIVE_DB.pl").write_bytes(
        db.replace(b"corvid/orbit", f"corvid/{NAME}".encode(db_encoding))
    )
    os.rename(
        folder / "archive" / "corvid" / "orbit.html",
        os.fsencode(folder / "archive" / "corvid") + b"/" + disk_name + b".html",
    )
    return folder


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("db_encoding", "disk_name"),
    [
        ("cp1252", NAME.encode("latin-1")),  # copied from an old server: Latin-1 bytes
        ("utf-8", unicodedata.normalize("NFD", NAME).encode()),  # from a Mac: decomposed
    ],
    ids=["latin1-bytes", "nfd"],
)
def test_story_files_with_accented_names_are_found(tmp_path, db_encoding, disk_name):
    """The record's Location finds its file whatever form its accents took (the story was
    reported missing and left out)."""
    folder = _aa_with_name(tmp_path / "aa", db_encoding, disk_name)
    report = rescue_run(folder, RescueOptions(slug="aa", dry_run=True))
    statuses = {w["old_id"]: w["status"] for w in report.works}
    assert statuses[1] == "created"
    assert not [p for p in report.problems if p["kind"] == "missing_chapter_text"]


def test_a_zip_without_its_utf8_flag_reads_its_names_as_written(tmp_path):
    """Most tools write UTF-8 names without setting the flag; zipfile reads them as cp437."""
    packed = tmp_path / "site.zip"
    with zipfile.ZipFile(packed, "w") as archive:
        info = zipfile.ZipInfo(f"archive/{NAME}.html")
        archive.writestr(info, b"<p>Text.</p>")
    raw = packed.read_bytes()
    # Clear the UTF-8 flag (bit 11) in the local header and the central directory.
    raw = raw.replace(b"PK\x03\x04\x14\x00\x00\x08", b"PK\x03\x04\x14\x00\x00\x00")
    raw = raw.replace(b"\x00\x08\x00\x00", b"\x00\x00\x00\x00", 2)
    packed.write_bytes(raw)
    tree = SourceTree.open(packed)
    assert tree.paths == [f"archive/{NAME}.html"]
    assert tree.read(f"archive/{NAME.upper()}.HTML") == b"<p>Text.</p>"


def test_looking_up_files_is_linear_in_their_number(tmp_path):
    """Every lookup is a dictionary's (each one scanned all paths: 40,000 files took minutes)."""
    packed = tmp_path / "many.zip"
    with zipfile.ZipFile(packed, "w") as archive:
        for number in range(40_000):
            archive.writestr(f"stories/{number}/{number}.txt", b"")
    tree = SourceTree.open(packed)
    started = time.process_time()
    found = [tree.actual(f"Stories/{n}/{n}.TXT") for n in range(40_000)]
    found += [tree.actual(f"stories/{n}/{n}.txt") for n in range(40_000)]
    assert time.process_time() - started < 5
    assert found[7] == "stories/7/7.txt"
    assert all(found)
