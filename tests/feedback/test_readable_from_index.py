"""Bookmarks, the inbox and its unread badge keep to works the reader may read, asking the
search index about the few works they name, never the database for every visible work."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.factories import user_make, work_post

from ficarchive.feedback.models import Bookmark, InboxItem, InboxKind
from ficarchive.search.indexing import works_index
from ficarchive.works.models import Work

pytestmark = pytest.mark.django_db


def _read(client: Client, url: str) -> tuple[str, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), " ".join(q["sql"] for q in queries.captured_queries)


def test_bookmarks_and_inbox_leave_out_unreadable_works_without_listing_all(client_for):
    """A work hidden by staff drops out of bookmarks, the inbox and the unread count; no page
    asks for every visible work (an IN over a subquery of the works table)."""
    author, reader = user_make("wren"), user_make("finch")
    shown = work_post(author, title="Lantern Hours")
    hidden = work_post(author, title="Quiet Cellar")
    for work in (shown, hidden):
        Bookmark.objects.create(user=reader, work=work)
        InboxItem.objects.create(user=reader, kind=InboxKind.WORK, work=work, text=work.title)
    Work.objects.filter(pk=hidden.pk).update(hidden_by_staff=True)
    works_index([hidden.pk])
    client = client_for(reader)
    for url in ("/bookmarks/", "/users/finch/bookmarks/", "/inbox/"):
        page, sql = _read(client, url)
        assert "Lantern Hours" in page, url
        assert "Quiet Cellar" not in page, url
        assert 'aria-label="1 unread"' in page, url
        assert "IN (SELECT" not in sql.upper(), url
    _, sql = _read(Client(), "/users/finch/bookmarks/")
    assert "IN (SELECT" not in sql.upper()
