"""Limits that protect the site, its disk and its workers: the admin log-in throttle, upload
throttles, daily quotas and expiry, duplicate uploads stored once, the hard limit on reading an
upload, the chapter cap, the search throttle."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from tests.factories import PASSWORD

from ficarchive.importing.models import ImportRecord, ImportStatus, UploadBlob
from ficarchive.importing.services import import_bytes
from ficarchive.importing.uploads import uploads_expire
from ficarchive.works.models import Work

pytestmark = pytest.mark.django_db

PROSE = (
    "The lighthouse keeper wound the clock every evening and counted the ships that passed the "
    "point, writing each name in a book that nobody else would ever read."
)
PREVIEW_FORM = {
    "title": "Twice Told",
    "own_story": "on",
    "rating": "General Audiences",
    "warnings": ["No Archive Warnings Apply"],
    "fandoms": "Original Work",
    "distribution_permission": "unknown",
    "language": "en",
}


def story(title: str, chapters: int = 1) -> bytes:
    parts = [f"Title: {title}\nAuthor: Keeper Brann\nRating: PG\nFandom: Original Work\n"]
    for n in range(1, chapters + 1):
        parts.append(f"Chapter {n}\n\n{PROSE} This is part {n} of the tale.\n")
    return "\n".join(parts).encode()


def upload(client: Client, data: bytes, name: str = "story.txt"):
    return client.post("/import/", {"file": SimpleUploadedFile(name, data)})


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


def test_uploads_count_against_a_daily_allowance_of_files(settings, author, client_for):
    """Past the day's number of uploads, the next is refused with 429 and a sentence saying so."""
    settings.FICARCHIVE_THROTTLES = {"upload_daily": (3, 86400)}
    client = client_for(author)
    for n in range(3):
        assert upload(client, story(f"Beacon {n}")).status_code == 302
    refused = upload(client, story("Beacon 4"))
    assert refused.status_code == 429
    assert "as many as a day allows" in refused.content.decode()
    assert ImportRecord.objects.filter(user=author).count() == 3


def test_uploads_count_their_size_against_a_daily_allowance(settings, author, client_for):
    """Past the day's kilobytes the next upload is refused, whatever its number."""
    settings.FICARCHIVE_THROTTLES = {"upload_kb_daily": (2, 86400)}
    client = client_for(author)
    assert upload(client, story("Small Beacon")).status_code == 302
    big = story("Big Beacon") + b"\n" + PROSE.encode() * 20
    refused = upload(client, big)
    assert refused.status_code == 429
    assert "uploads come to more than 2.0 KB" in refused.content.decode()


def test_uploads_in_a_burst_are_throttled(settings, author, client_for):
    """Many uploads in a few minutes: the rest wait."""
    settings.FICARCHIVE_THROTTLES = {"upload": (2, 600)}
    client = client_for(author)
    assert upload(client, story("Gull One")).status_code == 302
    assert upload(client, story("Gull Two")).status_code == 302
    assert upload(client, story("Gull Three")).status_code == 429


def test_a_pasted_header_counts_against_the_upload_throttle(settings, author, client_for):
    """ "Fill the form" reads a pasted story like an upload, under the same throttle."""
    settings.FICARCHIVE_THROTTLES = {"upload": (1, 600)}
    client = client_for(author)
    form = {"action": "fill", "legacy_header": story("Pasted Beacon").decode()}
    filled = client.post("/works/new/", form)
    assert filled.status_code == 200
    assert "Pasted Beacon" in filled.content.decode()
    assert client.post("/works/new/", form).status_code == 429


def test_the_same_file_uploaded_again_is_stored_once(make_user, client_for):
    """One member uploading one file three times has one pending upload; another member's
    upload of it shares the bytes; posting one keeps them for the other."""
    first, second = make_user("wren"), make_user("tern")
    data = story("Twice Told")
    for _ in range(3):
        assert upload(client_for(first), data).status_code == 302
    assert upload(client_for(second), data).status_code == 302
    assert ImportRecord.objects.filter(status=ImportStatus.PENDING).count() == 2
    assert UploadBlob.objects.count() == 1
    record = ImportRecord.objects.get(user=first)
    posted = client_for(first).post(f"/import/{record.pk}/", PREVIEW_FORM)
    assert posted.status_code == 302
    assert UploadBlob.objects.count() == 1  # the other member's upload still needs the bytes
    other = ImportRecord.objects.get(user=second)
    refused = client_for(second).post(f"/import/{other.pk}/", PREVIEW_FORM)
    assert "already in the archive" in refused.content.decode()


