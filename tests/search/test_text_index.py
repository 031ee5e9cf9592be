"""The Tantivy text index in a folder, as real processes use it: killed while indexing it loses
nothing, one process writes at a time while others read, changes committed out of order are
taken in, and a lost folder is built again from the database.

Real processes against a real database: on SQLite a data folder of the test's own; on
PostgreSQL the test database itself (these tests commit, and the flush after them cleans up).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from tests.search.text_index_process import word

from ficarchive.search.backends import TANTIVY
from ficarchive.search.models import IndexChange
from ficarchive.search.query import SearchQuery
from ficarchive.search.selectors import work_search
from ficarchive.search.textindex.follow import (
    CatchUp,
    text_index,
    text_index_catch_up,
    text_index_forget,
)
from ficarchive.works.models import Work

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

SCRIPT = Path(__file__).resolve().parent / "text_index_process.py"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The environment of an archive and index folder the subprocesses share."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["FICARCHIVE_DATA"] = str(tmp_path / "data")
    env["FICARCHIVE_TEXT_INDEX"] = str(tmp_path / "text-index")
    env["FICARCHIVE_SEARCH_BACKEND"] = "tantivy"
    env["PYTHONPATH"] = str(SCRIPT.parent.parent.parent)
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        )
    return env


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=300
    )


def search(env: dict[str, str], numbers: range) -> dict:
    done = run(env, "search", *(word(n) for n in numbers))
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_an_indexer_killed_mid_commit_resumes_and_loses_nothing(env):
    """SIGKILL while building the index, and again between two commits of new changes: the next
    process takes every work in, once."""
    assert run(env, "make", "0", "8").returncode == 0
    killed = run(env, "kill-while-indexing", "5")  # during the first build
    assert killed.returncode == -9
    found = search(env, range(8))
    assert found["totals"] == {word(n): 1 for n in range(8)}
    assert found["documents"] == 8
    assert run(env, "make", "8", "8").returncode == 0  # works 8..15 are new changes in the log
    killed = run(env, "kill-while-indexing", "5")  # after one commit of three, within the next
    assert killed.returncode == -9
    assert run(env, "documents").stdout.strip() == "11"  # the first commit stayed
    found = search(env, range(16))
    assert set(found["totals"].values()) == {1}
    assert found["documents"] == 16


def test_one_writer_at_a_time_and_readers_follow(env):
    """While another process holds the writer, a search answers from what is indexed and says
    so; once the writer is free, the next search takes the new works in."""
    assert run(env, "make", "0", "3").returncode == 0
    assert search(env, range(3))["totals"] == {word(n): 1 for n in range(3)}
    holder = subprocess.Popen(
        [sys.executable, str(SCRIPT), "hold"],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        assert run(env, "make", "3", "2").returncode == 0
        waiting = search(env, range(5))
        assert waiting["totals"] == {**{word(n): 1 for n in range(3)}, word(3): 0, word(4): 0}
        assert any("still being added" in note for note in waiting["notes"])
    finally:
        assert holder.stdin is not None
        holder.stdin.close()  # the holder lets go of the writer and exits
        holder.wait(timeout=60)
    assert search(env, range(5))["totals"] == {word(n): 1 for n in range(5)}


def titles(text: str) -> set[str]:
    results = work_search(query=SearchQuery(text=text))
    return {w.title for w in results[0 : results.total]}


def test_changes_committed_out_of_order_are_taken_in(settings, tmp_path):
    """A change whose lower id becomes visible after a higher one (PostgreSQL's concurrent
    commits) is found later as a gap, not skipped for good."""
    settings.FICARCHIVE_SEARCH_BACKEND = TANTIVY
    settings.FICARCHIVE_TEXT_INDEX = str(tmp_path / "text-index")
    text_index_forget()
    try:
        early, late = Work.objects.bulk_create(
            [Work(title="Early Heron", summary="heron"), Work(title="Late Heron", summary="heron")]
        )
        assert text_index_catch_up() is CatchUp.APPLIED  # built: nothing logged yet
        newest = IndexChange.objects.order_by("-id").values_list("id", flat=True).first() or 0
        Work.objects.filter(pk__in=[early.pk, late.pk]).update(summary="egret")
        IndexChange.objects.create(id=newest + 2, work_id=late.pk, token="committed-first")
        assert text_index_catch_up() is CatchUp.APPLIED
        assert titles("egret") == {"Late Heron"}
        assert text_index().cursor is not None
        assert newest + 1 in text_index().cursor.gaps
        IndexChange.objects.create(id=newest + 1, work_id=early.pk, token="committed-late")
        assert text_index_catch_up() is CatchUp.APPLIED
        assert titles("egret") == {"Early Heron", "Late Heron"}
        assert not text_index().cursor.gaps
    finally:
        text_index_forget()


def test_a_lost_index_folder_is_built_again_from_the_database(settings, tmp_path):
    """Deleting the folder loses nothing: the next search of a small archive rebuilds it."""
    settings.FICARCHIVE_SEARCH_BACKEND = TANTIVY
    settings.FICARCHIVE_TEXT_INDEX = str(tmp_path / "text-index")
    text_index_forget()
    try:
        Work.objects.create(title="Copper Kettle", summary="steam")
        assert titles("steam") == {"Copper Kettle"}
        folder = Path(text_index().location)
        text_index_forget()
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
        assert titles("steam") == {"Copper Kettle"}
    finally:
        text_index_forget()


@pytest.mark.django_db(transaction=False)
def test_reindex_check_finds_and_mends_a_stale_tantivy_document(settings):
    """`reindex --check` reads the Tantivy index's ids and text digests: a work changed without
    a logged change is reported stale, and the repair brings its new text into the index."""
    from tests.factories import indexed, work_row

    from ficarchive.search.indexing import index_check
    from ficarchive.search.models import IndexPending

    settings.FICARCHIVE_SEARCH_BACKEND = TANTIVY
    stale, _ = indexed(work_row("Amber Lantern"), work_row("Amber Moth"))
    IndexPending.objects.all().delete()  # as after their commit: in step
    assert titles("amber") == {"Amber Lantern", "Amber Moth"}
    Work.objects.filter(pk=stale.pk).update(title="Beetle Lantern")  # no signal: the index lags
    assert titles("beetle") == set()
    found = index_check(repair=False)
    assert (found.stale, found.missing, found.orphans) == ([stale.pk], [], [])
    index_check(repair=True)
    assert titles("beetle") == {"Beetle Lantern"}
    assert index_check(repair=False).disagreeing == []
