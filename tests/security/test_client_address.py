"""Throttles and guest kudos key on the client's address, which X-Forwarded-For cannot forge."""

import pytest
from django.test import Client

from ficarchive.feedback.models import Kudos

pytestmark = pytest.mark.django_db


def kudos_from(work, remote: str, forwarded: str) -> int:
    client = Client(REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    return client.post(f"/works/{work.pk}/kudos/").status_code


def test_forged_forwarded_for_does_not_dodge_the_throttle(work, settings):
    """Without a trusted proxy, a new X-Forwarded-For per request still hits the same limit."""
    settings.FICARCHIVE_THROTTLES = {"kudos": (2, 3600)}
    codes = [kudos_from(work, "203.0.113.5", f"198.51.100.{i}") for i in range(3)]
    assert codes == [302, 302, 429]
    assert Kudos.objects.count() == 1  # one guest address, one kudos


def test_behind_a_trusted_proxy_each_client_counts_apart(work, settings):
    """Behind a configured proxy, the address the proxy saw is used: two clients, two kudos."""
    settings.FICARCHIVE_TRUSTED_PROXIES = ["10.0.0.2"]
    assert kudos_from(work, "10.0.0.2", "198.51.100.1") == 302
    assert kudos_from(work, "10.0.0.2", "198.51.100.2") == 302
    assert Kudos.objects.count() == 2


def test_behind_a_proxy_a_forged_first_hop_is_ignored(work, settings):
    """A client that writes its own X-Forwarded-For is still known by the hop the proxy added."""
    settings.FICARCHIVE_TRUSTED_PROXIES = ["10.0.0.2"]
    settings.FICARCHIVE_THROTTLES = {"kudos": (2, 3600)}
    codes = [kudos_from(work, "10.0.0.2", f"192.0.2.{i}, 198.51.100.7") for i in range(3)]
    assert codes == [302, 302, 429]


def test_untrusted_sender_cannot_claim_to_be_the_proxy(work, settings):
    """X-Forwarded-For from an address that is not the proxy is ignored."""
    settings.FICARCHIVE_TRUSTED_PROXIES = ["10.0.0.2"]
    assert kudos_from(work, "203.0.113.9", "198.51.100.1") == 302
    assert kudos_from(work, "203.0.113.9", "198.51.100.2") == 302
    assert Kudos.objects.count() == 1
