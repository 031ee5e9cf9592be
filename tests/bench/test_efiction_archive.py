"""The generated eFiction archive of the rescue benchmark: the sizes asked for, the same bytes
for the same seed, and every public story again as a legacy file the reader splits into the
same chapters."""

import hashlib
import re

import pytest

from ficarchive.bench.efiction_archive import efiction_archive_write, sql_quote
from ficarchive.legacy import parse_file


def _digest(folder) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def test_sizes_and_files(tmp_path):
    """Exactly the stories and chapters asked for; one file per chapter, one per public story."""
    made = efiction_archive_write(tmp_path, stories=40, chapters=100, words_per_chapter=80)
    assert (made.stories, made.chapters) == (40, 100)
    assert len(list((made.efiction / "stories").rglob("*.txt"))) == 100
    assert len(list(made.files.glob("*.txt"))) == made.public_stories
    dump = (made.efiction / "archive.sql").read_text("utf-8")
    assert dump.startswith("-- MySQL dump 10.13")
    rows = re.search(r"INSERT INTO `fanfiction_stories` VALUES (.*);\n", dump).group(1)
    assert rows.count("),(") + 1 == 40
    assert "SET NAMES utf8" in dump
    assert "LOCK TABLES `fanfiction_chapters` WRITE" in dump


def test_same_seed_same_bytes(tmp_path):
    """The benchmark measures the same archive every time."""
    one = efiction_archive_write(tmp_path / "one", stories=12, chapters=30)
    two = efiction_archive_write(tmp_path / "two", stories=12, chapters=30)
    assert _digest(one.efiction) == _digest(two.efiction)
    assert _digest(one.files) == _digest(two.files)


def test_story_files_read_as_the_same_chapters(tmp_path):
    """The legacy reader finds the title, author and every chapter of a multi-chapter file."""
    made = efiction_archive_write(tmp_path, stories=10, chapters=40, words_per_chapter=60)
    checked = 0
    for path in sorted(made.files.glob("*.txt")):
        text = path.read_text("utf-8")
        headings = re.findall(r"^Chapter \d+: .+$", text, re.M)
        parsed = parse_file(path)
        assert parsed.title == re.search(r"^Title: (.+)$", text, re.M).group(1)
        if headings:
            assert [c.title for c in parsed.chapters] == headings
            checked += 1
    assert checked


@pytest.mark.parametrize(
    ("value", "written"),
    [(None, "NULL"), (7, "7"), ("it's", "'it\\'s'"), ("a\\b\nc", "'a\\\\b\\nc'")],
)
def test_values_are_quoted_as_mysqldump_does(value, written):
    """Quotes, backslashes and line ends are escaped the way mysqldump escapes them."""
    assert sql_quote(value) == written
