"""`ficarchive rescue`: the JSON report on the last line, the HTML report and its CSV, errors."""

import io
import json
import shutil
import time

import pytest
from django.core.management import CommandError, call_command

from ficarchive.rescue.progress import progress_line
from ficarchive.rescue.services import RescueProgress

from .test_lanternhollow import SAMPLE

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("rescue", *map(str, args), stdout=out)
    return out.getvalue()


def test_json_report_is_the_last_line_with_the_contract_fields(tmp_path):
    """--json: one object with archive, counts, works, series, creators, problems."""
    output = run(SAMPLE, "--json", "--slug", "lh", "--do-not-import", SAMPLE / "do_not_import.txt")
    report = json.loads(output.strip().splitlines()[-1])
    assert list(report) == ["archive", "counts", "works", "series", "creators", "problems"]
    assert report["archive"] == {
        "name": "Lantern Hollow",
        "software": "eFiction",
        "version": "3.5.3",
        "slug": "lh",
        "old_url": "http://lanternhollow.example.net/fiction",
    }
    work = report["works"][0]
    assert set(work) == {"old_id", "status", "reason", "work_id", "url", "title"}
    assert set(report["creators"][0]) == {"old_id", "creator_id", "name", "url"}
    assert set(report["series"][0]) >= {"old_id", "series_id", "url"}


def test_report_file_and_the_csv_of_unmapped_tags(tmp_path):
    """--report writes the HTML page and, beside it, the CSV of tags to map by hand."""
    sql = (SAMPLE / "lanternhollow.sql").read_text(encoding="utf-8")
    folder = tmp_path / "site"
    shutil.copytree(SAMPLE / "stories", folder / "stories")
    (folder / "site.sql").write_text(sql.replace("'Sentinel, The'", "'Cascade PD Files'"))
    target = tmp_path / "report.html"
    output = run(folder, "--dry-run", "--report", target)
    assert output.startswith("dry run: 12 works (12 created")
    assert "<table" in target.read_text(encoding="utf-8")
    csv_text = (tmp_path / "report.tags.csv").read_text(encoding="utf-8")
    assert csv_text.splitlines()[0] == "type,original,mapped,stories"
    assert "fandom,Cascade PD Files,," in csv_text


def test_a_path_that_is_no_archive_is_one_error(tmp_path):
    """A folder with nothing to rescue, or no folder at all: a clear error, no traceback."""
    (tmp_path / "notes.txt").write_text("nothing here")
    with pytest.raises(CommandError, match="not an archive"):
        run(tmp_path)
    with pytest.raises(CommandError, match=r"neither a folder nor a \.zip"):
        run(tmp_path / "missing")


def test_a_bad_tag_map_is_one_error(tmp_path):
    """A tag map with an unknown type names its line."""
    bad = tmp_path / "map.csv"
    bad.write_text("type,original,mapped\nshoe,Angst,Angst\n")
    with pytest.raises(CommandError, match="line 2"):
        run(SAMPLE, "--tag-map", bad)


def test_the_progress_line_shows_counts_and_time_left():
    """The bar: phase, done of total, counts, and an estimate of the time left."""
    progress = RescueProgress(
        "works", 50, 200, {"created": 48, "skipped": 2}, time.monotonic() - 10
    )
    line = progress_line(progress, 100)
    assert line.startswith("stories [")
    assert "50/200" in line
    assert "created 48" in line
    assert "skipped 2" in line
    assert "ETA 0:3" in line  # 10 s for 50, so about 30 s for the other 150
