"""Automated Archive: ARCHIVE_DB.pl with the quoting errors Open Doors fixes by hand, and the
invented Liberator Deck sample rescued end to end."""

import shutil
import time
import zipfile
from pathlib import Path

import pytest

from ficarchive.rescue.automated_archive.perl_db import perl_db_parse
from ficarchive.rescue.services import RescueOptions, rescue_run
from ficarchive.works.models import Work

SAMPLE = Path(__file__).parent / "samples" / "automated-archive"


def test_records_survive_broken_quoting_line_breaks_and_cp1252():
    """Unescaped quotes, values over two lines, spaces for tabs and cp1252 bytes are repaired
    and each listed."""
    data = (
        b"%FILES = (\n\n"
        b"7 => {\n\tTitle => 'Ann's Day',\n\tNotes => 'didn\x92t',\n},\n"
        b"8 => {\n    Title => 'Two\nlines',\n    Summary => \"double &#39;quoted&#39;\",\n},\n"
        b");\n1;\n"
    )
    db = perl_db_parse(data)
    assert [(r.old_id, r.fields) for r in db.records] == [
        ("7", {"Title": "Ann's Day", "Notes": "didn\u2019t"}),
        ("8", {"Title": "Two lines", "Summary": "double 'quoted'"}),
    ]
    kinds = {(p.kind, p.ids.get("old_id"), p.ids.get("field")) for p in db.problems}
    assert ("unescaped_quote", 7, "Title") in kinds
    assert ("line_break_in_value", 8, "Title") in kinds
    assert ("irregular_indent", 8, None) in kinds
    assert any(p.kind == "non_utf8_bytes" for p in db.problems)


@pytest.mark.parametrize(
    "data",
    [
        b"1 => { Title => 'Ash', Author => 'Rook' },\n2 => {Title => 'Dust', Author => 'Wren'},\n",
        b"1 =>\n{\n\tTitle => 'Ash',\n\tAuthor => 'Rook'},\n2\t=>\n  {\n\tTitle => 'Dust',\n"
        b"\tAuthor => 'Wren'\n}\n",
    ],
    ids=["a-record-a-line", "braces-on-other-lines"],
)
def test_records_written_compactly_are_read_whole(data):
    """Records on one line, a brace below its key, a closing brace on a field's line: each
    record keeps its own fields (before, they were lost or ran into the next record)."""
    db = perl_db_parse(b"%FILES = (\n" + data + b");\n1;\n")
    assert [(r.old_id, r.fields) for r in db.records] == [
        ("1", {"Title": "Ash", "Author": "Rook"}),
        ("2", {"Title": "Dust", "Author": "Wren"}),
    ]
    assert not [p for p in db.problems if p.kind != "irregular_indent"]


def test_values_in_perls_quote_operators_are_read_by_perls_rules():
    """q{...}, qq(...), q!...!, nested brackets, escaped delimiters and line breaks inside
    them: each value whole, apostrophes and fat commas in it harmless, no repair reported."""
    data = (
        b"%FILES = (\n"
        b"1 => {\n\tTitle => q{Ann's {Long} Day},\n\tAuthor => qq(Rook \\(Jay\\)),\n"
        b"\tSummary => q{Two\nlines, with a \\} and => inside},\n},\n"
        b"2 => { Title => q!Dust \\! Ash!, Author => qq<Wren\\tT>, Notes => q [a [b] c] },\n"
        b"3 => {\n\tTitle => 'Plain',\n\tNotes => q(it\\'s),\n},\n"
        b");\n1;\n"
    )
    db = perl_db_parse(data)
    assert [(r.old_id, r.fields) for r in db.records] == [
        (
            "1",
            {
                "Title": "Ann's {Long} Day",
                "Author": "Rook (Jay)",
                "Summary": "Two\nlines, with a } and => inside",
            },
        ),
        ("2", {"Title": "Dust ! Ash", "Author": "Wren\tT", "Notes": "a [b] c"}),
        ("3", {"Title": "Plain", "Notes": "it\\'s"}),
    ]
    assert not [p for p in db.problems if p.kind != "irregular_indent"]


