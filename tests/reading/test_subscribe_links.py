import pytest
from django.contrib.auth import get_user_model
from tests.factories import work_make

from ficarchive.feedback.models import Subscription
from ficarchive.works.models import SeriesPart

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client):
    user = get_user_model().objects.create_user("reader", password="a long passphrase 42")
    client.force_login(user)
    return user


def test_series_page_offers_subscribe_and_it_subscribes(client, reader):
    """A logged-in reader finds a Subscribe button on a series page, and pressing it follows the series."""
    work = work_make(series=("Baker Street", 1))
    series = SeriesPart.objects.get(work=work).series
    page = client.get(series.get_absolute_url())
    assert b"Subscribe" in page.content
    client.post("/subscriptions/new/", {"kind": "series", "id": series.pk, "next": "/"})
    assert Subscription.objects.filter(user=reader, series=series).exists()


def test_creator_page_offers_subscribe_and_it_subscribes(client, reader):
    """A logged-in reader can follow a creator from the creator's page."""
    work = work_make(authors=("Mrs Hudson",))
    creator = work.creators.get()
    page = client.get(creator.get_absolute_url())
    assert b"Subscribe" in page.content
    client.post("/subscriptions/new/", {"kind": "creator", "id": creator.pk, "next": "/"})
    assert Subscription.objects.filter(user=reader, creator=creator).exists()


def test_navigation_links_to_the_inbox_when_logged_in(client, reader):
    """The site header links a logged-in reader to the inbox; anonymous readers see no such link."""
    assert b'href="/inbox/"' in client.get("/").content
    client.logout()
    assert b'href="/inbox/"' not in client.get("/").content
