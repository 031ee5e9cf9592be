"""works_creators: one rule for a work's creators, whether it is stored alone or in a batch."""

import pytest
from tests.factories import parsed_work

from ficarchive.works.models import Authorship, Creator
from ficarchive.works.services.work_bulk import new_work_prepare, works_create_bulk
from ficarchive.works.services.work_write import WorkInput, works_creators

pytestmark = pytest.mark.django_db


def test_pseuds_alone_make_no_anonymous():
    """A work with pseuds and no author names is by its pseuds only (the batch path once added
    "Anonymous" beside them)."""
    own = Creator.objects.create(name="Quill of the Fens")
    [creators] = works_creators([WorkInput(title="Marsh Light", pseuds=[own])])
    assert creators == [own]
    assert not Creator.objects.filter(name="Anonymous").exists()


def test_names_are_shared_between_works_cleaned_and_kept_in_order():
    """Names in any case and spacing are one creator, found or created once for the batch; a
    pseud comes first and a repeated creator is listed once; a work with only blank names is
    by "Anonymous"."""
    own = Creator.objects.create(name="Tallow Wick")
    first, second, blank = works_creators(
        [
            WorkInput(title="One", pseuds=[own], author_names=["  Brine   Keeper ", "tallow wick"]),
            WorkInput(title="Two", author_names=["BRINE KEEPER", "Salt Reed"]),
            WorkInput(title="Three", author_names=["   ", ""]),
        ]
    )
    keeper = Creator.objects.get(name="Brine Keeper")
    assert first == [own, keeper]
    assert second == [keeper, Creator.objects.get(name="Salt Reed")]
    assert [c.name for c in blank] == ["Anonymous"]
    assert Creator.objects.filter(name__iexact="brine keeper").count() == 1


def test_batch_of_new_works_stores_the_same_creators():
    """works_create_bulk stores the creators works_creators names, as authorships in order."""
    item = new_work_prepare(
        parsed=parsed_work(title="Harbour Bells", authors=["Net Mender", "Gull Watcher"]),
        content_hash="c" * 64,
        source_name="harbour-bells.txt",
    )
    [work] = works_create_bulk(items=[item])
    stored = Authorship.objects.filter(work=work).order_by("position")
    names = list(stored.values_list("creator__name", flat=True))
    assert names == ["Net Mender", "Gull Watcher"]
