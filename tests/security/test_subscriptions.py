"""Subscribing never reveals a series whose every part the subscriber may not read."""

import pytest

from ficarchive.feedback.models import Subscription
from ficarchive.works.models import SeriesPart

pytestmark = pytest.mark.django_db


def test_series_of_drafts_cannot_be_subscribed_to(make_work, author, reader, client_for):
    """A series holding only a draft is 404 to subscribe to and its title never shows."""
    draft = make_work(author, title="Unposted", series_title="Veiled Saga", draft=True)
    series = SeriesPart.objects.get(work=draft).series
    client = client_for(reader)
    response = client.post("/subscriptions/new/", {"kind": "series", "id": series.pk})
    assert response.status_code == 404
    assert not Subscription.objects.filter(user=reader).exists()
    assert "Veiled Saga" not in client.get("/subscriptions/").content.decode()


def test_series_stops_showing_when_its_parts_are_hidden(make_work, author, reader, client_for):
    """A series subscribed to while public drops from the list once no part is readable."""
    work = make_work(author, title="Posted", series_title="Fading Saga")
    series = SeriesPart.objects.get(work=work).series
    client = client_for(reader)
    assert (
        client.post("/subscriptions/new/", {"kind": "series", "id": series.pk}).status_code == 302
    )
    assert "Fading Saga" in client.get("/subscriptions/").content.decode()
    type(work).objects.filter(pk=work.pk).update(hidden_by_staff=True)
    assert "Fading Saga" not in client.get("/subscriptions/").content.decode()
