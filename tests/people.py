"""People and works made through the real services, for the accounts, posting and feedback tests.

Each of those packages' conftest imports these fixtures.
"""

import pytest
from django.test import Client

from ficarchive.accounts.services import user_create
from ficarchive.posting.services import WorkInput, work_create
from ficarchive.works.models import Creator

PASSWORD = "correct-horse-battery-9"


@pytest.fixture
def make_user(db):
    def make(name: str, **extra):
        user = user_create(username=name, email=f"{name}@example.org", password=PASSWORD)
        for key, value in extra.items():
            setattr(user, key, value)
        user.save()
        return user

    return make


@pytest.fixture
def make_work(db):
    def make(owner, title: str = "A Story", body: str = "Once upon a time.", **fields):
        draft = fields.pop("draft", False)
        data = WorkInput(
            title=title,
            pseuds=list(Creator.objects.filter(user=owner)[:1]),
            fandoms=["Original Work"],
            **fields,
        )
        return work_create(data=data, chapter_title="", body=body, draft=draft)

    return make


@pytest.fixture
def client_for():
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


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Autouse where imported (feedback, posting): tests about feedback or posting, not hashing: a fast hasher keeps them quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
