"""Kudos once per account or guest (no raw addresses stored), hits once per visitor per day."""

from django.test import Client

from ficarchive.feedback.models import Hit, Kudos


def test_kudos_once_per_account(work, reader, client_for):
    """A second kudos from the same account is not counted."""
    client = client_for(reader)
    client.post(f"/works/{work.pk}/kudos/")
    client.post(f"/works/{work.pk}/kudos/")
    work.refresh_from_db()
    assert work.kudos_count == 1
    assert Kudos.objects.filter(user=reader).count() == 1


def test_guest_kudos_counted_once_per_address_without_storing_it(work):
    """Guests leave kudos once per address; only a salted hash is stored, never the address."""
    Client(REMOTE_ADDR="203.0.113.7").post(f"/works/{work.pk}/kudos/")
    Client(REMOTE_ADDR="203.0.113.7").post(f"/works/{work.pk}/kudos/")
    Client(REMOTE_ADDR="198.51.100.9").post(f"/works/{work.pk}/kudos/")
    work.refresh_from_db()
    assert work.kudos_count == 2
    hashes = list(Kudos.objects.values_list("guest_hash", flat=True))
    assert len(set(hashes)) == 2
    assert all("203.0.113.7" not in h and "198.51.100.9" not in h and len(h) == 40 for h in hashes)


def test_author_cannot_kudos_own_work(work, author, client_for):
    """Creators get 403 when leaving kudos on their own work."""
    assert client_for(author).post(f"/works/{work.pk}/kudos/").status_code == 403
    assert not Kudos.objects.exists()


def test_kudos_needs_post(work, reader, client_for):
    """GET on the kudos URL writes nothing (405)."""
    assert client_for(reader).get(f"/works/{work.pk}/kudos/").status_code == 405
    assert not Kudos.objects.exists()


def test_kudos_form_shown_until_given(work, reader, client_for):
    """The page shows the kudos button, then a thank-you once kudos are left."""
    client = client_for(reader)
    assert 'id="kudos-button"' in client.get(work.get_absolute_url()).content.decode()
    client.post(f"/works/{work.pk}/kudos/")
    page = client.get(work.get_absolute_url()).content.decode()
    assert 'id="kudos-button"' not in page
    assert "You left kudos" in page


def test_hits_once_per_visitor_per_day(work, reader, client_for):
    """Reloading the page does not add hits; another visitor does."""
    guest = Client(REMOTE_ADDR="192.0.2.1")
    for _ in range(3):
        guest.get(work.get_absolute_url())
    client_for(reader).get(work.get_absolute_url())
    work.refresh_from_db()
    assert work.hits == 2
    assert Hit.objects.count() == 2
    assert not Hit.objects.filter(visitor_hash__contains="192.0.2.1").exists()
