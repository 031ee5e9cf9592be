"""rows_insert: new rows stored as save() and bulk_create() store them, by a statement made once."""

import pytest
from django.db import transaction

from ficarchive.importing.models import ImportRecord
from ficarchive.site.database_insert import rows_insert, rows_insert_new
from ficarchive.works.models import Authorship, Creator, Work

pytestmark = pytest.mark.django_db


def test_rows_get_keys_automatic_values_and_prepared_fields():
    """Keys are set, auto_now fields filled, JSON and dates stored as the ORM reads them back."""
    work = Work(
        title="The Ferry at Dusk",
        songs=[{"artist": "Nobody", "title": "Tide", "album": None}],
        extra_fields={"Beta": "Orla"},
        distribution_archives=["our own"],
    )
    other = Work(title="Second Crossing")
    rows_insert([work, other])
    assert work.pk is not None
    assert other.pk == work.pk + 1
    assert not work._state.adding
    stored = Work.objects.get(pk=work.pk)
    assert stored.title == "The Ferry at Dusk"
    assert stored.songs == [{"artist": "Nobody", "title": "Tide", "album": None}]
    assert stored.extra_fields == {"Beta": "Orla"}
    assert stored.distribution_archives == ["our own"]
    assert stored.created_at is not None
    assert stored.created_at == work.created_at
    assert stored.modified_at == work.modified_at


def test_rows_without_keys_are_stored_together():
    """Link rows sent together are all stored (and keep no key)."""
    work = Work.objects.create(title="Three Hands")
    writers = [Creator.objects.create(name=f"Hand {n}") for n in range(3)]
    links = [Authorship(work=work, creator=c, position=i) for i, c in enumerate(writers)]
    rows_insert(links, keys=False)
    assert [a.creator_id for a in Authorship.objects.filter(work=work)] == [c.pk for c in writers]
    assert links[0].pk is None


def test_unsaved_related_row_is_refused_and_nothing_is_stored():
    """A row pointing at an unsaved row is refused before anything is written."""
    with pytest.raises(ValueError, match="unsaved"), transaction.atomic():
        rows_insert([ImportRecord(source="lost.txt", status="created", work=Work(title="Not Yet"))])
    assert not ImportRecord.objects.exists()


def test_nothing_to_insert_is_no_statement(django_assert_num_queries):
    """An empty list costs nothing."""
    with django_assert_num_queries(0):
        rows_insert([])


def test_rows_clashing_with_a_unique_constraint_are_left_out():
    """The new name is stored and keyed; the one another writer stored (any case) is not."""
    Creator.objects.create(name="Harbour Pilot")
    fresh, clash = Creator(name="Lamp Lighter"), Creator(name="HARBOUR PILOT")
    stored = rows_insert_new([fresh, clash])
    assert stored == [fresh]
    assert fresh.pk == Creator.objects.get(name="Lamp Lighter").pk
    assert clash.pk is None
    assert Creator.objects.filter(name__iexact="harbour pilot").count() == 1
