"""No open redirects: every `next` pointing off the site falls back to a page of this site."""

import pytest
from django.test import Client
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

FOREIGN = ["https://evil.example/", "//evil.example/", "/\\evil.example/", "https:evil.example"]


@pytest.mark.parametrize("target", FOREIGN)
def test_login_next_stays_on_site(reader, target):
    """Logging in with a foreign `next` lands on the site, not the foreign address."""
    response = Client().post(
        f"/login/?next={target}", {"username": "reader", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert "evil" not in response["Location"]


@pytest.mark.parametrize("target", FOREIGN)
def test_feedback_next_stays_on_site(work, reader, client_for, target):
    """Kudos, comments and subscriptions ignore a foreign `next`."""
    client = client_for(reader)
    answers = [
        client.post(f"/works/{work.pk}/kudos/", {"next": target}),
        client.post(f"/works/{work.pk}/comments/", {"body": "Hello.", "next": target}),
        client.post("/subscriptions/new/", {"kind": "work", "id": work.pk, "next": target}),
    ]
    for response in answers:
        assert response.status_code == 302
        assert "evil" not in response["Location"]
