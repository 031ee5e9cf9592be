"""Killing `ficarchive rescue` with SIGKILL at three points and running it again gives exactly the
archive an uninterrupted run gives; one more run reports every item unchanged (issue 10).

Each run is the real command in a process of its own, on a SQLite archive of its own (the test
database is not used). The archive is generated (`bench.efiction_archive`) so that there are
enough works to kill the run between them. The comparison is a canonical dump of works (with
their tags, chapters, creators, series parts), creators, series, comments and every rescue item
(what each old id became: the redirects), keyed by old ids, not by database ids.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ficarchive.bench.efiction_archive import efiction_archive_write

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]

# Printed by `ficarchive shell -c` inside each archive: everything a reader or an old link sees.
CANONICAL = r"""
import json
from ficarchive.feedback.models import Comment
from ficarchive.rescue.models import RescueItem
from ficarchive.works.models import Creator, Series, SeriesPart, Work

keys = {}
for item in RescueItem.objects.filter(kind="work").exclude(work=None).order_by("old_id"):
    keys.setdefault(item.work_id, item.old_id)

def key(pk):
    return None if pk is None else keys.get(pk, f"unkeyed:{pk}")

def day(value):
    return value.isoformat() if value else None

works = []
for w in Work.objects.all():
    works.append({
        "key": key(w.pk), "title": w.title, "summary": w.summary, "notes": w.notes,
        "end_notes": w.end_notes, "language": w.language, "words": w.word_count,
        "expected": w.expected_chapters, "published": day(w.published_at),
        "updated": day(w.updated_at), "held": w.permission_held, "draft": w.draft,
        "tags": sorted([t.type, t.name] for t in w.tags.all()),
        "creators": [a.creator.name for a in w.authorship_set.order_by("position")],
        "chapters": [
            [c.position, c.title, c.notes, c.end_notes, c.body_html, c.word_count, c.draft]
            for c in w.chapters.order_by("position")
        ],
        "series": sorted([p.series.title, p.position] for p in w.series_parts.all()),
    })
creators = sorted([c.name, c.email, c.user_id is None] for c in Creator.objects.all())
series = sorted(
    [s.title, s.summary, [[key(p.work_id), p.position] for p in s.parts.order_by("position")]]
    for s in Series.objects.all()
)
comments = sorted(
    [key(c.work_id), c.chapter.position if c.chapter else None, c.guest_name,
     c.pseud.name if c.pseud else None, c.body_html, c.depth,
     c.parent.body_html if c.parent else None, c.status]
    for c in Comment.objects.select_related("chapter", "pseud", "parent")
)
items = sorted(
    [i.kind, i.old_id, i.status, i.reason, i.content_hash, key(i.work_id), i.position,
     i.parent_old_id, i.old_number, i.series.title if i.series else None,
     i.creator.name if i.creator else None,
     i.comment.body_html if i.comment else None]
    for i in RescueItem.objects.select_related("series", "creator", "comment")
)
print(json.dumps({"works": sorted(works, key=lambda w: str(w["key"])), "creators": creators,
                  "series": series, "comments": comments, "items": items}, sort_keys=True))
"""


def _env(data: Path) -> dict:
    env = dict(os.environ, FICARCHIVE_DATA=str(data))
    env.pop("DATABASE_URL", None)
    return env


def _ficarchive(data: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ficarchive", *args],
        env=_env(data),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )


def _rescue_args(archive: Path) -> list[str]:
    return ["rescue", str(archive), "--json", "--slug", "bench"]


def _canonical(data: Path) -> dict:
    done = _ficarchive(data, "shell", "-c", CANONICAL)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _works_committed(data: Path) -> int:
    path = data / "ficarchive.sqlite3"
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
            return db.execute("SELECT COUNT(*) FROM works_work").fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # not migrated yet


def _kill_when(data: Path, archive: Path, ready) -> int:
    """Start a rescue, SIGKILL it as soon as `ready(works committed)` holds; the count then."""
    process = subprocess.Popen(
        [sys.executable, "-m", "ficarchive", *_rescue_args(archive)],
        env=_env(data),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 600
        while not ready(_works_committed(data)):
            assert process.poll() is None, "the rescue finished before the point to kill it"
            assert time.monotonic() < deadline, "the rescue never reached the point"
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL
    return _works_committed(data)


def test_killed_three_times_resumes_to_the_same_archive(tmp_path):
    """SIGKILL while reading the dump, early in the works and late in them; the fourth run
    finishes; the archive equals an uninterrupted run's, and a fifth run changes nothing."""
    generated = efiction_archive_write(
        tmp_path / "generated", stories=90, chapters=200, words_per_chapter=150
    )
    archive = generated.efiction
    public = generated.public_stories

    reference = tmp_path / "reference"
    done = _ficarchive(reference, *_rescue_args(archive))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1])["counts"]["created"] == public

    crashed = tmp_path / "crashed"
    assert _ficarchive(crashed, "migrate", "--noinput").returncode == 0
    stage = crashed / "rescue-stage"
    # 1. While the dump is being read: the stage folder exists, no work is written yet.
    assert _kill_when(crashed, archive, lambda n: stage.exists()) == 0
    # 2. Early among the works, 3. late among them (each run resumes the last one).
    early = _kill_when(crashed, archive, lambda n: n >= public // 4)
    late = _kill_when(crashed, archive, lambda n: n >= (3 * public) // 4)
    assert 0 < early < late < public

    done = _ficarchive(crashed, *_rescue_args(archive))
    assert done.returncode == 0, done.stderr
    assert _canonical(crashed) == _canonical(reference)

    done = _ficarchive(crashed, *_rescue_args(archive))
    report = json.loads(done.stdout.splitlines()[-1])
    statuses = {w["status"] for w in report["works"] if w["status"] != "skipped"}
    assert statuses == {"unchanged"}, statuses
    assert report["counts"]["unchanged"] == public
    assert _canonical(crashed) == _canonical(reference)