def test_pending_uploads_expire_in_hours(settings, author, client_for):
    """An upload not posted within the lifetime is gone, and so are its bytes."""
    settings.FICARCHIVE_PENDING_UPLOAD_HOURS = 3
    client = client_for(author)
    assert upload(client, story("Fading Beacon")).status_code == 302
    record = ImportRecord.objects.get()
    assert client.get(f"/import/{record.pk}/").status_code == 200
    ImportRecord.objects.filter(pk=record.pk).update(
        updated_at=timezone.now() - dt.timedelta(hours=3, minutes=1)
    )
    assert client.get(f"/import/{record.pk}/").status_code == 404
    assert uploads_expire() == 1
    assert not ImportRecord.objects.exists()
    assert not UploadBlob.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_background_worker_deletes_expired_uploads_without_a_new_upload(
    settings, author, client_for
):
    """Nobody uploads again: the worker's rounds still delete the stale upload and its bytes."""
    settings.FICARCHIVE_PENDING_UPLOAD_HOURS = 3
    assert upload(client_for(author), story("Low Tide")).status_code == 302
    ImportRecord.objects.update(updated_at=timezone.now() - dt.timedelta(hours=4))
    call_command("worker", "--once", stdout=io.StringIO(), stderr=io.StringIO())
    assert not ImportRecord.objects.exists()
    assert not UploadBlob.objects.exists()


def test_an_upload_that_takes_too_long_to_read_is_stopped(settings, author, client_for):
    """The story is read in a child process that is killed at the limit: the visitor gets a
    one-line answer instead of a worker held for minutes."""
    settings.FICARCHIVE_PARSE_SECONDS = 0.05
    big = story("Long Watch") + ("\n\n" + PROSE).encode() * 20_000
    response = upload(client_for(author), big)
    assert response.status_code == 200
    assert "took longer than 0.05 seconds" in response.content.decode()
    assert not ImportRecord.objects.exists()


def test_a_work_holds_at_most_the_chapter_cap(settings, author, client_for, make_work):
    """Import, upload and the chapter form all stop at FICARCHIVE_MAX_CHAPTERS."""
    settings.FICARCHIVE_MAX_CHAPTERS = 5
    assert import_bytes(source="five.txt", data=story("Five Lamps", chapters=5)).status == "created"
    refused = import_bytes(source="six.txt", data=story("Six Lamps", chapters=6))
    assert refused.status == "failed"
    assert "too many chapters: 6 (a work holds at most 5)" in refused.error
    response = upload(client_for(author), story("Seven Lamps", chapters=7))
    assert "too many chapters: 7" in response.content.decode()
    work = make_work(author, title="Growing Lamps")
    client = client_for(author)
    for n in range(2, 6):
        added = client.post(f"/works/{work.pk}/chapters/new/", {"body": f"{PROSE} Part {n}."})
        assert added.status_code == 302, n
    sixth = client.post(f"/works/{work.pk}/chapters/new/", {"body": f"{PROSE} Part 6."})
    assert sixth.status_code == 200
    assert "at most 5" in sixth.content.decode()
    assert Work.objects.get(pk=work.pk).chapters.count() == 5


def test_a_file_split_into_twenty_thousand_chapters_is_refused_whole():
    """The shape of the report: about 2 MB read as 20,000 chapters. At the default cap (500)
    the import fails with the reason and stores nothing."""
    data = story("Endless Lamps") + b"".join(
        f"\nChapter {n}\n\n{PROSE[:60]}\n".encode() for n in range(2, 20_001)
    )
    assert len(data) > 1_500_000
    result = import_bytes(source="endless.txt", data=data)
    assert result.status == "failed"
    assert "too many chapters: 20,000 (a work holds at most 500)" in result.error
    assert not Work.objects.exists()
