"""Download views: who may download, what they get, and the cache that serves it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from tests.factories import work_make_full

from ficarchive.accounts.models import User
from ficarchive.works.models import Chapter, Series, Work

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def cached_files(work: Work) -> list[Path]:
    return sorted((Path(settings.DATA_DIR) / "exports" / "works" / str(work.pk)).glob("*.*"))


@pytest.fixture
def reader(client):
    user = User.objects.create_user("reader", password="a long pass phrase")
    client.force_login(user)
    return user


def test_every_format_downloads_with_its_type_and_name(client):
    """EPUB, HTML and text come back as attachments named after the title, typed correctly."""
    work = work_make_full()
    expected = {
        "epub": "application/epub+zip",
        "html": "text/html; charset=utf-8",
        "txt": "text/plain; charset=utf-8",
    }
    for fmt, content_type in expected.items():
        response = client.get(reverse("exports:download", args=[work.pk, fmt]))
        assert response.status_code == 200, fmt
        assert response["Content-Type"] == content_type
        assert f'filename="lamps-on-the-quay.{fmt}"' in response["Content-Disposition"]
        data = body(response)
        if fmt == "epub":
            assert zipfile.ZipFile(io.BytesIO(data)).read("mimetype") == b"application/epub+zip"
        else:
            assert "Row the boat along the shore" in data.decode("utf-8")


def test_named_url_serves_the_same_file(client):
    """/downloads/<id>/<slug>.<ext> (used by the catalog) serves the same bytes."""
    work = work_make_full()
    plain = body(client.get(reverse("exports:download", args=[work.pk, "txt"])))
    named = client.get(reverse("exports:download_named", args=[work.pk, "anything", "txt"]))
    assert named.status_code == 200
    assert body(named) == plain


def test_restricted_work_needs_a_logged_in_reader(client):
    """A restricted work is 404 to anonymous readers (in every format) and served once logged in."""
    work = work_make_full()
    Work.objects.filter(pk=work.pk).update(restricted=True)
    for fmt in ("epub", "html", "txt"):
        assert client.get(reverse("exports:download", args=[work.pk, fmt])).status_code == 404
    user = User.objects.create_user("member", password="a long pass phrase")
    client.force_login(user)
    response = client.get(reverse("exports:download", args=[work.pk, "epub"]))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_hidden_and_draft_works_are_never_served(client, reader):
    """Works hidden by staff and drafts are 404 even to a logged-in reader; no file is built."""
    hidden = work_make_full()
    Work.objects.filter(pk=hidden.pk).update(hidden_by_staff=True)
    draft = work_make_full(title="Not Yet")
    Work.objects.filter(pk=draft.pk).update(draft=True)
    for work in (hidden, draft):
        assert client.get(reverse("exports:download", args=[work.pk, "epub"])).status_code == 404
        assert cached_files(work) == []


def test_missing_work_and_unknown_format_are_404(client):
    """No such work, or a format we do not make: 404."""
    work = work_make_full()
    assert client.get(reverse("exports:download", args=[work.pk + 1000, "epub"])).status_code == 404
    assert client.get(f"/downloads/{work.pk}.pdf").status_code == 404


def test_file_is_built_once_and_rebuilt_when_the_work_changes(client):
    """A second download reuses the built file; editing a chapter makes a new one and drops the old."""
    work = work_make_full()
    url = reverse("exports:download", args=[work.pk, "epub"])
    first = body(client.get(url))
    [built] = cached_files(work)
    stamp = built.stat().st_mtime_ns
    assert body(client.get(url)) == first
    assert cached_files(work) == [built]
    assert built.stat().st_mtime_ns == stamp

    chapter = Chapter.objects.get(work=work, position=1)
    chapter.body_html = "<p>A new beginning.</p>"
    chapter.save()
    changed = body(client.get(url))
    assert changed != first
    [rebuilt] = cached_files(work)
    assert rebuilt != built
    assert b"A new beginning." in zipfile.ZipFile(io.BytesIO(changed)).read(
        "EPUB/text/w01-c001.xhtml"
    )


def test_series_download_holds_only_the_parts_the_reader_may_see(client, reader):
    """The series EPUB leaves out a restricted part for anonymous readers, includes it for
    logged-in ones, and is 404 when no part is visible."""
    work_make_full()
    second = work_make_full(title="Second Light")
    Work.objects.filter(pk=second.pk).update(restricted=True)
    series = Series.objects.get(title="Harbour Lights")
    url = reverse("exports:series_download", args=[series.pk])

    logged_in = zipfile.ZipFile(io.BytesIO(body(client.get(url))))
    assert "EPUB/text/w02-title.xhtml" in logged_in.namelist()
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert 'filename="harbour-lights.epub"' in response["Content-Disposition"]
    anonymous = zipfile.ZipFile(io.BytesIO(body(response)))
    assert "EPUB/text/w02-title.xhtml" not in anonymous.namelist()
    assert b"Second Light" not in anonymous.read("EPUB/text/series.xhtml")

    Work.objects.filter(title="Lamps on the Quay").update(hidden_by_staff=True)
    assert client.get(url).status_code == 404
    assert client.get(reverse("exports:series_download", args=[series.pk + 99])).status_code == 404


def test_work_page_partial_links_every_format():
    """The partial the work page includes: a Download nav with EPUB, HTML and text links."""
    work = work_make_full()
    html = render_to_string("exports/_downloads.html", {"work": work})
    assert '<nav class="work-downloads" aria-label="Download">' in html
    for fmt in ("epub", "html", "txt"):
        assert f'href="{reverse("exports:download", args=[work.pk, fmt])}"' in html


def test_work_page_offers_the_downloads(client):
    """The work page (reading app) shows the download links, and each one downloads."""
    work = work_make_full()
    page = client.get(reverse("reading:work", args=[work.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'aria-label="Download"' in html
    for fmt in ("epub", "html", "txt"):
        href = reverse("exports:download", args=[work.pk, fmt])
        assert f'href="{href}"' in html
        assert client.get(href).status_code == 200
