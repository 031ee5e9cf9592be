"""The `ficarchive import` command: output lines, the --json contract, --dry-run, exit status."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ficarchive.search.models import IndexPending
from ficarchive.search.query import SearchQuery
from ficarchive.search.selectors import work_search
from ficarchive.works.models import Work

pytestmark = pytest.mark.django_db

STORY = (
    b"Title: The Quiet Pier\nAuthor: Test Writer\nRating: PG\n\n"
    b"Nobody fished from the old pier any more, but every evening a man in a grey coat walked to "
    b"its end, looked at the water for exactly as long as it took the lighthouse to turn twice, "
    b"and walked back. The children of the town had a dozen theories. None of them was right, "
    b"and he never told them that it was simply where he had once been happy."
)
# DESIGN.md's keys, and `held` (waiting for the author's permission, issue 10).
# `uncertain`: in a dry run, the fields to check first (issue 9).
KEYS = {"source", "status", "work_id", "url", "error", "held", "uncertain"}


def run_import(*args: str) -> str:
    out = io.StringIO()
    call_command("import", *args, stdout=out)
    return out.getvalue()


def test_json_for_one_file_is_one_object(tmp_path):
    """With one file, --json prints one object with the contract's keys."""
    (tmp_path / "pier.txt").write_bytes(STORY)
    obj = json.loads(run_import("--json", str(tmp_path / "pier.txt")))
    assert set(obj) == KEYS
    work = Work.objects.get()
    assert obj == {
        "source": str(tmp_path / "pier.txt"),
        "status": "created",
        "work_id": work.pk,
        "url": f"/works/{work.pk}/",
        "error": None,
        "held": False,
        "uncertain": [],
    }


def test_json_for_several_files_is_an_array_and_failure_raises(tmp_path):
    """With several files, --json prints an array; a failed file makes the command fail."""
    (tmp_path / "a.txt").write_bytes(STORY)
    (tmp_path / "b.txt").write_bytes(b"")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", "--json", str(tmp_path), stdout=out)
    objects = json.loads(out.getvalue())
    assert [(o["status"], o["error"]) for o in objects] == [
        ("created", None),
        ("failed", "empty file"),
    ]
    assert all(set(o) == KEYS for o in objects)


def test_plain_output_is_one_line_per_work_then_a_summary(tmp_path):
    """Without --json: one line per work, then the counts; a second run says unchanged."""
    (tmp_path / "pier.txt").write_bytes(STORY)
    first = run_import(str(tmp_path)).splitlines()
    assert first[0].startswith("created")
    assert "/works/" in first[0]
    assert first[-1] == "1 created"
    assert run_import(str(tmp_path)).splitlines()[-1] == "1 unchanged"


def test_dry_run_reports_and_writes_nothing(tmp_path):
    """--dry-run prints what would happen and creates no work."""
    (tmp_path / "pier.txt").write_bytes(STORY)
    obj = json.loads(run_import("--dry-run", "--json", str(tmp_path)))
    assert (obj["status"], obj["work_id"]) == ("created", None)
    assert Work.objects.count() == 0


@pytest.mark.slow  # starts the installed command in a new process
def test_the_installed_command_exits_1_when_a_file_fails(tmp_path):
    """`ficarchive import` (a real process on its own SQLite database) exits 1 on any failure."""
    stories = tmp_path / "stories"
    stories.mkdir()
    (stories / "pier.txt").write_bytes(STORY)
    (stories / "junk.txt").write_bytes(bytes(range(256)))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["FICARCHIVE_DATA"] = str(tmp_path / "data")
    command = [sys.executable, "-m", "ficarchive", "import", "--json", str(stories)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1, done.stderr
    statuses = {Path(o["source"]).name: o["status"] for o in json.loads(done.stdout)}
    assert statuses == {"junk.txt": "failed", "pier.txt": "created"}
    (stories / "junk.txt").unlink()
    again = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["status"] == "unchanged"


POSTED = (
    b"From: relay@example.com (Corin Abbot)\nNewsgroups: alt.tv.x-files.creative\n"
    b"Subject: Low Tide\n\nLow Tide\n\nThe water went out further than anyone remembered, "
    b"and Scully walked after it across the wet sand until the town was small behind her.\n"
)


def test_dry_run_lists_uncertain_fields_first(tmp_path):
    """A dry run names the fields the reader is least sure of, least sure first, and writes nothing."""
    (tmp_path / "tide.txt").write_bytes(POSTED)
    obj = json.loads(run_import("--dry-run", "--json", str(tmp_path / "tide.txt")))
    fields = [u["field"] for u in obj["uncertain"]]
    assert "authors" in fields  # the From line names a poster, who may not be the author
    confidences = [u["confidence"] for u in obj["uncertain"]]
    assert confidences == sorted(confidences)
    assert all(c < 0.7 for c in confidences)
    text = run_import("--dry-run", str(tmp_path / "tide.txt"))
    assert "check first: " in text
    assert "authors (label, 0.55)" in text
    assert not Work.objects.exists()


def test_dry_run_of_a_labelled_header_has_nothing_to_check(tmp_path):
    """Fields read from labels are certain: a classic header leaves nothing to check first."""
    (tmp_path / "pier.txt").write_bytes(STORY)
    obj = json.loads(run_import("--dry-run", "--json", str(tmp_path / "pier.txt")))
    assert [u["field"] for u in obj["uncertain"] if u["field"] != "language"] == []


@pytest.mark.django_db(transaction=True)
def test_the_command_ends_with_the_story_text_indexed(tmp_path):
    """The import leaves the story text for later; the command's last step indexes it, so when
    it returns a word from the story's text is found and nothing waits in the outbox."""
    (tmp_path / "pier.txt").write_bytes(STORY)
    err = io.StringIO()
    call_command("import", str(tmp_path), stdout=io.StringIO(), stderr=err)
    assert "the story text of 1 works indexed" in err.getvalue()
    assert not IndexPending.objects.exists()
    assert work_search(query=SearchQuery(text="theories", in_text=True)).total == 1
