"""The Lantern Hollow sample written again as a phpMyAdmin export and as eFiction's admin backup
(no CREATE TABLE, no column names, every value in double quotes): every story reads the same."""

import io
import shutil

import pytest

from ficarchive.rescue.dump import CreateTable, InsertRows, read_dump
from ficarchive.rescue.links import OldSite
from ficarchive.rescue.mapping import Mapper
from ficarchive.rescue.readers import ReadOptions, archive_source_open
from ficarchive.rescue.tag_map import TagMap
from ficarchive.rescue.tree import SourceTree

from .test_lanternhollow import SAMPLE

ESCAPES = {b"\\": b"\\\\", b"\x00": b"\\0", b"\n": b"\\n", b"\r": b"\\r", b"\x1a": b"\\Z"}


def quoted(value, quote: bytes) -> bytes:
    if value is None:
        return b"NULL" if quote == b"'" else b'""'
    if isinstance(value, int | float) and quote == b"'":
        return str(value).encode()
    raw = value if isinstance(value, bytes) else str(value).encode()
    escaped = b"".join(ESCAPES.get(bytes([c]), bytes([c])) for c in raw)
    escaped = escaped.replace(b"'", b"\\'").replace(b'"', b'\\"')
    return quote + escaped + quote


def rewritten(form: str) -> bytes:
    """The sample's dump in another form, from what the reader read of it."""
    tables: dict[str, list[str]] = {}
    out = [b"-- phpMyAdmin SQL Dump\nSTART TRANSACTION;\n" if form == "phpmyadmin" else b""]
    with (SAMPLE / "lanternhollow.sql").open("rb") as stream:
        for statement in read_dump(stream):
            if isinstance(statement, CreateTable):
                tables[statement.table] = statement.columns
                if form == "phpmyadmin":
                    body = ",\n".join(f"  `{c}` text" for c in statement.columns)
                    out.append(
                        f"CREATE TABLE IF NOT EXISTS `{statement.table}` (\n{body}\n);\n".encode()
                    )
            elif isinstance(statement, InsertRows) and form == "phpmyadmin":
                names = ", ".join(f"`{c}`" for c in tables[statement.table]).encode()
                rows = b",\n".join(
                    b"(" + b", ".join(quoted(v, b"'") for v in row) + b")" for row in statement.rows
                )
                out.append(
                    b"INSERT INTO `"
                    + statement.table.encode()
                    + b"` ("
                    + names
                    + b") VALUES\n"
                    + rows
                    + b";\n"
                )
            elif isinstance(statement, InsertRows):
                out.append(b"# Dump of " + statement.table.encode() + b" \r\n\r\n")
                for row in statement.rows:
                    values = b", ".join(quoted(v, b'"') for v in row)
                    out.append(
                        b"INSERT INTO "
                        + statement.table.encode()
                        + b" VALUES("
                        + values
                        + b");\r\n"
                    )
    return b"".join(out)


def works_read(folder) -> dict:
    source = archive_source_open(
        SourceTree.open(folder), ReadOptions(stage_folder=folder / "stage")
    )
    mapper = Mapper(site=OldSite("lh", ""), tag_map=TagMap(), members=source.members())
    found = {}
    for story in source.stories():
        try:
            found[story.old_id] = mapper.work(story).parsed.to_json()
        except ValueError:
            found[story.old_id] = None
    series = [(s.old_id, s.title, s.story_ids) for s in source.series()]
    return {"works": found, "series": series, "members": source.members()}


@pytest.mark.parametrize("form", ["phpmyadmin", "admin_backup"])
def test_the_sample_reads_the_same_in_every_dump_form(tmp_path, form):
    """Stories, tags, texts, series and members are the same as from the mysqldump."""
    original = tmp_path / "original"
    other = tmp_path / form
    for folder in (original, other):
        folder.mkdir()
        shutil.copytree(SAMPLE / "stories", folder / "stories")
    shutil.copy(SAMPLE / "lanternhollow.sql", original / "lanternhollow.sql")
    (other / "backup.sql").write_bytes(rewritten(form))
    expected, found = works_read(original), works_read(other)
    assert found["works"].keys() == expected["works"].keys()
    for old_id, work in expected["works"].items():
        assert found["works"][old_id] == work, old_id
    assert found["series"] == expected["series"]
    assert found["members"] == expected["members"]


def test_the_rewriting_keeps_every_value():
    """The admin-backup form reads back to the very rows it was written from (as text)."""

    def rows(data: bytes) -> list[tuple]:
        found = [
            r for s in read_dump(io.BytesIO(data)) if isinstance(s, InsertRows) for r in s.rows
        ]
        return [
            tuple(
                b"" if v is None else str(v).encode() if not isinstance(v, bytes) else v for v in r
            )
            for r in found
        ]

    assert rows(rewritten("admin_backup")) == rows((SAMPLE / "lanternhollow.sql").read_bytes())
