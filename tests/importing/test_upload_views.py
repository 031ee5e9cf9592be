"""Upload or paste → preview (every field, editable) → post, through the Django test client."""

import json
import re
from html import unescape

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ficarchive.importing.models import ImportRecord, UploadBlob
from ficarchive.works.models import Creator, Tag, TagType, Work

pytestmark = pytest.mark.django_db

STORY = (
    "Title: The Quiet Pier\nAuthor: Test Writer\nRating: PG\n\n"
    "Nobody fished from the old pier any more, but every evening a man in a grey coat walked to "
    "its end, looked at the water for as long as it took the lighthouse to turn twice, and "
    "walked back.\n\nThe children of the town had a dozen theories. None of them was right, and "
    "he never told them that it was simply where he had once been happy."
)


def post_values(**changes) -> dict:
    """A full preview form submission (what a person sends after checking the fields)."""
    values = {
        "title": "The Quiet Pier, edited",
        "own_story": "on",
        "rating": "Teen And Up Audiences",
        "warnings": ["No Archive Warnings Apply"],
        "categories": ["Gen"],
        "fandoms": "Original Work",
        "relationships": "",
        "characters": "The Man in the Grey Coat",
        "freeform": "Seaside, Lighthouses",
        "summary": "A man, a pier, a lighthouse.",
        "notes": "My notes.",
        "end_notes": "My end notes.",
        "disclaimer": "All mine.",
        "spoilers": "None.",
        "distribution_text": "Ask first.",
        "distribution_archives": "Shore Stories, Tidewrack",
        "distribution_permission": "ask",
        "feedback_text": "Please do.",
        "feedback_wanted": "yes",
        "series_title": "Coastlines",
        "series_part": "2",
        "expected_chapters": "1",
        "language": "en",
    }
    values.update(changes)
    return values


@pytest.fixture
def writer(django_user_model):
    return django_user_model.objects.create_user("writer", password="pw-123-long")


@pytest.fixture
def logged_in(client, writer):
    client.force_login(writer)
    return client


@pytest.fixture
def archivist(writer):
    """The writer, given the archivist permission by staff."""
    writer.user_permissions.add(Permission.objects.get(codename="archive_for_others"))
    return writer


