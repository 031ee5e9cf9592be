"""The import pages: duplicates never name unseen works; oversized bodies are refused up front."""

import pytest

from ficarchive.importing.models import ImportRecord
from ficarchive.importing.services import content_hash_of
from ficarchive.works.models import Work

pytestmark = pytest.mark.django_db

# Written for this test.
STORY = (
    "Title: Salt on the Windowsill\nAuthor: Harbour Clerk\nRating: G\n\n"
    "Every morning the clerk wiped the salt from the windowsill of the harbour office, and every "
    "night the sea wind put it back, grain by grain, as if the two of them kept a ledger.\n\n"
    "She never minded. A sill that stayed clean would have meant the wind had forgotten her, and "
    "the harbour was lonely enough in winter without that."
)


def test_duplicate_of_a_draft_does_not_name_it(make_work, author, reader, client_for):
    """Uploading a file whose work is a draft says it is a duplicate, not its title or address."""
    draft = make_work(author, title="Private Working Title", draft=True)
    Work.objects.filter(pk=draft.pk).update(content_hash=content_hash_of(STORY.encode()))
    page = client_for(reader).post("/import/", {"text": STORY}).content.decode()
    assert "already in the archive" in page
    assert "Private Working Title" not in page
    assert f"/works/{draft.pk}/" not in page


def test_duplicate_of_a_visible_work_names_it(make_work, author, reader, client_for):
    """When the reader may see the existing work, the message still points to it."""
    public = make_work(author, title="Harbour Ledger")
    Work.objects.filter(pk=public.pk).update(content_hash=content_hash_of(STORY.encode()))
    page = client_for(reader).post("/import/", {"text": STORY}).content.decode()
    assert "Harbour Ledger" in page
    assert f"/works/{public.pk}/" in page


def test_body_longer_than_the_limit_is_refused_before_reading(reader, client_for, settings):
    """A request declaring more bytes than the upload limit allows gets 413, nothing is kept."""
    settings.FICARCHIVE_MAX_UPLOAD = 2000
    body = b"--b\r\n" + b"x" * 1_100_000 + b"\r\n--b--\r\n"
    response = client_for(reader).generic(
        "POST", "/import/", body, content_type="multipart/form-data; boundary=b"
    )
    assert response.status_code == 413
    assert ImportRecord.objects.count() == 0
