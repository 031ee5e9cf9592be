"""The streaming dump reader: every dump form archivists hand over, read without a server."""

import io
import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ficarchive.bench.dump import main as bench_main
from ficarchive.rescue.dump import CreateTable, InsertRows, read_dump
from ficarchive.rescue.dump.reader import DumpNote, create_table_columns, unescape

from .efiction_builder import dump_text

MYSQLDUMP = b"""-- MySQL dump 10.13  Distrib 5.1.73
/*!40101 SET NAMES utf8 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
DROP TABLE IF EXISTS `t_story`;
CREATE TABLE `t_story` (
  `sid` int(11) NOT NULL AUTO_INCREMENT,
  `title` varchar(200) NOT NULL DEFAULT '',
  `body` text,
  PRIMARY KEY (`sid`),
  KEY `title` (`title`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;
LOCK TABLES `t_story` WRITE;
/*!40000 ALTER TABLE `t_story` DISABLE KEYS */;
INSERT INTO `t_story` VALUES (1,'It\\'s a; test','Line one\\nLine two'),(2,'Semi;colon',NULL),(3,'Back\\\\slash','\\"q\\"');
/*!40000 ALTER TABLE `t_story` ENABLE KEYS */;
UNLOCK TABLES;
"""


def statements(data: bytes, chunk: int = 1 << 20):
    return list(read_dump(io.BytesIO(data), chunk))


def rows_of(data: bytes, chunk: int = 1 << 20) -> dict[str, list[tuple]]:
    found: dict[str, list[tuple]] = {}
    for statement in statements(data, chunk):
        if isinstance(statement, InsertRows):
            found.setdefault(statement.table, []).extend(statement.rows)
    return found


def test_mysqldump_extended_insert_is_read_with_its_escapes():
    """Extended inserts, quoted semicolons, escapes and NULL come out as stored."""
    rows = rows_of(MYSQLDUMP)["t_story"]
    assert rows == [
        (1, b"It's a; test", b"Line one\nLine two"),
        (2, b"Semi;colon", None),
        (3, b"Back\\slash", b'"q"'),
    ]


def test_create_table_gives_the_column_names_without_keys():
    """CREATE TABLE yields the columns in order; index lines are not columns."""
    creates = [s for s in statements(MYSQLDUMP) if isinstance(s, CreateTable)]
    assert creates == [CreateTable("t_story", ["sid", "title", "body"])]
    assert create_table_columns(b"`key` int, PRIMARY KEY (`key`), KEY `k` (`key`)") == ["key"]


def test_phpmyadmin_column_lists_and_one_row_a_line():
    """phpMyAdmin's `INSERT INTO t (cols) VALUES\\n(...),\\n(...);` keeps its column names."""
    dump = b"""-- phpMyAdmin SQL Dump
SET SQL_MODE = "NO_AUTO_VALUE_ON_ZERO";
START TRANSACTION;
INSERT INTO `t` (`a`, `b`) VALUES
(1, 'one'),
(2, 'two');
COMMIT;
"""
    batches = [s for s in statements(dump) if isinstance(s, InsertRows)]
    assert batches[0].columns == ["a", "b"]
    assert batches[0].rows == [(1, b"one"), (2, b"two")]


def test_admin_backup_double_quotes_hash_comments_and_crlf():
    """eFiction's admin backup: `# Dump of t`, one INSERT a row, values in double quotes."""
    dump = (
        b"# Dump of fanfiction_authors \r\n# Dump DATE : 01-Jan-2011\r\n\r\n"
        b'INSERT INTO fanfiction_authors VALUES("1", "O\\\'Brien", "say \\"hi\\"");\r\n'
        b'INSERT INTO fanfiction_authors VALUES("2", "", "line\\nbreak");\r\n'
    )
    batches = [s for s in statements(dump) if isinstance(s, InsertRows)]
    assert [b.columns for b in batches] == [None, None]
    assert [b.rows[0] for b in batches] == [
        (b"1", b"O'Brien", b'say "hi"'),
        (b"2", b"", b"line\nbreak"),
    ]


def test_raw_line_breaks_inside_values_and_other_literals():
    """Values with raw line breaks, hex, bit and charset-introduced strings are read whole."""
    dump = b"INSERT INTO t VALUES (1,'two\nlines;\nhere',0x4869,b'101',_utf8'x',-2.5e3,''''),(2,NULL,X'00',b'0',_latin1 'y',0,'');"
    assert rows_of(dump)["t"] == [
        (1, b"two\nlines;\nhere", b"Hi", 5, b"x", -2500.0, b"'"),
        (2, None, b"\x00", 0, b"y", 0, b""),
    ]


def test_stored_routines_between_delimiters_are_skipped():
    """`DELIMITER ;;` blocks (triggers, procedures) are not data; what follows still is."""
    dump = b"DELIMITER ;;\nCREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW BEGIN SET @a = 1; END ;;\nDELIMITER ;\nINSERT INTO t VALUES (7);\n"
    assert rows_of(dump) == {"t": [(7,)]}


