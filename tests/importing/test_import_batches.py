"""Several works per transaction (importing/batches.py), with real commits on SQLite and
PostgreSQL: results in walking order, each work all or nothing inside its batch, a database
error stores the batch file by file, and a second run changes nothing."""

from pathlib import Path

import pytest
from django.db import IntegrityError

from ficarchive.importing import batches
from ficarchive.importing.batches import import_path
from ficarchive.importing.models import ImportRecord, ImportStatus
from ficarchive.search.models import IndexPending
from ficarchive.search.query import SearchQuery
from ficarchive.search.selectors import work_search
from ficarchive.works.models import Chapter, Creator, Work
from ficarchive.works.services import work_write

# Real commits: a batch is a transaction of its own, not a savepoint in the test's.
pytestmark = pytest.mark.django_db(transaction=True)

PROSE = (
    "The lighthouse keeper wound the clock at noon and again at midnight, and between the two "
    "she mended nets on the gallery while the gannets wheeled over the skerries below."
)


def mark(n: int) -> str:
    """A word only story `n` holds, in its title (letters only: every engine indexes it whole)."""
    return f"skerrymark{chr(ord('a') + n)}"


def title(n: int) -> str:
    return f"Skerry Light {mark(n).title()}"


def story(n: int, *, author: str = "Keeper Wren") -> str:
    return f"Title: {title(n)}\nAuthor: {author}\nRating: G\n\n{PROSE}\n\n{PROSE}\n"


def folder_of(tmp_path: Path, count: int) -> Path:
    for n in range(count):
        (tmp_path / f"light{n:02d}.txt").write_text(story(n))
    return tmp_path


def names(results) -> list[tuple[str, str]]:
    return [(Path(r.source).name, r.status) for r in results]


def found(word: str) -> int:
    return work_search(query=SearchQuery(text=word)).total


@pytest.fixture
def small_batches(monkeypatch):
    """Three works per transaction, so a handful of files spans several batches."""
    monkeypatch.setattr(batches, "BATCH_WORKS", 3)


def test_files_across_several_batches_are_stored_in_walking_order_and_indexed(
    tmp_path, small_batches
):
    """Eight files in three batches: eight works, results in walking order, all searchable,
    nothing left in the outbox; the second run finds every file unchanged."""
    folder = folder_of(tmp_path, 8)
    results = import_path(paths=[folder])
    assert names(results) == [(f"light{n:02d}.txt", "created") for n in range(8)]
    assert Work.objects.count() == 8
    assert [found(mark(n)) for n in range(8)] == [1] * 8
    assert not IndexPending.objects.exists()
    assert len({r.work_id for r in results}) == 8

    again = import_path(paths=[folder])
    assert names(again) == [(f"light{n:02d}.txt", "unchanged") for n in range(8)]
    assert [r.work_id for r in again] == [r.work_id for r in results]
    assert Work.objects.count() == 8


def test_the_same_content_twice_in_one_batch_is_stored_once(tmp_path, small_batches):
    """The second copy finds the first, stored earlier in the same transaction."""
    (tmp_path / "a.txt").write_text(story(1))
    (tmp_path / "b.txt").write_text(story(1))
    results = import_path(paths=[tmp_path])
    assert names(results) == [("a.txt", "created"), ("b.txt", "unchanged")]
    assert results[0].work_id == results[1].work_id
    assert Work.objects.count() == 1


def test_a_work_failing_inside_a_batch_is_rolled_back_alone(tmp_path, small_batches, monkeypatch):
    """The middle work of a batch fails after its rows are written: its savepoint goes, its
    creator too; the works before and after it in the same transaction stay and are found."""
    folder = folder_of(tmp_path, 3)
    (folder / "light01.txt").write_text(story(1, author="Vanishing Lampwright"))
    real = work_write._chapters_set

    def chapters_then_fail(work, *args, **kwargs):
        real(work, *args, **kwargs)
        if work.title == title(1):
            raise ValueError("the lamp went out")

    monkeypatch.setattr(work_write, "_chapters_set", chapters_then_fail)
    results = import_path(paths=[folder])
    assert names(results) == [
        ("light00.txt", "created"),
        ("light01.txt", "failed"),
        ("light02.txt", "created"),
    ]
    assert "the lamp went out" in results[1].error
    assert sorted(Work.objects.values_list("title", flat=True)) == [
        title(0),
        title(2),
    ]
    assert Chapter.objects.count() == 2
    assert not Creator.objects.filter(name="Vanishing Lampwright").exists()
    assert ImportRecord.objects.filter(status=ImportStatus.FAILED).count() == 1
    assert (found(mark(0)), found(mark(1)), found(mark(2))) == (1, 0, 1)

    monkeypatch.setattr(work_write, "_chapters_set", real)
    again = import_path(paths=[folder])
    assert names(again) == [
        ("light00.txt", "unchanged"),
        ("light01.txt", "created"),
        ("light02.txt", "unchanged"),
    ]
    assert not ImportRecord.objects.filter(status=ImportStatus.FAILED).exists()
    assert Creator.objects.filter(name="Vanishing Lampwright").exists()
    assert found(mark(1)) == 1


def test_a_database_error_in_a_batch_stores_its_files_one_by_one(
    tmp_path, small_batches, monkeypatch
):
    """A database error spoils the whole transaction: the batch is rolled back and each of
    its files stored in a transaction of its own, so only the file that hits the error fails."""
    folder = folder_of(tmp_path, 3)
    real = work_write._chapters_set
    calls = []

    def chapters_or_database_error(work, *args, **kwargs):
        calls.append(work.title)
        if work.title == title(2):
            raise IntegrityError("a clash in the chapters table")
        return real(work, *args, **kwargs)

    monkeypatch.setattr(work_write, "_chapters_set", chapters_or_database_error)
    results = import_path(paths=[folder])
    assert names(results) == [
        ("light00.txt", "created"),
        ("light01.txt", "created"),
        ("light02.txt", "failed"),
    ]
    assert "a clash in the chapters table" in results[2].error
    # Stored in the batch (rolled back), then once more each on its own.
    assert calls == [title(0), title(1), title(2)] * 2
    assert sorted(Work.objects.values_list("title", flat=True)) == [
        title(0),
        title(1),
    ]
    assert (found(mark(0)), found(mark(1)), found(mark(2))) == (1, 1, 0)
