"""A story posted in several files ("Title 2/3") becomes one work with its chapters in order."""

from pathlib import Path

import pytest

from ficarchive.importing.batches import import_path
from ficarchive.importing.sources import Limits, source_files
from ficarchive.works.models import Chapter, TagType, Work

pytestmark = pytest.mark.django_db

BODY = (
    "The harbour master climbed the tower every evening at dusk and lit the great lamp, and the "
    "ships came home by it, one after another, through the narrow channel between the rocks."
)


def part(folder: Path, number: int, rating: str = "PG", words: str = "") -> Path:
    path = folder / f"harbour-part{number}.txt"
    path.write_text(
        f"Title: The Harbour Lights {number}/3\nAuthor: Test Writer\nRating: {rating}\n\n"
        f"Part {number} {words}begins. {BODY}\n"
    )
    return path


def test_later_parts_become_chapters_in_order(tmp_path):
    """Parts 1..3 in separate files make one work with three chapters, strongest rating kept."""
    for number in (1, 2, 3):
        part(tmp_path, number, rating="R" if number == 3 else "PG")
    results = import_path(paths=[tmp_path])
    assert [r.status for r in results] == ["created", "updated", "updated"]
    work = Work.objects.get()
    assert {r.work_id for r in results} == {work.pk}
    chapters = list(work.chapters.all())
    assert [c.body_html.split()[1] for c in chapters] == ["1", "2", "3"]
    assert work.expected_chapters == 3
    assert work.word_count == sum(c.word_count for c in chapters)
    assert list(work.tags.filter(type=TagType.RATING).values_list("name", flat=True)) == ["Mature"]


def test_parts_again_are_unchanged_and_a_changed_part_updates_only_its_chapter(tmp_path):
    """Re-importing reports unchanged; a changed part rewrites its own chapter, keeping the rest."""
    for number in (1, 2, 3):
        part(tmp_path, number)
    import_path(paths=[tmp_path])
    assert {r.status for r in import_path(paths=[tmp_path])} == {"unchanged"}
    part(tmp_path, 2, words="(revised) ")
    part(tmp_path, 1, words="(also revised) ")
    results = {Path(r.source).name: r.status for r in import_path(paths=[tmp_path])}
    assert results == {
        "harbour-part1.txt": "updated",
        "harbour-part2.txt": "updated",
        "harbour-part3.txt": "unchanged",
    }
    work = Work.objects.get()
    bodies = [c.body_html for c in work.chapters.all()]
    assert len(bodies) == 3
    assert "(also revised)" in bodies[0]
    assert "(revised)" in bodies[1]
    assert Chapter.objects.count() == 3


def test_a_later_part_without_its_first_is_a_work_of_its_own(tmp_path):
    """Part 2 with no part 1 in the archive is imported as a work (in progress, 1 of 3)."""
    part(tmp_path, 2)
    result = import_path(paths=[tmp_path])[0]
    assert result.status == "created"
    assert Work.objects.get().expected_chapters == 3


def test_folders_are_walked_in_natural_order(tmp_path):
    """part2 comes before part10, so chapters from numbered files arrive in order."""
    for name in ("part10.txt", "part2.txt", "part1.txt", "notes.md"):
        (tmp_path / name).write_text("x")
    limits = Limits(max_size=100, max_zip_total=100, max_zip_ratio=10)
    names = [Path(f.source).name for f in source_files([tmp_path], limits=limits)]
    assert names == ["part1.txt", "part2.txt", "part10.txt"]
