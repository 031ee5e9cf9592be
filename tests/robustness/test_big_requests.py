"""Huge uploads and huge form bodies get a clear refusal and write nothing."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ficarchive.accounts.services import user_create
from ficarchive.importing.models import ImportRecord
from ficarchive.works.models import Work

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(settings) -> Client:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = user_create(username="pip", email="pip@example.org", password="orchard-gate-77")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_an_upload_past_the_limit_is_refused(client):
    """A story file twice the upload limit is refused with a 413; no record is kept."""
    size = 2 * settings.FICARCHIVE_MAX_UPLOAD
    big = SimpleUploadedFile("huge.txt", b"Title: Huge\n\n" + b"word " * (size // 5))
    response = client.post("/import/", {"file": big})
    assert response.status_code == 413
    assert not ImportRecord.objects.exists()
    assert not Work.objects.exists()


def test_a_pasted_story_past_the_limit_is_refused(client):
    """A pasted text larger than the request limit is a 413, not a server error."""
    text = "Title: Huge\n\n" + "word " * (2 * settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 5)
    response = client.post("/import/", {"text": text})
    assert response.status_code == 413
    assert not ImportRecord.objects.exists()


def test_a_new_work_body_past_the_limit_is_refused(client):
    """A new-work form with a body past the request limit is a 400 and posts nothing."""
    body = "word " * (2 * settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 5)
    response = client.post("/works/new/", {"title": "Huge", "body": body})
    assert response.status_code == 400
    assert not Work.objects.exists()
