"""The work page keeps what is the same for every reader (creators, tags, chapter list, and the
fragments rendered from them) under the work's change stamp, as a server process does from
request to request: each reader still gets their own state (tools, drafts, kudos, bookmarks,
CSRF tokens), and a logged change to the work shows on the next request."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.factories import work_post

from ficarchive.feedback.actions.bookmarks import do_bookmark_save
from ficarchive.feedback.actions.kudos import do_kudos_give
from ficarchive.posting.services import chapter_append, chapter_reorder
from ficarchive.works.models import Tag

# Committed transactions: the change log (which gives works new stamps) is written on commit.
pytestmark = pytest.mark.django_db(transaction=True)

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_each_reader_gets_their_own_state_from_kept_parts(index_kept, make_user, client_for):
    author = make_user("wren")
    reader = make_user("finch")
    other = make_user("plover")
    work = work_post(author, title="Lantern Hours", body="The lamps were lit at dusk.")
    chapter_append(work=work, title="Unfinished Harbour", body="Not yet.", draft=True)
    do_kudos_give(user=reader, work=work, guest_hash="")
    do_bookmark_save(user=reader, work=work, notes="", tags="", private=False, for_later=False)
    url = work.get_absolute_url()

    mine = _page(client_for(author), url)  # renders and keeps the parts and fragments
    assert 'aria-label="Your work"' in mine
    assert "Unfinished Harbour" in mine  # the creator's chapter draft, in the chapter list

    guest = Client()
    with CaptureQueriesContext(connection) as queries:
        as_guest = _page(guest, url)
    # The kept parts were used: neither the creators nor the tags were read again.
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert "works_authorship" not in read
    assert "works_work_tags" not in read
    as_reader = _page(client_for(reader), url)
    as_other = _page(client_for(other), url)

    for page in (as_guest, as_reader, as_other):
        assert "Lantern Hours" in page
        assert 'aria-label="Your work"' not in page
        assert f"/works/{work.pk}/edit/" not in page
        assert "Unfinished Harbour" not in page
    assert "You left kudos" in as_reader
    assert "Edit bookmark" in as_reader
    for page in (as_guest, as_other):
        assert "You left kudos" not in page
        assert 'id="kudos-button"' in page
        assert "Edit bookmark" not in page
    assert ">Bookmark</a>" in as_other
    assert "Log in to bookmark or subscribe" in as_guest
    # Form tokens are made for each response, never kept with the fragments.
    tokens = [set(_TOKEN.findall(p)) for p in (mine, as_guest, as_reader, _page(guest, url))]
    assert all(tokens)
    assert len(set().union(*tokens)) == sum(len(found) for found in tokens)


def test_a_logged_change_shows_on_the_next_request(index_kept, make_user):
    author = make_user("wren")
    work = work_post(author, title="Lantern Hours", body="The lamps were lit at dusk.")
    second = chapter_append(work=work, title="Second Watch", body="Later that night.")
    guest = Client()
    url = work.get_absolute_url()
    first_view = _page(guest, url)
    assert "Lantern Hours" in first_view
    assert first_view.index("Chapter 1") < first_view.index("Chapter 2: Second Watch")

    work.title = "Lantern Nights"
    work.save()
    renamed = _page(guest, url)
    assert "Lantern Nights" in renamed
    assert "Lantern Hours" not in renamed

    first = work.chapters.get(position=1)
    chapter_reorder(work=work, chapter_ids=[second.pk, first.pk])
    reordered = _page(guest, url)
    assert "Chapter 1: Second Watch" in reordered
    assert "Later that night." in reordered

    assert "<dt>Chapters</dt><dd>2/" in reordered
    chapter_append(work=work, title="Third Watch", body="Dawn at last, and three more words.")
    grown = _page(guest, url)
    assert "<dt>Chapters</dt><dd>3/" in grown
    assert "Third Watch" in grown

    tag = Tag.objects.get(name="Original Work")
    tag.name = "Original Work (Fiction)"
    tag.save()
    assert "Original Work (Fiction)" in _page(guest, url)
