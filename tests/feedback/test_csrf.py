"""Every form family refuses a POST without a CSRF token (403) and writes nothing."""

import pytest
from django.test import Client

from ficarchive.feedback.models import Bookmark, Comment, Kudos, Subscription


@pytest.fixture
def strict_client(reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    return client


def test_comment_and_kudos_need_csrf(work, strict_client):
    """Comments and kudos without a token are refused."""
    assert strict_client.post(f"/works/{work.pk}/comments/", {"body": "hi"}).status_code == 403
    assert strict_client.post(f"/works/{work.pk}/kudos/").status_code == 403
    assert not Comment.objects.exists()
    assert not Kudos.objects.exists()


def test_bookmark_and_subscription_need_csrf(work, strict_client):
    """Bookmarks and subscriptions without a token are refused."""
    assert strict_client.post(f"/works/{work.pk}/bookmark/", {"notes": "x"}).status_code == 403
    response = strict_client.post("/subscriptions/new/", {"kind": "work", "id": work.pk})
    assert response.status_code == 403
    assert not Bookmark.objects.exists()
    assert not Subscription.objects.exists()


def test_with_token_from_the_page_the_comment_goes_through(work, strict_client):
    """The token the work page hands out makes the same POST succeed."""
    strict_client.get(work.get_absolute_url())
    token = strict_client.cookies["csrftoken"].value
    response = strict_client.post(
        f"/works/{work.pk}/comments/", {"body": "hi", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_moderation_block_and_report_need_csrf(work, author, reader):
    """Comment settings, blocking and abuse reports without a token are refused."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(author)
    assert (
        client.post(
            f"/works/{work.pk}/comments/moderate/", {"comment_policy": "closed"}
        ).status_code
        == 403
    )
    assert client.post(f"/users/{reader.username}/block/").status_code == 403
    assert client.post("/report/", {"url": "/", "reason": "x"}).status_code == 403
