"""The OPDS catalog, walked as an e-reader app walks it: root, navigation, paging,
acquisition links, downloads, and search through the OpenSearch description."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.factories import work_make_full

from ficarchive.accounts.models import User
from ficarchive.legacy.model import Block, ParsedChapter
from ficarchive.works.models import Tag, Work
from ficarchive.works.services import tag_synonym_attach

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
NAVIGATION = "application/atom+xml;profile=opds-catalog;kind=navigation"
ACQUISITION = "application/atom+xml;profile=opds-catalog;kind=acquisition"
ACQUIRE = "http://opds-spec.org/acquisition"


def small_work(title: str, **overrides) -> Work:
    """A one-chapter work (fast to make in bulk)."""
    chapter = ParsedChapter(title=None, blocks=[Block("paragraph", f"The tale of {title}.")])
    return work_make_full(title=title, chapters=[chapter], series=None, **overrides)


def fetch(client, url: str, kind: str) -> ET.Element:
    """GET a feed as a reader app does and check its OPDS media type."""
    response = client.get(url, HTTP_ACCEPT="application/atom+xml")
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith(kind), (url, response["Content-Type"])
    return ET.fromstring(response.content)


def links(element: ET.Element, rel: str) -> list[dict]:
    return [dict(link.attrib) for link in element.findall(f"{ATOM}link") if link.get("rel") == rel]


def subsection(feed: ET.Element, title: str) -> dict:
    for entry in feed.findall(f"{ATOM}entry"):
        if entry.findtext(f"{ATOM}title") == title:
            [link] = links(entry, "subsection")
            return link
    raise AssertionError(
        f"no entry {title!r} in {[e.findtext(f'{ATOM}title') for e in feed.findall(f'{ATOM}entry')]}"
    )


def walk_pages(client, url: str) -> list[ET.Element]:
    """Every entry of a paged acquisition feed, following rel="next"."""
    entries: list[ET.Element] = []
    seen = set()
    while url:
        assert url not in seen, "paging loops"
        seen.add(url)
        feed = fetch(client, url, ACQUISITION)
        entries += feed.findall(f"{ATOM}entry")
        following = links(feed, "next")
        url = following[0]["href"] if following else None
    return entries


def test_reader_app_pages_through_newest_and_downloads(client):
    """Root → Newest works → every page via rel=next: each visible work once, with summary,
    authors, tags as categories and typed acquisition links; the EPUB link downloads a valid EPUB."""
    work_make_full()
    for number in range(30):
        small_work(f"Tale {number:02d}")
    root = fetch(client, "/opds/", NAVIGATION)
    assert links(root, "start")
    assert links(root, "search")
    newest = subsection(root, "Newest works")
    assert newest["type"] == ACQUISITION

    first = fetch(client, newest["href"], ACQUISITION)
    assert first.findtext(f"{OPENSEARCH}totalResults") == "31"
    assert len(first.findall(f"{ATOM}entry")) == 25
    entries = walk_pages(client, newest["href"])
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert len(titles) == 31
    assert len(set(titles)) == 31

    [lamps] = [e for e in entries if e.findtext(f"{ATOM}title") == "Lamps on the Quay"]
    assert lamps.findtext(f"{ATOM}id").startswith("urn:uuid:")
    assert lamps.findtext(f"{ATOM}summary").startswith("Two keepers of the harbour lamps.")
    assert [a.findtext(f"{ATOM}name") for a in lamps.findall(f"{ATOM}author")] == [
        "Wren Tallow",
        "Ash Corder",
    ]
    terms = {c.get("term") for c in lamps.findall(f"{ATOM}category")}
    assert {"Harbour Town", "Mara/Ines", "Fluff", "Teen And Up Audiences"} <= terms
    acquisitions = {link["type"]: link["href"] for link in links(lamps, ACQUIRE)}
    assert set(acquisitions) == {"application/epub+zip", "text/html", "text/plain"}

    download = client.get(acquisitions["application/epub+zip"])
    assert download.status_code == 200
    book = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert book.namelist()[0] == "mimetype"
    assert book.read("mimetype") == b"application/epub+zip"
    assert book.testzip() is None
    text = client.get(acquisitions["text/plain"])
    assert "Lamps on the Quay" in b"".join(text.streaming_content).decode()


def test_paging_links_and_bad_pages(client):
    """The last page has previous/first but no next; a page past the end or not a number is 404."""
    for number in range(26):
        small_work(f"Tale {number:02d}")
    feed = fetch(client, "/opds/new/", ACQUISITION)
    last = links(feed, "last")[0]["href"]
    assert last.endswith("/opds/new/?page=2")
    end = fetch(client, last, ACQUISITION)
    assert not links(end, "next")
    assert links(end, "previous")
    assert links(end, "first")
    assert len(end.findall(f"{ATOM}entry")) == 1
    assert client.get("/opds/new/?page=3").status_code == 404
    assert client.get("/opds/new/?page=x").status_code == 404


def test_browse_by_fandom_and_by_rating(client):
    """Root → By fandom → a fandom lists its works, synonyms included; By rating likewise."""
    work_make_full()
    other = small_work("Elsewhere", fandoms=["Far Country"], rating="Explicit")
    tag_synonym_attach(name="Harbor Town", canonical=Tag.objects.get(name="Harbour Town"))
    synonym_work = small_work("Spelled Oddly", fandoms=["Harbor Town"])
    assert synonym_work.tags.filter(name="Harbor Town", synonym_of__name="Harbour Town").exists()
    root = fetch(client, "/opds/", NAVIGATION)

    fandoms = fetch(client, subsection(root, "By fandom")["href"], NAVIGATION)
    names = [e.findtext(f"{ATOM}title") for e in fandoms.findall(f"{ATOM}entry")]
    assert "Harbour Town" in names
    assert "Far Country" in names
    assert "Harbor Town" not in names
    harbour = walk_pages(client, subsection(fandoms, "Harbour Town")["href"])
    assert {e.findtext(f"{ATOM}title") for e in harbour} == {
        "Lamps on the Quay",
        synonym_work.title,
    }

    ratings = fetch(client, subsection(root, "By rating")["href"], NAVIGATION)
    explicit = walk_pages(client, subsection(ratings, "Explicit")["href"])
    assert [e.findtext(f"{ATOM}title") for e in explicit] == [other.title]


def test_series_feed_offers_the_whole_series_and_each_part(client):
    """Root → Series → a series: first the whole-series EPUB, then its works in order."""
    work_make_full()
    work_make_full(title="Second Light")
    root = fetch(client, "/opds/", NAVIGATION)
    series_list = fetch(client, subsection(root, "Series")["href"], NAVIGATION)
    entries = walk_pages(client, subsection(series_list, "Harbour Lights")["href"])
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles == ["Harbour Lights (the whole series)", "Lamps on the Quay", "Second Light"]
    [whole] = links(entries[0], ACQUIRE)
    assert whole["type"] == "application/epub+zip"
    response = client.get(whole["href"])
    book = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "EPUB/text/w02-title.xhtml" in book.namelist()


def test_catalog_hides_what_the_reader_may_not_see(client):
    """Restricted works appear only to logged-in readers; hidden works and drafts never; a
    fandom or series with nothing visible is not listed."""
    small_work("Open Book")
    restricted = small_work("Members Only", fandoms=["Quiet Fandom"])
    Work.objects.filter(pk=restricted.pk).update(restricted=True)
    hidden = work_make_full(title="Taken Down", fandoms=["Gone Fandom"])
    Work.objects.filter(pk=hidden.pk).update(hidden_by_staff=True)
    draft = small_work("Unfinished")
    Work.objects.filter(pk=draft.pk).update(draft=True)

    def titles(url):
        return {e.findtext(f"{ATOM}title") for e in walk_pages(client, url)}

    def fandom_names():
        feed = fetch(client, "/opds/fandoms/", NAVIGATION)
        return {e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")}

    assert titles("/opds/new/") == {"Open Book"}
    assert "Quiet Fandom" not in fandom_names()
    assert "Gone Fandom" not in fandom_names()
    series_feed = fetch(client, "/opds/series/", NAVIGATION)
    assert series_feed.findall(f"{ATOM}entry") == []
    quiet = Tag.objects.get(name="Quiet Fandom")
    # A tag no visible work carries is unknown to this reader (its name must not leak by id).
    assert client.get(f"/opds/tags/{quiet.pk}/").status_code == 404

    client.force_login(User.objects.create_user("member", password="a long pass phrase"))
    assert titles("/opds/new/") == {"Open Book", "Members Only"}
    assert "Quiet Fandom" in fandom_names()
    assert "Gone Fandom" not in fandom_names()
    hidden_series = hidden.series_parts.first().series
    assert client.get(f"/opds/series/{hidden_series.pk}/").status_code == 404


def test_search_through_the_opensearch_description(client, django_capture_on_commit_callbacks):
    """Root's search link → OpenSearch description → its template with the terms → an
    acquisition feed of the matching works, each with its acquisition links."""
    with django_capture_on_commit_callbacks(execute=True):
        work_make_full()
        small_work("Weathervane")
    root = fetch(client, "/opds/", NAVIGATION)
    [search] = links(root, "search")
    assert search["type"] == "application/opensearchdescription+xml"
    response = client.get(search["href"])
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    description = ET.fromstring(response.content)
    [url] = description.findall(f"{OPENSEARCH}Url")
    assert url.get("type") == ACQUISITION
    template = url.get("template")
    assert "{searchTerms}" in template

    found = walk_pages(
        client, template.replace("{searchTerms}", "weathervane").replace("{startPage?}", "")
    )
    assert [e.findtext(f"{ATOM}title") for e in found] == ["Weathervane"]
    assert len(links(found[0], ACQUIRE)) == 3
    nothing = walk_pages(
        client, template.replace("{searchTerms}", "zebra").replace("{startPage?}", "1")
    )
    assert nothing == []


@pytest.mark.django_db(transaction=True)
def test_kept_entries_follow_the_work_and_the_address(index_kept, settings):
    """A work's entry is written once and kept (the next feed reads no tag, authorship or
    chapter row), until the work changes; a feed asked for under another address gets entries
    with that address's links, not the kept ones of the first."""
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example"]
    client = Client()
    heron = small_work("Heron at Dusk")
    small_work("Reed Song")
    first = client.get("/opds/new/").content
    with CaptureQueriesContext(connection) as asked:
        again = client.get("/opds/new/").content
    assert again == first
    tables = " ".join(query["sql"] for query in asked.captured_queries)
    assert not any(table in tables for table in ("works_chapter", "works_authorship", "works_tag"))

    heron.title = "Heron at Dawn"
    heron.save()
    feed = fetch(client, "/opds/new/", ACQUISITION)
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert sorted(titles) == ["Heron at Dawn", "Reed Song"]

    mirror = fetch(client, "/opds/new/?page=1", ACQUISITION)
    assert all(link["href"].startswith("http://testserver/") for link in links(mirror, "self"))
    elsewhere = client.get("/opds/new/", HTTP_HOST="mirror.example")
    assert elsewhere.status_code == 200
    hrefs = [link.get("href") for link in ET.fromstring(elsewhere.content).iter(f"{ATOM}link")]
    assert hrefs
    assert all(href.startswith("http://mirror.example/") for href in hrefs)