def test_import_pages_need_a_login(client):
    """Anonymous visitors are sent to the login page."""
    response = client.get("/import/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


# Every field the preview shows for editing.
PREVIEW_FIELDS = (
    "title",
    "rating",
    "warnings",
    "categories",
    "fandoms",
    "relationships",
    "characters",
    "freeform",
    "summary",
    "notes",
    "end_notes",
    "disclaimer",
    "spoilers",
    "distribution_text",
    "distribution_archives",
    "distribution_permission",
    "feedback_wanted",
    "series_title",
    "series_part",
    "language",
)


def test_paste_preview_post_creates_the_work_with_the_edits(logged_in, writer):
    """Pasted text goes to a preview of every field; posting the edited form creates the work."""
    response = logged_in.post("/import/", {"text": STORY})
    assert response.status_code == 302
    preview_url = response["Location"]
    assert re.fullmatch(r"/import/\d+/", preview_url)
    page = logged_in.get(preview_url).content.decode()
    for name in (*PREVIEW_FIELDS, "pseuds", "own_story"):
        assert f'name="{name}"' in page, name
    assert "lighthouse to turn twice" in page, "the chapter text is shown read-only"
    assert 'name="body"' not in page

    response = logged_in.post(preview_url, post_values())
    assert response.status_code == 302
    work = Work.objects.get()
    assert response["Location"] == work.get_absolute_url()
    assert work.title == "The Quiet Pier, edited"
    assert [c.user for c in work.creators.all()] == [writer]
    assert set(work.tags.values_list("name", flat=True)) == {
        "Teen And Up Audiences",
        "No Archive Warnings Apply",
        "Gen",
        "Original Work",
        "The Man in the Grey Coat",
        "Seaside",
        "Lighthouses",
    }
    assert (work.summary, work.notes, work.end_notes) == (
        "A man, a pier, a lighthouse.",
        "My notes.",
        "My end notes.",
    )
    assert (work.disclaimer, work.spoilers) == ("All mine.", "None.")
    assert work.distribution_archives == ["Shore Stories", "Tidewrack"]
    assert (work.distribution_permission, work.feedback_wanted) == ("ask", True)
    part = work.series_parts.get()
    assert (part.series.title, part.position) == ("Coastlines", 2)
    assert "lighthouse to turn twice" in work.chapters.get().body_html
    record = ImportRecord.objects.get()
    assert (record.status, record.work) == ("created", work)
    assert not UploadBlob.objects.exists(), "a posted upload's bytes are not kept"
    assert logged_in.get(preview_url).status_code == 404, "a posted upload cannot be posted again"


def test_file_upload_goes_to_its_preview_and_names_imported_authors(logged_in, archivist):
    """An uploaded file is kept server-side; an archivist's named authors become creators
    without an account, and the work says who archived it."""
    upload = SimpleUploadedFile("pier.txt", STORY.encode(), content_type="text/plain")
    response = logged_in.post("/import/", {"file": upload})
    assert response.status_code == 302
    record = ImportRecord.objects.get()
    assert (record.source, record.status) == ("upload:pier.txt", "pending")
    logged_in.post(response["Location"], post_values(authors="Test Writer, Second Hand"))
    work = Work.objects.get()
    assert [c.name for c in work.creators.order_by("authorship__position")] == [
        "Test Writer",
        "Second Hand",
    ]
    assert not Creator.objects.filter(name="Test Writer", user__isnull=False).exists()
    assert work.archived_by == archivist
    assert "Archived by" in logged_in.get(work.get_absolute_url()).content.decode()


def test_a_member_naming_another_author_is_told_why_and_posts_nothing(logged_in, writer):
    """Without the archivist permission, a header naming someone else asks the member to
    confirm the story is theirs; unconfirmed, nothing is posted, and no name is taken."""
    preview_url = logged_in.post("/import/", {"text": STORY})["Location"]
    page = unescape(logged_in.get(preview_url).content.decode())
    assert "names Test Writer as its author" in page
    assert "Only archivists" in page
    assert 'name="authors"' not in page
    response = logged_in.post(preview_url, post_values(own_story="", authors="Test Writer"))
    assert response.status_code == 200
    assert Work.objects.count() == 0
    assert "This field is required" in response.content.decode()
    logged_in.post(preview_url, post_values(authors="Test Writer"))
    work = Work.objects.get()
    assert [c.user for c in work.creators.all()] == [writer]
    assert work.archived_by is None
    assert not Creator.objects.filter(name="Test Writer").exists()


def test_chapter_text_cannot_be_tampered_with_through_the_form(logged_in):
    """Extra form fields cannot change the story text: it comes from the stored upload."""
    preview_url = logged_in.post("/import/", {"text": STORY})["Location"]
    logged_in.post(preview_url, post_values(body="<script>alert(1)</script>Replaced"))
    body = Work.objects.get().chapters.get().body_html
    assert "Replaced" not in body
    assert "<script" not in body
    assert "lighthouse" in body


def test_another_member_cannot_see_or_post_my_upload(logged_in, django_user_model):
    """A pending upload is its uploader's: anyone else gets 404."""
    preview_url = logged_in.post("/import/", {"text": STORY})["Location"]
    other = Client()
    other.force_login(django_user_model.objects.create_user("other", password="pw-123-long"))
    assert other.get(preview_url).status_code == 404
    assert other.post(preview_url, post_values()).status_code == 404
    assert Work.objects.count() == 0


def test_bad_input_is_refused_with_one_line(logged_in):
    """Not a story, binary, or both/neither inputs: the form says why and nothing is kept."""
    page = logged_in.post("/import/", {"text": "eggs\nmilk\nbread"}).content.decode()
    assert "not a story" in page
    binary = SimpleUploadedFile("x.txt", bytes(range(256)), content_type="text/plain")
    page = logged_in.post("/import/", {"file": binary}).content.decode()
    assert "binary file, not a text story" in page
    page = logged_in.post("/import/", {}).content.decode()
    assert "Choose a file or paste the text" in page
    assert ImportRecord.objects.count() == 0


def test_same_file_twice_is_refused(logged_in):
    """A file already in the archive is not posted a second time."""
    preview_url = logged_in.post("/import/", {"text": STORY})["Location"]
    logged_in.post(preview_url, post_values())
    page = logged_in.post("/import/", {"text": STORY}).content.decode()
    assert "already in the archive" in page
    assert Work.objects.count() == 1


def test_csrf_is_enforced(writer):
    """Without the CSRF token the upload is refused; with the page's token it goes through."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(writer)
    assert client.post("/import/", {"text": STORY}).status_code == 403
    page = client.get("/import/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post("/import/", {"text": STORY, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', preview).group(1)
    assert client.post(response["Location"], post_values()).status_code == 403
    assert Work.objects.count() == 0
    response = client.post(response["Location"], {**post_values(), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Tag.objects.filter(type=TagType.FREEFORM, name="Seaside").exists()


def test_seed_upload_preview_shows_what_the_header_says(logged_in, archivist, seed_path):
    """Uploading the seed fills the preview with its header's values (read from ../shared)."""
    expected = json.loads(seed_path.with_name(seed_path.stem + ".expected.json").read_text())
    upload = SimpleUploadedFile(seed_path.name, seed_path.read_bytes(), content_type="text/plain")
    preview_url = logged_in.post("/import/", {"file": upload})["Location"]
    page = unescape(logged_in.get(preview_url).content.decode())
    assert f'name="title" value="{expected["title"]}"' in page
    assert f'name="authors" value="{", ".join(expected["authors"])}"' in page
    assert f'<option value="{expected["rating"]}" selected>' in page
    assert f'name="fandoms" value="{", ".join(expected["fandoms"])}"' in page
    assert f'name="relationships" value="{", ".join(expected["relationships"])}"' in page
    assert f'name="series_title" value="{expected["series"]["title"]}"' in page
    for text in (expected["summary"], expected["disclaimer"], expected["spoilers"]):
        assert text in page
    assert '<option value="ask" selected>' in page
    assert '<div class="verse">' in page