def test_a_quote_operator_that_never_closes_is_reported_in_linear_time():
    """An unclosed q{ is read to its line's end and reported; its record's later values too;
    the next records are read whole. 20,000 unclosed ones cost no rescan each."""
    data = (
        b"%FILES = (\n1 => {\n\tTitle => q{Open {,\n\tAuthor => q{Rook},\n},\n"
        b"2 => {\n\tTitle => q{Shut},\n},\n"
    )
    db = perl_db_parse(data + b");\n1;\n")
    assert [(r.old_id, r.fields) for r in db.records] == [
        ("1", {"Title": "Open {", "Author": "Rook"}),
        ("2", {"Title": "Shut"}),
    ]
    assert [p.ids for p in db.problems if p.kind == "unterminated_quote"] == [{"line": 3}]
    hostile = b"%FILES = (\n1 => {\n" + b"\tT => q{{{{{{{{{{{{{{{{\n" * 20_000 + b"},\n);\n"
    started = time.process_time()
    db = perl_db_parse(hostile)
    assert time.process_time() - started < 5  # a rescan per value took minutes
    assert len([p for p in db.problems if p.kind == "unterminated_quote"]) == 1


@pytest.mark.django_db
def test_the_sample_is_rescued_with_its_parts_merged(client):
    """Four works: parts (1/2) and (2/2) are one work; the offsite story is a link, not a work;
    the page chrome and END markers are gone; the fandom comes from the characters."""
    report = rescue_run(SAMPLE, RescueOptions(slug="liberator-deck"))
    assert report.archive["name"] == "Liberator Deck"
    works = {w["old_id"]: w for w in report.works}
    assert {k: w["status"] for k, w in works.items()} == {
        1: "created",
        2: "created",
        3: "created",
        5: "skipped",
        6: "created",
    }
    gauda = client.get(f"/api/works/{works[3]['work_id']}/").json()
    assert gauda["title"] == "Gauda Prime"
    assert gauda["chapter_count"] == 2
    assert gauda["fandoms"] == ["Blake's 7"]
    assert gauda["rating"] == "Explicit"
    assert gauda["warnings"] == ["Major Character Death"]
    assert gauda["notes"] == "For T., who asked for the ending I didn\u2019t want to write."
    assert not any("END" in c["text"] for c in gauda["chapters"])
    orbit = client.get(f"/api/works/{works[1]['work_id']}/").json()
    assert orbit["chapters"][0]["text"].startswith("Avon had counted")
    assert "Back to Liberator Deck" not in orbit["chapters"][0]["text"]
    assert orbit["published"] == "1999-03-14"
    garden = client.get(f"/api/works/{works[6]['work_id']}/").json()
    assert garden["published"] == "2003-01-01"
    assert garden["relationships"] == ["Cally/Jenna Stannis"]
    kinds = {p["kind"] for p in report.problems}
    assert {"parts_merged", "unescaped_quote", "external_link", "author_without_email"} <= kinds
    gp2 = client.get("/archives/liberator-deck/archive/moth/gp2.txt")
    assert gp2["Location"] == f"/works/{works[3]['work_id']}/chapters/2/"
    again = rescue_run(SAMPLE, RescueOptions(slug="liberator-deck"))
    assert {w["status"] for w in again.works if w["reason"] == ""} == {"unchanged"}


@pytest.mark.django_db
def test_a_zip_of_the_archive_rescues_the_same(tmp_path):
    """PATH may be a .zip (here with the archive in a folder of its own): read in place."""
    archive = tmp_path / "liberator.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in sorted(SAMPLE.rglob("*")):
            if path.is_file():
                out.write(path, f"liberator/{path.relative_to(SAMPLE)}")
    report = rescue_run(archive, RescueOptions(slug="liberator-deck"))
    assert sorted(w["old_id"] for w in report.works if w["status"] == "created") == [1, 2, 3, 6]