def test_unreadable_rows_are_reported_and_the_rest_is_read():
    """A broken row becomes a note; the statements after it are still read."""
    dump = b"INSERT INTO t VALUES (1,'ok'),(2,oops oops);\nINSERT INTO u VALUES (3);\n"
    found = statements(dump)
    assert any(getattr(s, "kind", "") == "unreadable_row" for s in found)
    assert rows_of(dump)["u"] == [(3,)]


@pytest.mark.parametrize("cut", [b"(2,'half a va", b"(2,'whole'", b"(2,", b"(2,'x'),"])
def test_a_dump_cut_short_is_reported_as_truncated_and_its_rows_kept(cut):
    """A dump that ends inside a row (a copy that stopped) says so; the rows before are read."""
    dump = b"INSERT INTO u VALUES (0);\nINSERT INTO t VALUES (1,'ok')," + cut
    notes = [s for s in statements(dump) if isinstance(s, DumpNote)]
    assert [n.kind for n in notes] == ["dump_truncated"]
    assert "cut short" in notes[0].detail
    assert rows_of(dump)["t"][0] == (1, b"ok")


def test_unescape_follows_mysql():
    """MySQL's escapes: \\0 \\n \\t \\Z, doubled quotes; `\\%` and `\\_` keep their backslash."""
    assert unescape(b"a\\0b\\tc\\Zd''e\\%f\\_g\\qh") == b"a\x00b\tc\x1ad'e\\%f\\_gqh"


def test_the_builder_dumps_read_the_same_in_every_chunk_size():
    """Chunk boundaries never change what is read (values cut anywhere, comments, quotes)."""
    data = dump_text("3.5.1", "admin_backup").encode() + MYSQLDUMP
    whole = rows_of(data)
    for chunk in (1, 2, 3, 7, 64, 4096):
        assert rows_of(data, chunk) == whole


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(-(10**9), 10**9),
            st.binary(max_size=60),
            st.one_of(st.none(), st.text(max_size=30)),
        ),
        min_size=1,
        max_size=8,
    ),
    st.integers(1, 50),
)
def test_any_values_survive_a_round_trip(rows, chunk):
    """Whatever the bytes of a value, it comes back exactly, whatever the chunk size."""

    def quote(value: bytes) -> bytes:
        escaped = value.replace(b"\\", b"\\\\").replace(b"'", b"\\'").replace(b"\n", b"\\n")
        return b"'" + escaped.replace(b"\r", b"\\r").replace(b"\x00", b"\\0") + b"'"

    values = b",".join(
        b"("
        + str(n).encode()
        + b","
        + quote(blob)
        + b","
        + (quote(t.encode()) if t is not None else b"NULL")
        + b")"
        for n, blob, t in rows
    )
    dump = b"-- x\nINSERT INTO `t` VALUES " + values + b";\n"
    expected = [(n, blob, t.encode() if t is not None else None) for n, blob, t in rows]
    assert rows_of(dump, chunk)["t"] == expected


def test_the_dump_benchmark_reads_its_dump_and_prints_figures(capsys):
    """`ficarchive bench dump` writes a dump, reads it all and prints a JSON line of figures."""
    assert bench_main(["--megabytes", "0.3", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert figures["rows"] > 400
    assert figures["reader_mb_per_cpu_s"] > 0
    assert figures["naive_split_mb_per_cpu_s"] > 0


def test_comments_in_odd_places_are_passed_over():
    """Comments after VALUES, between rows and inside CREATE TABLE (hand-edited dumps) hide
    no row and no column (a comment there lost the table, or its columns)."""
    dump = (
        b"CREATE TABLE /* kept */ `t` ( -- the table\n  `a` int, -- first\n"
        b"  # second\n  `b` text /* the text */\n);\n"
        b"INSERT /* odd */ INTO `t` /* here */ (`a`, `b`) VALUES /* first row */\n"
        b"-- a comment line\n# and another\n(1, 'one'), -- after a row\n"
        b"/* before a row */ (2, 'two') /* before the end */ ;\n"
        b"INSERT INTO t VALUES (3, '-- not a comment'),\n-- between\n(4, '/* nor this */');\n"
    )
    found = statements(dump)
    assert [s.columns for s in found if isinstance(s, CreateTable)] == [["a", "b"]]
    assert rows_of(dump) == {
        "t": [(1, b"one"), (2, b"two"), (3, b"-- not a comment"), (4, b"/* nor this */")]
    }
    assert not [s for s in found if isinstance(s, DumpNote)]


@pytest.mark.parametrize(
    "opening",
    [
        b"INSERT INTO t VALUES ('" + b"\\'" * 60_000,
        b"INSERT INTO t VALUES (1)," + b"/* " * 60_000,
        b"CREATE TABLE t (a int, /* " + b"/* " * 60_000,
        b"DROP TABLE x /* " + b"' /* " * 60_000,
    ],
    ids=["quote", "comment-between-rows", "comment-in-create", "comment-elsewhere"],
)
def test_a_quote_or_comment_that_never_closes_costs_one_pass(opening):
    """The rest of the dump is inside it: read once (each quote or `/*` after it scanned the
    rest again: 60,000 of them took minutes)."""
    started = time.process_time()
    statements(opening)
    assert time.process_time() - started < 5
