"""Several works per transaction (importing/batches.py), with real commits on SQLite and
PostgreSQL: results in walking order, each work all or nothing inside its batch, a database
error stores the batch file by file, and a second run changes nothing."""

from pathlib import Path

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from tests.importing.faults import fail_after_rows

from ficarchive.importing import batches
from ficarchive.importing.batches import import_path
from ficarchive.importing.models import ImportRecord, ImportStatus
from ficarchive.search import indexing
from ficarchive.search.indexing import index_check, index_pending_drain
from ficarchive.search.models import IndexPending
from ficarchive.search.query import SearchQuery
from ficarchive.search.selectors import work_search
from ficarchive.works.models import Chapter, Creator, SeriesPart, Tag, Work

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
    """The middle work of a batch fails after its rows are written: the batch's new works,
    written together, are rolled back and written again one by one, each in a savepoint; the
    failing one goes, its creator too; the works before and after it stay and are found."""
    folder = folder_of(tmp_path, 3)
    (folder / "light01.txt").write_text(story(1, author="Vanishing Lampwright"))
    calls = fail_after_rows(
        monkeypatch,
        step="chapters",
        failing=lambda work: work.title == title(1),
        error=ValueError("the lamp went out"),
    )
    results = import_path(paths=[folder])
    assert names(results) == [
        ("light00.txt", "created"),
        ("light01.txt", "failed"),
        ("light02.txt", "created"),
    ]
    assert calls == [
        ("bulk", [title(0), title(1), title(2)]),
        ("alone", [title(0)]),
        ("alone", [title(1)]),
        ("alone", [title(2)]),
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

    monkeypatch.undo()
    monkeypatch.setattr(batches, "BATCH_WORKS", 3)
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
    """A database error in a work written alone spoils the whole transaction: the batch is
    rolled back and each of its files stored in a transaction of its own, so only the file that
    hits the error fails."""
    folder = folder_of(tmp_path, 3)
    calls = fail_after_rows(
        monkeypatch,
        step="chapters",
        failing=lambda work: work.title == title(2),
        error=IntegrityError("a clash in the chapters table"),
    )
    results = import_path(paths=[folder])
    assert names(results) == [
        ("light00.txt", "created"),
        ("light01.txt", "created"),
        ("light02.txt", "failed"),
    ]
    assert "a clash in the chapters table" in results[2].error
    # Written together, then one by one in the batch (rolled back at the error), then once
    # more each in a transaction of its own.
    alone = [("alone", [title(n)]) for n in range(3)]
    assert calls == [("bulk", [title(0), title(1), title(2)]), *alone, *alone]
    assert sorted(Work.objects.values_list("title", flat=True)) == [
        title(0),
        title(1),
    ]
    assert (found(mark(0)), found(mark(1)), found(mark(2))) == (1, 1, 0)


def test_new_works_of_a_batch_are_written_together(tmp_path, small_batches):
    """Three new works: one write of the batch (their creators, tags, works, chapters and
    series parts in a statement per table), and everything each file says is stored."""
    for n in range(3):
        (tmp_path / f"part{n}.txt").write_text(
            f"Title: Beacon {mark(n).title()}\nAuthor: Keeper {'Wren' if n < 2 else 'Gull'}\n"
            f"Rating: PG-13\nFandom: Lighthouse Tales\nCharacters: Keeper Wren\n"
            f"Series: Skerry Lights, Part {3 - n}\n\n{PROSE}\n"
        )
    with CaptureQueriesContext(connection) as queries:
        results = import_path(paths=[tmp_path])
    assert [r.status for r in results] == ["created"] * 3
    for table in ("works_work", "works_chapter", "works_authorship", "works_seriespart"):
        # One statement (or one executemany, logged as "N times: INSERT ...") for the batch.
        inserts = [q for q in queries if f'INSERT INTO "{table}"' in q["sql"]]
        assert len(inserts) == 1, table
    works = {w.title: w for w in Work.objects.prefetch_related("tags", "creators")}
    assert len(works) == 3
    for n in range(3):
        work = works[f"Beacon {mark(n).title()}"]
        assert [c.name for c in work.creators.all()] == ["Keeper " + ("Wren" if n < 2 else "Gull")]
        tags = {(t.type, t.name) for t in work.tags.all()}
        assert ("rating", "Teen And Up Audiences") in tags
        assert ("fandom", "Lighthouse Tales") in tags
        assert work.chapters.count() == 1
        assert work.word_count == len(PROSE.split())
        assert work.text_fingerprint
        assert ImportRecord.objects.get(work=work).status == ImportStatus.CREATED
    # One series per author: Wren's two parts share one, Gull's stands alone.
    parts = {
        (p.series.title, p.series_id, p.work.title): p.position
        for p in SeriesPart.objects.select_related("series", "work")
    }
    wren = {sid for (_, sid, t) in parts if t != f"Beacon {mark(2).title()}"}
    assert len(wren) == 1
    assert len({sid for (_, sid, _) in parts}) == 2
    assert sorted(parts.values()) == [1, 2, 3]
    # The character belongs to the fandom (parent tag), once.
    character = Tag.objects.get(name="Keeper Wren", type="character")
    assert [f.name for f in character.fandoms.all()] == ["Lighthouse Tales"]
    assert Creator.objects.filter(name__in=["Keeper Wren", "Keeper Gull"]).count() == 2
    assert [found(mark(n)) for n in range(3)] == [1, 1, 1]


def story_words(n: int) -> str:
    """A word only story `n`'s text holds (not its title or header)."""
    return f"gannetcall{chr(ord('a') + n)}"


def in_text(word: str) -> int:
    return work_search(query=SearchQuery(text=word, in_text=True)).total


def test_an_import_indexes_the_story_text_after_the_works_from_the_outbox(tmp_path, small_batches):
    """With `text_later` the import ends with every work stored, its metadata searchable and
    the filters current; only the story text waits in the outbox (rows marked text_only), and
    `reindex --check` says so. The drain that follows makes the text searchable, empties the
    outbox and leaves nothing for the check; a second drain finds nothing to do."""
    for n in range(5):
        (tmp_path / f"light{n:02d}.txt").write_text(
            story(n).replace(PROSE, f"{PROSE} The {story_words(n)} rang out.")
        )
    results = import_path(paths=[tmp_path], text_later=True)
    assert [r.status for r in results] == ["created"] * 5
    assert [found(mark(n)) for n in range(5)] == [1] * 5  # titles: metadata
    assert work_search(query=SearchQuery(ratings=("General Audiences",))).total == 5
    assert [in_text(story_words(n)) for n in range(5)] == [0] * 5
    assert set(IndexPending.objects.values_list("text_only", flat=True)) == {True}
    assert sorted(index_check(repair=False).pending) == sorted(r.work_id for r in results)

    assert index_pending_drain() == 5
    assert [in_text(story_words(n)) for n in range(5)] == [1] * 5
    assert not IndexPending.objects.exists()
    assert index_check(repair=False).disagreeing == []
    assert index_pending_drain() == 0


def test_a_drain_stopped_halfway_is_finished_by_the_next(tmp_path, small_batches, monkeypatch):
    """The text drain goes in transactions of a few works: one that fails leaves its rows, and
    the next drain indexes them; nothing is indexed twice or lost."""
    for n in range(6):
        (tmp_path / f"light{n:02d}.txt").write_text(
            story(n).replace(PROSE, f"{PROSE} The {story_words(n)} rang out.")
        )
    import_path(paths=[tmp_path], text_later=True)
    monkeypatch.setattr(indexing, "DRAIN_BATCH", 2)
    real = indexing.works_index
    calls = []

    def fails_on_the_third(ids, *args, **kwargs):
        calls.append(sorted(ids))
        if len(calls) == 3:
            raise RuntimeError("the lights went out")
        return real(ids, *args, **kwargs)

    monkeypatch.setattr(indexing, "works_index", fails_on_the_third)
    with pytest.raises(RuntimeError):
        index_pending_drain()
    assert 0 < IndexPending.objects.count() < 6
    monkeypatch.setattr(indexing, "works_index", real)
    index_pending_drain()
    assert [in_text(story_words(n)) for n in range(6)] == [1] * 6
    assert not IndexPending.objects.exists()
    assert index_check(repair=False).disagreeing == []
