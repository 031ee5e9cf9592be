"""Listings without words are kept until the search index changes, as a server process keeps
them from request to request: each reader still sees only the works they may see, and a posted
work shows on the next request."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.factories import work_post

# Committed transactions: the change log (which moves the index on) is written on commit.
pytestmark = pytest.mark.django_db(transaction=True)

LISTING = "/works/?fandom=Original+Work&sort=title"


def _page(client: Client, url: str = LISTING) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_each_reader_sees_their_own_listing(index_kept, make_user, client_for):
    author = make_user("wren")
    work_post(author, title="Lantern Hours")
    members_only = work_post(author, title="Quiet Cellar")
    members_only.restricted = True
    members_only.save()  # logged: the index learns it is restricted
    work_post(author, title="Unsent Letters", draft=True)

    mine = _page(client_for(author))
    assert "Unsent Letters" in mine
    assert "Quiet Cellar" in mine
    guest = Client()
    as_guest = _page(guest)
    assert "Lantern Hours" in as_guest
    assert "Quiet Cellar" not in as_guest
    assert "Unsent Letters" not in as_guest
    as_member = _page(client_for(make_user("finch")))
    assert "Quiet Cellar" in as_member
    assert "Unsent Letters" not in as_member
    # The guest's listing is kept: asked again, no work or tag is read.
    with CaptureQueriesContext(connection) as queries:
        assert _page(guest) == as_guest
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert "works_work" not in read
    assert "works_tag" not in read


def test_a_posted_work_shows_on_the_next_request(index_kept, make_user):
    author = make_user("wren")
    work_post(author, title="Lantern Hours")
    guest = Client()
    assert "Harbour Lights" not in _page(guest)
    work_post(author, title="Harbour Lights")
    assert "Harbour Lights" in _page(guest)


def test_word_searches_are_made_each_time(index_kept, make_user):
    author = make_user("wren")
    work_post(author, title="Lantern Hours")
    guest = Client()
    _page(guest, "/works/?q=lantern")
    with CaptureQueriesContext(connection) as queries:
        assert "Lantern Hours" in _page(guest, "/works/?q=lantern")
    # The text engine was asked again (on PostgreSQL, the tsvector column of the works).
    assert any("search_fts" in q["sql"] or "tsquery" in q["sql"] for q in queries.captured_queries)


def test_new_kudos_show_on_the_kept_listing_and_its_order(index_kept, make_user):
    """Kudos change a work's card and its place when sorted by kudos: the kept listing and the
    kept card are made again (the count change is logged for the index), not served stale."""
    from ficarchive.feedback.actions.kudos import do_kudos_give

    author = make_user("wren")
    work_post(author, title="Lantern Hours")
    later = work_post(author, title="Harbour Lights")
    guest = Client()
    url = "/works/?fandom=Original+Work&sort=kudos"
    before = _page(guest, url)
    assert "<dt>Kudos</dt>" not in before
    do_kudos_give(user=make_user("finch"), work=later, guest_hash="")
    after = _page(guest, url)
    assert "<dt>Kudos</dt><dd>1</dd>" in after
    assert after.index("Harbour Lights") < after.index("Lantern Hours")


def test_a_renamed_series_shows_on_its_works_cards(index_kept, make_user):
    from ficarchive.works.services import series_find_or_create, series_part_place

    author = make_user("wren")
    work = work_post(author, title="Lantern Hours")
    series = series_find_or_create(title="Harbour Cycle", creators=work.creators.all())
    series_part_place(series=series, work=work, part=1)
    guest = Client()
    assert "Harbour Cycle" in _page(guest)
    series.title = "Lighthouse Cycle"
    series.save()
    page = _page(guest)
    assert "Lighthouse Cycle" in page
    assert "Harbour Cycle" not in page
