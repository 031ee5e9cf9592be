"""`ficarchive import` killed with SIGKILL at four points, then run again: every work is in the
archive and searchable, nothing failed, and `reindex --check` finds nothing to repair. Two
imports of one folder at once: no failure, no stale record, every work once and searchable.

Real processes against a real database: on SQLite a data folder of the test's own; on
PostgreSQL the test database itself (this test commits, and the flush after it cleans up).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)

HERE = Path(__file__).resolve().parent
FILES = 24
PROSE = (
    "The ferry left the harbour at dawn and the gulls followed it out past the breakwater, "
    "crying over the grey water while the pilot counted the buoys one by one."
)


def word(n: int) -> str:
    """A word that only story `n` holds (letters only, so every engine indexes it whole)."""
    return "zel" + "".join(chr(ord("a") + int(d)) for d in f"{n:03d}") + "wick"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    stories = tmp_path / "stories"
    stories.mkdir()
    for n in range(FILES):
        (stories / f"story{n:02d}.txt").write_text(
            f"Title: Harbour {word(n).title()}\nAuthor: Ferry Pilot {n}\nRating: PG\n"
            f"Fandom: Original Work\n\n{PROSE}\n\nThe word of this story is {word(n)}.\n"
        )
    return stories


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The environment of an archive the subprocesses share with this test."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["FICARCHIVE_DATA"] = str(tmp_path / "data")
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        )
    return env


def run(env: dict, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=timeout
    )


def facts(env: dict) -> dict:
    result = run(env, str(HERE / "archive_facts.py"), *(word(n) for n in range(FILES)))
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def assert_complete(env: dict) -> None:
    """Every story once, searchable by its word; no failure, nothing waiting; the check agrees."""
    found = facts(env)
    assert found["works"] == FILES
    assert found["successful_records"] == FILES
    assert found["failed_records"] == []
    assert found["pending"] == 0
    assert found["found"] == {word(n): 1 for n in range(FILES)}
    check = run(env, "-m", "ficarchive", "reindex", "--check", "--dry-run")
    assert check.returncode == 0, check.stdout + check.stderr[-2000:]
    assert "0 works disagree" in check.stdout


@pytest.mark.slow
def test_import_killed_mid_batch_keeps_earlier_batches_and_loses_no_work_when_run_again(
    env, folder
):
    """Killed while storing the 8th work with five works per transaction: the first batch is
    stored whole (waiting in the outbox), the second not at all; the next run stores the rest,
    reports the first five `unchanged`, and indexes everything."""
    killed = run(env, str(HERE / "import_killer.py"), "batch", "8", str(folder))
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-3000:]
    after_crash = facts(env)
    assert after_crash["works"] == 5
    assert after_crash["successful_records"] == 5
    assert after_crash["pending"] == 5

    again = run(env, "-m", "ficarchive", "import", "--json", str(folder))
    assert again.returncode == 0, again.stdout[-2000:] + again.stderr[-3000:]
    statuses = [r["status"] for r in json.loads(again.stdout)]
    assert statuses == ["unchanged"] * 5 + ["created"] * (FILES - 5)
    assert_complete(env)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("point", "nth"),
    [("store", 7), ("between", 13), ("indexing", 3), ("text", 0)],
    ids=["inside-a-work-transaction", "between-works", "while-indexing", "before-the-story-text"],
)
def test_import_killed_then_run_again_leaves_every_work_searchable(env, folder, point, nth):
    """SIGKILL at the point; the archive it leaves may lag behind the index, and the check says
    so; the next import makes the archive and its index complete."""
    killed = run(env, str(HERE / "import_killer.py"), point, str(nth), str(folder))
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-3000:]
    after_crash = facts(env)
    assert after_crash["works"] < FILES or after_crash["pending"] > 0
    if after_crash["pending"]:
        check = run(env, "-m", "ficarchive", "reindex", "--check", "--dry-run")
        assert check.returncode == 1, check.stdout
        assert "waiting to be indexed" in check.stdout

    again = run(env, "-m", "ficarchive", "import", "--json", str(folder))
    assert again.returncode == 0, again.stdout[-2000:] + again.stderr[-3000:]
    statuses = [r["status"] for r in json.loads(again.stdout)]
    assert len(statuses) == FILES
    assert set(statuses) <= {"created", "unchanged"}
    assert_complete(env)


@pytest.mark.slow
def test_two_imports_of_one_folder_at_once_fail_nothing_and_leave_no_stale_record(env, folder):
    """Both runs exit 0; every story is created by exactly one of them, once."""
    command = [sys.executable, "-m", "ficarchive", "import", "--json", str(folder)]
    runs = [
        subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=600) for process in runs]
    for process, (out, err) in zip(runs, outputs, strict=True):
        assert process.returncode == 0, out[-2000:] + err[-3000:]
    results = [r for out, _ in outputs for r in json.loads(out)]
    created = sorted(r["source"] for r in results if r["status"] == "created")
    assert {r["status"] for r in results} <= {"created", "unchanged"}
    assert len(created) == FILES
    assert len(set(created)) == FILES
    assert_complete(env)
