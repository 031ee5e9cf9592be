"""A folder import where one file fails midway, with real commits: nothing of it stays behind.

tests/importing covers the rollback inside a test transaction; this runs with real commits
(and on PostgreSQL when DATABASE_URL says so), and also checks the search index, the tags,
creators and series only the broken file named, and that importing it again works.
"""

from pathlib import Path

import pytest
from tests.importing.faults import fail_after_rows

from ficarchive.importing.batches import import_path
from ficarchive.importing.models import ImportRecord
from ficarchive.search.query import SearchQuery
from ficarchive.search.selectors import work_search
from ficarchive.works.models import Chapter, Creator, Series, Tag, Work

# Real commits; no serialized rollback (it collides with the content types recreated after an
# earlier test's flush), so the fixed vocabularies are written again before each test.
pytestmark = pytest.mark.django_db(transaction=True)


PROSE = "The goats went through the orchard gate every morning and stood among the apple trees."


def story(title: str, author: str, extra_header: str = "") -> str:
    return f"Title: {title}\nAuthor: {author}\nRating: PG\n{extra_header}\n{PROSE}\n"


def found(text: str) -> int:
    return work_search(query=SearchQuery(text=text)).total


def test_a_file_failing_midway_leaves_nothing_half_written(tmp_path: Path, monkeypatch):
    """The broken work, its chapter, its own tags, creator and series are gone and unindexed."""
    (tmp_path / "a.txt").write_text(story("Applewick Gate", "Pip"))
    broken_header = "Series: Brokenfield Chronicles\nTags: Quillithorn Mood\n"
    (tmp_path / "b.txt").write_text(story("Zanzibarquux Gate", "Mossgrave Author", broken_header))
    (tmp_path / "c.txt").write_text(story("Cherrywick Gate", "Pip"))
    # Fault injection at the last step: work, chapters, tags, creators, series all written.
    fail_after_rows(
        monkeypatch,
        step="series",
        failing=lambda work: work.source_name.endswith("b.txt"),
        error=RuntimeError("disk full"),
    )
    results = {Path(r.source).name: r for r in import_path(paths=[tmp_path])}

    assert results["b.txt"].status == "failed"
    assert "disk full" in results["b.txt"].error
    assert {results["a.txt"].status, results["c.txt"].status} == {"created"}
    assert sorted(Work.objects.values_list("title", flat=True)) == [
        "Applewick Gate",
        "Cherrywick Gate",
    ]
    assert Chapter.objects.count() == 2
    assert not Creator.objects.filter(name="Mossgrave Author").exists()
    assert not Tag.objects.filter(name__icontains="Quillithorn").exists()
    assert not Series.objects.filter(title__icontains="Brokenfield").exists()
    assert not ImportRecord.objects.filter(source__endswith="b.txt", work__isnull=False).exists()
    assert found("Zanzibarquux") == 0
    assert found("Applewick") == 1
    assert found("Cherrywick") == 1

    monkeypatch.undo()
    again = {Path(r.source).name: r.status for r in import_path(paths=[tmp_path])}
    assert again == {"a.txt": "unchanged", "b.txt": "created", "c.txt": "unchanged"}
    assert found("Zanzibarquux") == 1
    assert Series.objects.filter(title__icontains="Brokenfield").count() == 1
    # The same names exist once the import succeeds: the checks above could have failed.
    assert Creator.objects.filter(name="Mossgrave Author").exists()
    assert Tag.objects.filter(name__icontains="Quillithorn").exists()
