"""Limits that protect the site: the admin log-in throttle and the search throttle."""

from __future__ import annotations

import pytest
from django.test import Client
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_admin_login_is_throttled_like_the_login_page(make_user):
    """Wrong passwords through /admin/login/ and /login/ share one allowance per address; past
    it even the right password is refused with 429 until the window passes."""
    staff = make_user("harbourmaster", is_staff=True, is_superuser=True)
    client = Client()
    for attempt in range(10):
        page = "/login/" if attempt % 2 else "/admin/login/"
        response = client.post(page, {"username": staff.username, "password": "wrong-guess"})
        assert response.status_code == 200, attempt
    refused = client.post("/admin/login/", {"username": staff.username, "password": PASSWORD})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "300"
    assert "_auth_user_id" not in client.session
    elsewhere = Client(REMOTE_ADDR="192.0.2.7")
    response = elsewhere.post("/admin/login/", {"username": staff.username, "password": PASSWORD})
    assert response.status_code == 302
    assert elsewhere.get("/admin/").status_code == 200


def test_text_searches_are_throttled_per_visitor(settings):
    """Past the allowance a text search answers 429, on the page, the API and the OPDS feed;
    browsing without a query is not counted."""
    settings.FICARCHIVE_THROTTLES = {"search": (3, 60)}
    client = Client()
    for url in ("/works/?q=lighthouse", "/api/works/?q=lighthouse", "/opds/search/?q=lighthouse"):
        assert client.get(url).status_code == 200, url
    for url in ("/works/?q=keeper", "/api/works/?q=keeper", "/opds/search/?q=keeper"):
        assert client.get(url).status_code == 429, url
    assert client.get("/works/").status_code == 200
    assert Client(REMOTE_ADDR="192.0.2.9").get("/works/?q=keeper").status_code == 200
