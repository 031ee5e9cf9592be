"""rows_insert: new rows stored as save() and bulk_create() store them, by a statement made once."""

import pytest
from django.db import connection, transaction

from ficarchive.importing.models import ImportRecord
from ficarchive.search.models import IndexPending
from ficarchive.site.database_insert import (
    LONG_TEXT,
    ROWS_PER_STATEMENT,
    rows_insert,
    rows_insert_new,
)
from ficarchive.works.models import Authorship, Chapter, Creator, Work

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


# Characters that array literals and statement text must quote: both ways of sending rows
# (arrays on PostgreSQL, values apart for long text) must store them exactly.
AWKWARD = "say \"hi\" \\ {brace} , 'quote' NULL  tabs\there é 中 \u2028 end"


def test_many_rows_get_their_own_keys_in_as_few_statements_as_the_database_allows(
    django_assert_num_queries,
):
    """250 works: on PostgreSQL one statement (an array per column), on SQLite one per
    ROWS_PER_STATEMENT; each row gets the key of the row stored with its values."""
    works = [Work(title=f"Lantern {n:03d}", summary=f"{AWKWARD} {n}") for n in range(250)]
    expected = 1 if connection.vendor == "postgresql" else -(-250 // ROWS_PER_STATEMENT)
    with django_assert_num_queries(expected):
        rows_insert(works)
    stored = dict(Work.objects.values_list("pk", "title"))
    assert [stored[w.pk] for w in works] == [w.title for w in works]
    assert Work.objects.get(pk=works[7].pk).summary == f"{AWKWARD} 7"


def test_link_rows_and_long_texts_are_stored_exactly():
    """Rows without keys: short ones together (arrays on PostgreSQL), chapters with bodies
    longer than LONG_TEXT with their values sent apart; every character comes back."""
    work = Work.objects.create(title="The Long Night")
    long_body = f"<p>{AWKWARD}</p>" * (LONG_TEXT // len(AWKWARD) + 2)
    assert len(long_body) > LONG_TEXT
    chapters = [
        Chapter(work=work, position=1, title=AWKWARD, body_html=long_body, word_count=9),
        Chapter(work=work, position=2, title="Short", body_html=f"<p>{AWKWARD}</p>"),
    ]
    rows_insert(chapters, keys=False)
    got = list(Chapter.objects.filter(work=work).order_by("position").values("title", "body_html"))
    assert got == [
        {"title": AWKWARD, "body_html": long_body},
        {"title": "Short", "body_html": f"<p>{AWKWARD}</p>"},
    ]
    pending = [IndexPending(work_id=work.pk), IndexPending(work_id=work.pk + 1000)]
    rows_insert(pending, keys=False)
    assert set(IndexPending.objects.values_list("work_id", flat=True)) >= {work.pk, work.pk + 1000}


def test_new_rows_by_name_in_one_statement_say_which_were_stored(django_assert_num_queries):
    """rows_insert_new(match=) over 250 names, one of them stored already: the rest are stored
    and keyed by the name each statement returns (one statement on PostgreSQL)."""
    Creator.objects.create(name="Keeper 100")
    new = [Creator(name=f"Keeper {n}") for n in range(250)]
    expected = 1 if connection.vendor == "postgresql" else -(-250 // ROWS_PER_STATEMENT)
    with django_assert_num_queries(expected):
        stored = rows_insert_new(new, match="name")
    assert len(stored) == 249
    assert new[100] not in stored
    assert new[100].pk is None
    names = dict(Creator.objects.values_list("pk", "name"))
    assert all(names[c.pk] == c.name for c in stored)
