"""Names folded as the database folds them: a tag, creator or series whose name PostgreSQL's
LOWER() folds otherwise than Python's str.lower() (a final capital sigma, a dotted capital I) is
found again by a later import, on SQLite and PostgreSQL alike, not refused or stored twice."""

from pathlib import Path

import pytest

from ficarchive.importing.batches import import_path
from ficarchive.works.models import Creator, Series, Tag, Work

# Real commits: each import's batches are transactions of their own.
pytestmark = pytest.mark.django_db(transaction=True)

PROSE = (
    "The ferry pilot logged the tide at dawn and again at dusk, and between the two she "
    "painted buoys on the slipway while the terns argued over the harbour wall below."
)
# Names whose Python lower-casing differs from PostgreSQL's LOWER() on a libc locale.
SIGMA = "ΟΔΥΣΣΕΥΣ"
DOTTED = "İzmir Harbour"


def story(n: int) -> str:
    return (
        f"Title: Tide Log {'ABCD'[n]}\nAuthor: {SIGMA}\nRating: G\nFandom: {DOTTED}\n"
        f"Additional Tags: {SIGMA}\nSeries: {SIGMA} Logs\n\n{PROSE}\n\n{PROSE}\n"
    )


def test_a_later_import_finds_the_tags_creator_and_series_of_an_earlier_one(tmp_path: Path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "log0.txt").write_text(story(0))
    (second / "log1.txt").write_text(story(1))
    assert [r.status for r in import_path(paths=[first])] == ["created"]

    results = import_path(paths=[second])

    assert [(r.status, r.error) for r in results] == [("created", None)]
    assert Work.objects.count() == 2
    assert Creator.objects.filter(name=SIGMA).count() == 1
    assert Tag.objects.filter(name=DOTTED).count() == 1
    assert Tag.objects.filter(name=SIGMA).count() == 1
    assert Series.objects.filter(title=f"{SIGMA} Logs").count() == 1
    for work in Work.objects.all():
        assert {t.name for t in work.tags.all()} >= {DOTTED, SIGMA}
        assert [c.name for c in work.creators.all()] == [SIGMA]


def test_a_later_batch_puts_its_work_in_the_stored_series_of_that_title(tmp_path: Path):
    """The batch writer's series look-up (`series_place_new_works`) folds the title as the
    database does: the second work joins the series, no second series of the same title."""
    for n, folder in enumerate(("first", "second")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / f"log{n}.txt").write_text(
            f"Title: Tide Log {'AB'[n]}\nAuthor: Pilot Wren\nRating: G\n"
            f"Series: {SIGMA} Logs, Part {n + 1}\n\n{PROSE}\n\n{PROSE}\n"
        )
    for folder in ("first", "second"):
        assert [r.status for r in import_path(paths=[tmp_path / folder])] == ["created"]

    series = Series.objects.get(title=f"{SIGMA} Logs")
    assert sorted(series.parts.values_list("position", flat=True)) == [1, 2]


def test_a_later_chapter_in_the_same_batch_is_placed_as_when_imported_apart(tmp_path: Path):
    """Chapter 2 of a story whose title differs from chapter 1's by case (a final sigma) is
    placed the same whether the two files share a batch or are imported one after the other:
    as a chapter of the first where the database folds the titles alike (PostgreSQL), as a
    work of its own where it does not (SQLite folds ASCII letters only)."""

    def parts(folder: Path, story: str) -> None:
        folder.mkdir()
        for n, written in ((1, "ΦΑΡΟΣ"), (2, "φαροσ")):
            (folder / f"part{n}.txt").write_text(
                f"Title: {written} {story} {n}/2\nAuthor: Pilot Wren\nRating: G\n\n"
                f"Part {n} begins. {PROSE}\n"
            )

    parts(tmp_path / "apart", "Alpha")
    parts(tmp_path / "together", "Beta")
    apart = [import_path(paths=[p])[0] for p in sorted((tmp_path / "apart").iterdir())]
    together = import_path(paths=[tmp_path / "together"])

    assert [r.status for r in together] == [r.status for r in apart]
    assert len({r.work_id for r in together}) == len({r.work_id for r in apart})
