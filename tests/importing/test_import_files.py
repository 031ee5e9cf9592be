"""Importing files, folders and zips: idempotence, bad input, safety, one transaction per work."""

import io
import zipfile
from pathlib import Path

import pytest
from django.db import transaction
from django.test import override_settings
from tests.importing.faults import fail_after_rows

from ficarchive.importing.batches import import_path
from ficarchive.importing.checks import data_problem
from ficarchive.importing.models import ImportRecord
from ficarchive.importing.services import import_bytes
from ficarchive.works.models import Chapter, Creator, Tag, Work

pytestmark = pytest.mark.django_db

PROSE = (
    "The kettle had boiled twice before anyone remembered it, and by then the rain had "
    "found its way under the door. She set out three cups, then a fourth, in case the "
    "stranger from the station came after all. Outside, the lamps along the lane came "
    "on one by one, as if someone were walking ahead of the dark and lighting the way."
)


def story(title: str, extra: str = "") -> bytes:
    """A small story of our own with a plain-text header."""
    return (
        f"Title: {title}\nAuthor: Test Writer\nRating: G\n\n{PROSE}\n\n{extra or PROSE}\n"
    ).encode()


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def counts() -> tuple[int, int, int, int, int]:
    return (
        Work.objects.count(),
        Chapter.objects.count(),
        Tag.objects.count(),
        Creator.objects.count(),
        ImportRecord.objects.count(),
    )


def by_source(results) -> dict:
    return {Path(r.source.split(":")[-1]).name: r for r in results}


def test_import_creates_a_work_per_file_with_provenance(tmp_path):
    """Each story file becomes one work carrying its source name, content hash and import time."""
    write(tmp_path, "one.txt", story("One"))
    write(tmp_path, "sub/two.html", story("Two"))
    results = import_path(paths=[tmp_path])
    assert [r.status for r in results] == ["created", "created"]
    work = Work.objects.get(pk=results[0].work_id)
    assert work.source_name == str(tmp_path / "one.txt")
    assert len(work.content_hash) == 64
    assert work.imported_at is not None
    assert results[0].url == f"/works/{work.pk}/"
    assert ImportRecord.objects.filter(status="created").count() == 2


def test_second_import_is_unchanged_and_creates_nothing(tmp_path):
    """Importing the same files again reports unchanged and every count stays the same."""
    write(tmp_path, "one.txt", story("One"))
    write(tmp_path, "two.txt", story("Two"))
    first = import_path(paths=[tmp_path])
    before = counts()
    second = import_path(paths=[tmp_path])
    assert [r.status for r in second] == ["unchanged", "unchanged"]
    assert [r.work_id for r in second] == [r.work_id for r in first]
    assert counts() == before


def test_changed_content_of_the_same_source_updates_its_work(tmp_path):
    """New content under the same source name updates the work it made before."""
    path = write(tmp_path, "one.txt", story("One"))
    first = import_path(paths=[path])[0]
    path.write_bytes(story("One, revised", extra="A new ending, short and kind, for everyone."))
    second = import_path(paths=[path])[0]
    assert second.status == "updated"
    assert second.work_id == first.work_id
    assert Work.objects.count() == 1
    assert "A new ending" in Chapter.objects.get(work_id=first.work_id).body_html


@override_settings(FICARCHIVE_MAX_UPLOAD=2000)
def test_bad_files_fail_one_line_each_and_the_others_import(tmp_path):
    """Empty, binary, not-a-story and too-large files fail with a one-line error; good ones import."""
    write(tmp_path, "a-good.txt", story("Good"))
    write(tmp_path, "b-empty.txt", b"")
    write(tmp_path, "c-binary.txt", bytes(range(256)) * 4)
    write(tmp_path, "d-image.html", b"\x89PNG\r\n\x1a\n" + bytes(100))
    write(tmp_path, "e-data.txt", b"id,name,count\n1,apples,3\n2,pears,7\n3,plums,11\n" * 5)
    write(tmp_path, "f-list.txt", b"eggs\nmilk\nbread\n")
    write(tmp_path, "g-huge.txt", story("Huge", extra=PROSE * 20))
    write(tmp_path, "h-also-good.txt", story("Also good"))
    results = by_source(import_path(paths=[tmp_path]))
    assert results["a-good.txt"].status == "created"
    assert results["h-also-good.txt"].status == "created"
    errors = {name: r.error for name, r in results.items() if r.status == "failed"}
    assert set(errors) == {
        "b-empty.txt",
        "c-binary.txt",
        "d-image.html",
        "e-data.txt",
        "f-list.txt",
        "g-huge.txt",
    }
    assert errors["b-empty.txt"] == "empty file"
    assert errors["c-binary.txt"] == "binary file, not a text story"
    assert errors["d-image.html"] == "not a story: this is a PNG image"
    assert errors["e-data.txt"].startswith("not a story")
    assert errors["f-list.txt"].startswith("not a story")
    assert errors["g-huge.txt"].startswith("file too large")
    assert all("\n" not in e for e in errors.values())
    assert Work.objects.count() == 2
    assert ImportRecord.objects.filter(status="failed").count() == 6


def test_utf16_text_is_not_mistaken_for_binary():
    """A UTF-16 file (full of NUL bytes) with its byte-order mark passes the binary check."""
    wide = "\ufeff".encode("utf-16-le") + story("Wide").decode().encode("utf-16-le")
    assert b"\x00" in wide
    assert data_problem(wide, max_size=10_000) is None
    assert data_problem(b"\xff\xfe", max_size=10_000) == "empty file"


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    return path