@pytest.mark.django_db
def test_a_database_in_cgi_bin_serves_the_pages_of_archive_beside_it(tmp_path, client):
    """The script and ARCHIVE_DB.pl often sat in cgi-bin/: the site's pages are still
    archive/..., and their old addresses lead to the works (they answered 404)."""
    site = tmp_path / "site"
    shutil.copytree(SAMPLE, site)
    (site / "cgi-bin").mkdir()
    (site / "ARCHIVE_DB.pl").rename(site / "cgi-bin" / "ARCHIVE_DB.pl")
    report = rescue_run(site, RescueOptions(slug="liberator-deck"))
    works = {w["old_id"]: w for w in report.works}
    assert sorted(k for k, w in works.items() if w["status"] == "created") == [1, 2, 3, 6]
    gp2 = client.get("/archives/liberator-deck/archive/moth/gp2.txt")
    assert gp2["Location"] == f"/works/{works[3]['work_id']}/chapters/2/"
    orbit = client.get("/archives/liberator-deck/archive/corvid/orbit.html")
    assert orbit["Location"] == f"/works/{works[1]['work_id']}/"


SHARED = """%FILES = (
1 => {
\tTitle => 'Salt Roads',
\tAuthor => 'Kestrel Vane & Ondine Marsh',
\tEmail => 'kestrel@example.net, ondine@example.org',
\tCharacters => 'Avon, Vila',
\tLocation => 'kv/salt',
\tFileType => 'txt',
\tPrintTime => '03/14/99',
},
2 => {
\tTitle => 'Lost Harbour',
\tAuthor => 'Kestrel Vane',
\tEmail => 'kestrel@example.net',
\tLocation => 'kv/harbour',
\tFileType => 'html',
},
3 => {
\tTitle => 'Salt and Pepper Days',
\tAuthor => 'Salt and Pepper',
\tEmail => 'sp@example.net',
\tLocation => '',
\tFileType => 'html',
\tLocationURL => 'sp/days.html',
},
4 => {
\tTitle => 'Tide Table',
\tAuthor => 'Ondine Marsh and Kestrel Vane',
\tLocation => 'om/tide',
\tFileType => 'html',
},
);
1;
"""
PROSE = "The road ran along the salt flats for a long way and nobody spoke of it. " * 12


@pytest.mark.django_db
def test_several_authors_a_path_in_location_url_and_a_missing_file(tmp_path):
    """ "A & B" with one address each, or naming authors of their own records, is two creators
    (one of them the same member as in her own records); "Salt and Pepper" stays one penname;
    a LocationURL that is a path on the archive is the story's file; a missing file is named."""
    for folder in ("kv", "sp", "om"):
        (tmp_path / "archive" / folder).mkdir(parents=True)
    (tmp_path / "ARCHIVE_DB.pl").write_text(SHARED)
    (tmp_path / "archive/kv/salt.txt").write_text(f"{PROSE}\n\n{PROSE}\n")
    for path in ("sp/days.html", "om/tide.html"):
        (tmp_path / "archive" / path).write_text(f"<html><body><p>{PROSE}</p></body></html>")
    report = rescue_run(tmp_path, RescueOptions(slug="salt", fandom="Blake's 7"))
    works = {w["old_id"]: w for w in report.works}
    assert {k: w["status"] for k, w in works.items()} == {
        1: "created",
        2: "skipped",
        3: "created",
        4: "created",
    }
    authors = {
        old_id: sorted(c.name for c in Work.objects.get(pk=works[old_id]["work_id"]).creators.all())
        for old_id in (1, 3, 4)
    }
    assert authors == {
        1: ["Kestrel Vane", "Ondine Marsh"],
        3: ["Salt and Pepper"],
        4: ["Kestrel Vane", "Ondine Marsh"],
    }
    assert sorted(c["name"] for c in report.creators) == [
        "Kestrel Vane",
        "Ondine Marsh",
        "Salt and Pepper",
    ]
    missing = [p for p in report.problems if p["kind"] == "missing_chapter_text"]
    assert missing == [
        {
            "kind": "missing_chapter_text",
            "detail": "kv/harbour.html is missing (record 2)",
            "old_id": 2,
            "file": "kv/harbour.html",
        }
    ]
    assert not any(p["kind"] == "author_without_email" for p in report.problems)


