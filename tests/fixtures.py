"""Fixtures every test package may use, loaded once through `pytest_plugins` in the root
conftest: people and a posted work (from tests/factories.py), fast password hashing, and the
fixed vocabularies written back before each transactional test."""

from __future__ import annotations

import pytest
from django.core.signals import request_started
from django.test import Client
from tests.factories import user_make, vocabularies_restore, work_post


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """No test is about the cost of hashing: a fast hasher keeps logins and sign-ups quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fixed_vocabularies(request):
    """A transactional test's flush (live server, real commits) empties what migrations wrote;
    pytest-django runs those tests last, so writing the ratings, warnings and categories back
    before each of them keeps every test from meeting an archive without them."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (
        "transactional_db" in request.fixturenames or "live_server" in request.fixturenames
    )
    if marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    ):
        transactional = True
    if transactional:
        request.getfixturevalue("transactional_db")
        vocabularies_restore()


@pytest.fixture
def index_kept():
    """This process's search index lives from request to request, as in a server (the suite
    otherwise starts it afresh for each request, and nothing kept would ever be found again)."""
    request_started.disconnect(dispatch_uid="tests.search_index_per_request")


@pytest.fixture
def make_user(db):
    """`make_user(name, **fields)`: a member (see factories.user_make)."""
    return user_make


@pytest.fixture
def make_work(db):
    """`make_work(owner, title=..., body=..., **fields)`: a posted work (see factories.work_post)."""
    return work_post


@pytest.fixture
def client_for():
    """`client_for(user)`: a test client logged in as `user`."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def author(make_user):
    return make_user("author")


@pytest.fixture
def reader(make_user):
    return make_user("reader")


@pytest.fixture
def work(make_work, author):
    return make_work(author, title="Kept Promises")