def test_zip_members_import_and_unsafe_paths_are_refused(tmp_path):
    """Members with ../ or absolute paths fail; safe members import; nothing lands on disk."""
    archive = make_zip(
        tmp_path / "bundle.zip",
        {
            "stories/good.txt": story("Zipped"),
            "../../x.txt": story("Escape"),
            "/etc/abs.txt": story("Absolute"),
            "C:/windows/drive.txt": story("Drive"),
            "notes.md": b"not taken: not a story suffix",
        },
    )
    listing_before = sorted(p.name for p in tmp_path.rglob("*"))
    results = import_path(paths=[archive])
    status = {r.source.split(":", 1)[1]: (r.status, r.error) for r in results}
    assert status["stories/good.txt"][0] == "created"
    assert status["../../x.txt"] == (
        "failed",
        "unsafe path in zip (leaves the archive): '../../x.txt'",
    )
    assert status["/etc/abs.txt"] == ("failed", "unsafe path in zip (absolute): '/etc/abs.txt'")
    assert status["C:/windows/drive.txt"][0] == "failed"
    assert "notes.md" not in status
    assert Work.objects.count() == 1
    assert sorted(p.name for p in tmp_path.rglob("*")) == listing_before
    assert not (tmp_path.parent.parent / "x.txt").exists()


def test_zip_bomb_is_refused_without_inflating_it(tmp_path):
    """A member that inflates far beyond its compressed size fails; the rest of the zip imports."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", b"\0" * (20 * 1024 * 1024))
        archive.writestr("fine.txt", story("Fine"))
    (tmp_path / "bomb.zip").write_bytes(buffer.getvalue())
    results = {r.source.split(":", 1)[1]: r for r in import_path(paths=[tmp_path / "bomb.zip"])}
    assert results["bomb.txt"].status == "failed"
    assert "zip bomb" in results["bomb.txt"].error or "too large" in results["bomb.txt"].error
    assert results["fine.txt"].status == "created"


@override_settings(FICARCHIVE_MAX_UPLOAD=1_000_000, FICARCHIVE_MAX_ZIP_RATIO=1000)
def test_zip_bomb_is_caught_by_the_ratio_cap(tmp_path):
    """Within the per-file size cap, a compression ratio over the cap still fails the member."""
    path = make_zip(tmp_path / "ratio.zip", {"flat.txt": b"a " * 400_000})
    with override_settings(FICARCHIVE_MAX_ZIP_RATIO=50):
        result = import_path(paths=[path])[0]
    assert result.status == "failed"
    assert result.error == "compression ratio over 50:1 looks like a zip bomb; not read"


@override_settings(FICARCHIVE_MAX_ZIP_TOTAL=1500)
def test_zip_total_size_is_capped(tmp_path):
    """Once a zip's members pass the total cap, the rest fail instead of being read."""
    path = make_zip(tmp_path / "many.zip", {f"s{i}.txt": story(f"Story {i}") for i in range(4)})
    statuses = [r.status for r in import_path(paths=[path])]
    assert statuses[0] == "created"
    assert statuses[-1] == "failed"


def test_failure_midway_leaves_no_partial_work_and_others_import(tmp_path, monkeypatch):
    """When storing one work fails after its row was written, it is rolled back; others import."""
    write(tmp_path, "a.txt", story("Fine A"))
    write(tmp_path, "b.txt", story("Breaks"))
    write(tmp_path, "c.txt", story("Fine C"))

    def breaks(work):
        # Fault injection: the Work, its tags and chapters are written by now.
        assert Work.objects.filter(pk=work.pk).exists()
        return work.source_name.endswith("b.txt")

    calls = fail_after_rows(
        monkeypatch, step="chapters", failing=breaks, error=RuntimeError("disk full")
    )
    results = by_source(import_path(paths=[tmp_path]))
    # The three new works were written together, rolled back, then written one by one.
    assert calls[0] == ("bulk", ["Breaks", "Fine A", "Fine C"])
    assert [c[0] for c in calls[1:]] == ["alone"] * 3
    assert results["b.txt"].status == "failed"
    assert results["b.txt"].error == "could not store the work: RuntimeError: disk full"
    assert [results["a.txt"].status, results["c.txt"].status] == ["created", "created"]
    assert sorted(Path(w.source_name).name for w in Work.objects.all()) == ["a.txt", "c.txt"]
    assert Chapter.objects.count() == 2
    assert not ImportRecord.objects.filter(status="created", source__endswith="b.txt").exists()


def test_dry_run_writes_nothing(tmp_path):
    """A dry run reports what it would do and leaves every table as it was."""
    write(tmp_path, "one.txt", story("One"))
    write(tmp_path, "empty.txt", b"")
    before = counts()
    results = import_path(paths=[tmp_path], dry_run=True)
    assert [r.status for r in results] == ["failed", "created"]
    assert counts() == before


def test_import_bytes_is_atomic_per_work():
    """import_bytes inside an outer transaction still leaves nothing when the file is bad."""
    with transaction.atomic():
        result = import_bytes(source="paste", data=b"\x00\x01\x02")
    assert result.status == "failed"
    assert Work.objects.count() == 0


def test_import_transaction_commits_without_waiting_for_the_disk(tmp_path, monkeypatch):
    """On PostgreSQL a work's import transaction commits asynchronously (as SQLite's WAL mode
    with synchronous=NORMAL commits every write); the setting is local to that transaction."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("synchronous_commit is PostgreSQL's; SQLite's settings cover every write")

    def setting() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    inside = []

    def noting(work) -> bool:
        inside.append(setting())
        return False  # nothing fails

    fail_after_rows(monkeypatch, step="chapters", failing=noting, error=AssertionError())
    before = setting()
    write(tmp_path, "a.txt", story("Quick Commit"))
    assert [r.status for r in import_path(paths=[tmp_path])] == ["created"]
    assert before == "on"
    assert inside == ["off"]
