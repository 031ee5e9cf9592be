"""Provenance and privacy on the work page and in downloads: e-mail addresses from headers are
never shown, the original publication date is Published and the import date Archived on, an
archivist's upload says who archived it, downloads end with a link back and an invitation."""

import io
import zipfile
from datetime import UTC, datetime

import pytest
from django.test import Client
from tests.factories import work_make

from ficarchive.exports.cache import work_export_path
from ficarchive.legacy.model import Distribution, Feedback
from ficarchive.sanitize.redact import REDACTED, emails_redact
from ficarchive.works.models import Work

pytestmark = pytest.mark.django_db

ADDRESS = "kettle.writer@example.net"


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        (f"Feedback to {ADDRESS}, please", True),
        ("mailto:someone@mail.example.org", True),
        ("jo [at] example [dot] com", True),
        ("jo at example dot com", True),
        ("She looked at him. Dot was there.", False),
        ("at home.com for the weekend", False),
    ],
)
def test_addresses_are_found_in_their_spellings(text, hidden):
    """Plain, mailto and spelled-out addresses are redacted; ordinary words are not."""
    assert (REDACTED in emails_redact(text)) is hidden


def _work_with_addresses() -> Work:
    return work_make(
        title="Letters from Baker Street",
        summary=f"Write to me: {ADDRESS}",
        notes=f"Beta'd by a friend (friend@example.org). {ADDRESS}",
        disclaimer=f"Not mine. Questions to {ADDRESS}",
        distribution=Distribution(text=f"Ask {ADDRESS}", archives=[], permission="unknown"),
        feedback=Feedback(text=f"Feedback to {ADDRESS}", wanted=None),
        extra={"Published": "1998-07-04"},
    )


def test_header_addresses_are_never_shown_on_the_work_page(client):
    """Summary, notes, disclaimer, distribution and feedback show, their addresses hidden."""
    work = _work_with_addresses()
    assert ADDRESS in work.summary  # the archive keeps what it imported
    page = client.get(work.get_absolute_url()).content.decode()
    assert "Write to me:" in page
    assert "Questions to" in page
    assert "Ask " in page
    assert ADDRESS not in page
    assert "friend@example.org" not in page
    assert page.count(REDACTED) >= 5


@pytest.mark.parametrize("fmt", ["html", "txt", "epub"])
def test_header_addresses_are_redacted_in_downloads(fmt):
    """Downloads carry the header's text without its addresses."""
    work = _work_with_addresses()
    data = work_export_path(work=work, fmt=fmt, site_url="https://archive.example/").read_bytes()
    if fmt == "epub":
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            data = b"".join(book.read(name) for name in book.namelist())
    text = data.decode("utf-8")
    assert "Write to me:" in text
    assert ADDRESS not in text
    assert "friend@example.org" not in text


@pytest.mark.parametrize("fmt", ["html", "txt", "epub"])
def test_downloads_end_with_a_link_back_and_an_invitation(fmt):
    """After the story: where it lives on the archive, and an invitation to leave feedback."""
    work = work_make(title="A Door in the Fog")
    data = work_export_path(work=work, fmt=fmt, site_url="https://archive.example/").read_bytes()
    if fmt == "epub":
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            names = book.namelist()
            data = book.read(next(n for n in names if n.endswith("-end.xhtml")))
    text = data.decode("utf-8")
    url = f"https://archive.example/works/{work.pk}/"
    assert url in text
    assert "kudos" in text
    assert "comment" in text
    tail = text[text.rindex("began on a grey morning") :] if fmt != "epub" else text
    assert url in tail  # the invitation comes after the story


def test_original_date_is_published_and_the_import_date_archived_on(client):
    """A header's date shows as Published, the import day as Archived on."""
    dated = work_make(title="Dated", extra={"Published": "1998-07-04"})
    undated = work_make(title="Undated")
    page = client.get(dated.get_absolute_url()).content.decode()
    meta = page[page.index('class="work-meta"') :]
    assert '<dt>Published</dt><dd><time datetime="1998-07-04">4 Jul 1998</time>' in meta
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    assert f'<dt>Archived on</dt><dd><time datetime="{today}">' in meta
    page = client.get(undated.get_absolute_url()).content.decode()
    meta = page[page.index('class="work-meta"') :]
    assert "<dt>Published</dt>" not in meta
    assert "<dt>Archived on</dt>" in meta


def test_about_this_story_says_it_plainly_without_repeating_the_header(client):
    """The header's fine print is "About this story", in plain words, not the raw header."""
    work = work_make(
        title="Plain Words",
        distribution=Distribution(
            text="Gaslight only, others ask first", archives=["Gaslight"], permission="ask"
        ),
        feedback=Feedback(text="Yes please, all of it", wanted=True),
        permission_granted="by letter",
    )
    page = Client().get(work.get_absolute_url()).content.decode()
    assert "About this story" in page
    assert "From the author" not in page
    assert "Ask the author before archiving it elsewhere." in page
    assert "The author would like feedback." in page
    assert "others ask first" not in page
    assert "Yes please, all of it" not in page
