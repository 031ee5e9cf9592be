"""Password reset: no account enumeration, and no mailbox flooding from one address."""

import pytest
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db


def test_reset_answers_the_same_for_unknown_addresses(reader):
    """A known and an unknown address get the same redirect; only the known one gets mail."""
    known = Client().post("/password/reset/", {"email": reader.email})
    unknown = Client().post("/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1


def test_reset_requests_are_throttled_per_address(reader, settings):
    """Past the allowance one address gets 429 and no further mail is sent."""
    settings.FICARCHIVE_THROTTLES = {"password_reset": (3, 3600)}
    client = Client(REMOTE_ADDR="203.0.113.80")
    codes = [client.post("/password/reset/", {"email": reader.email}).status_code for _ in range(4)]
    assert codes == [302, 302, 302, 429]
    assert len(mail.outbox) == 3