MULTI = """%FILES = (
1 => {
\tTitle => 'Gate Lag',
\tAuthor => 'Kestrel Vane',
\tCategory => 'Stargate SG-1',
\tCharacters => 'Jack, Daniel',
\tLocation => 'kv/gate',
\tFileType => 'html',
},
2 => {
\tTitle => 'Slayer Night',
\tAuthor => 'Kestrel Vane',
\tCategory => 'Buffy the Vampire Slayer, Angst',
\tCharacters => 'Willow, Tara',
\tLocation => 'kv/slay',
\tFileType => 'html',
},
);
1;
"""


@pytest.mark.django_db
def test_a_multi_fandom_archive_gets_no_one_fandom_for_all(tmp_path, client):
    """Records whose characters belong to different fandoms: no archive-wide fandom is
    guessed (it was added to every story); each story keeps its own."""
    (tmp_path / "archive" / "kv").mkdir(parents=True)
    (tmp_path / "ARCHIVE_DB.pl").write_text(MULTI)
    for name in ("gate", "slay"):
        (tmp_path / "archive" / "kv" / f"{name}.html").write_text(
            f"<html><body><p>{PROSE}</p></body></html>"
        )
    report = rescue_run(tmp_path, RescueOptions(slug="multi"))
    fandoms = {
        w["title"]: client.get(f"/api/works/{w['work_id']}/").json()["fandoms"]
        for w in report.works
    }
    assert fandoms == {
        "Gate Lag": ["Stargate SG-1"],
        "Slayer Night": ["Buffy the Vampire Slayer"],
    }


@pytest.mark.parametrize(
    "written",
    ["03/14/99", "3/14/1999", "1999-03-14", "14 March 1999", "March 14, 1999", "Mar 14, 1999",
     "03-14-99", "1999/03/14", "14/03/99", "14.03.1999", "921369600"],
)  # fmt: skip
def test_print_times_in_the_forms_archives_wrote_them(written):
    """The script's mm/dd/yy and the other forms people typed all give the same day."""
    from ficarchive.rescue.automated_archive.reader import _date

    found = _date(written)
    assert found is not None
    assert found.date().isoformat() == "1999-03-14"


@pytest.mark.django_db
def test_a_database_saved_on_a_classic_mac_and_files_no_record_names(tmp_path):
    """Lines ending in CR alone (nothing was read, and nothing said so) read as lines; a story
    file under archive/ that no record names is reported; a database with no readable record
    says so."""
    folder = tmp_path / "aa"
    shutil.copytree(SAMPLE, folder)
    db = (folder / "ARCHIVE_DB.pl").read_bytes().replace(b"\r\n", b"\n")
    (folder / "ARCHIVE_DB.pl").write_bytes(db.replace(b"\n", b"\r"))
    (folder / "archive" / "moth" / "stray.txt").write_text("A story the records forgot.")
    report = rescue_run(folder, RescueOptions(slug="aa", dry_run=True))
    assert report.counts["created"] == 4
    unnamed = [p["path"] for p in report.problems if p["kind"] == "file_not_in_records"]
    assert unnamed == ["archive/moth/stray.txt"]
    (folder / "ARCHIVE_DB.pl").write_bytes(b"%FILES = (\r);\r")
    empty = rescue_run(folder, RescueOptions(slug="aa2", dry_run=True))
    assert [p["kind"] for p in empty.problems if p["kind"] == "no_records"] == ["no_records"]
    assert len([p for p in empty.problems if p["kind"] == "file_not_in_records"]) == 6
