"""The bundled samples (what `make run` imports) all import, in their legacy layouts."""

from pathlib import Path

import pytest

from ficarchive.importing.batches import import_path
from ficarchive.works.models import Series, TagType, Work

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def work_from(name: str) -> Work:
    return Work.objects.get(source_name__endswith=name)


def test_every_sample_imports_and_a_second_run_changes_nothing():
    """All samples are created, none fails; importing them again reports every one unchanged."""
    first = import_path(paths=[SAMPLES])
    assert len(first) >= 6
    assert [(r.source, r.error) for r in first if r.status != "created"] == []
    second = import_path(paths=[SAMPLES])
    assert {r.status for r in second} == {"unchanged"}
    assert Work.objects.count() == len(first)


def test_samples_show_their_layouts():
    """Header fields, LiveJournal HTML, two chapters, verse, and a two-part series are read."""
    import_path(paths=[SAMPLES])
    lantern = work_from("the-lantern-in-the-window.txt")
    assert lantern.title == "The Lantern in the Window"
    assert lantern.distribution_permission == "ask"
    assert lantern.feedback_wanted is True
    assert lantern.songs
    assert lantern.disclaimer
    assert lantern.spoilers
    assert lantern.summary
    assert lantern.tags.filter(type=TagType.RELATIONSHIP).exists()

    alice = work_from("a-door-too-small.html")
    assert (alice.title, [c.name for c in alice.creators.all()]) == (
        "A Door Too Small",
        ["Pennyroyal"],
    )
    assert "<b>" not in alice.chapters.get().body_html

    spring = work_from("an-uncommon-spring.txt")
    assert spring.chapters.count() == 2
    assert all(c.title for c in spring.chapters.all())

    violin = work_from("the-violin-at-midnight.txt")
    assert violin.chapters.get().body_html.count('<div class="verse">') >= 4

    series = Series.objects.get(parts__work__source_name__endswith="1-a-matter-of-umbrellas.txt")
    assert [p.work.title for p in series.parts.all()] == [
        "A Matter of Umbrellas",
        "The Marmalade Question",
    ]
