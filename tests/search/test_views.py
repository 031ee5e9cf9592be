"""The works listing, a tag's works and the JSON API, driven over HTTP as named readers."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from tests.factories import indexed, tag, work_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    who = tag("Doctor Who", "fandom")
    rose = tag("Rose Tyler", "character")
    bad_wolf = tag("Bad Wolf", "character", synonym_of=rose)
    teen = tag("Teen And Up Audiences", "rating")
    return indexed(
        work_row("Bad Wolf Bay", tags=(who, rose, teen), summary="A beach & a goodbye.", kudos=9),
        work_row("Torchwood Tea", tags=(who, bad_wolf), kudos=3),
        work_row("Members Only", tags=(who,), restricted=True),
        work_row("Elsewhere", tags=(tag("Sherlock", "fandom"),)),
    )


def test_listing_filters_and_offers_facets_to_include_or_exclude(client, archive):
    """/works/ shows matching works, and each facet as an include and an exclude checkbox with
    its count; ticking one adds the tag to the query."""
    response = client.get("/works/", {"fandom": "Doctor Who", "sort": "kudos"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Bad Wolf Bay") < page.index("Torchwood Tea")
    assert "Members Only" not in page
    assert "Elsewhere" not in page
    assert "1 – 2 of 2 works" in page
    assert re.search(
        r'name="tag" value="Rose Tyler"> <label[^>]*>Rose Tyler <span class="facet-count">\(2\)',
        page,
    )
    assert re.search(r'name="exclude_tag" value="Rose Tyler"> <label', page)
    assert re.search(r'name="fandom" value="Doctor Who" checked>', page)
    followed = client.get("/works/", {"fandom": "Doctor Who", "tag": "Rose Tyler", "sort": "kudos"})
    assert "1 – 2 of 2 works" in followed.content.decode()


def test_listing_highlights_and_reports_bad_input(client, archive):
    """Search words are highlighted; unknown tags and bad values are explained, never a 500."""
    page = client.get("/works/", {"q": "goodbye"}).content.decode()
    assert "<mark>goodbye</mark>" in page
    bad = client.get(
        "/works/",
        {
            "q": '"unclosed ' + "x" * 10_000,
            "tag": "Nobody Uses This",
            "page": "abc",
            "words_from": "many",
            "date_to": "yesterday",
            "sort": "sideways",
        },
    )
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "No tag is called &#x27;Nobody Uses This&#x27;" in text
    assert "words_from: expected a whole number" in text
    assert "sort: unknown sort" in text


def test_logged_in_readers_see_restricted_works(client, archive):
    """A logged-in reader's listing includes restricted works; an anonymous one's does not."""
    user = get_user_model().objects.create_user("reader", password="a-long-pass-123")
    client.force_login(user)
    assert "Members Only" in client.get("/works/").content.decode()


def test_tag_works_page_includes_synonyms(client, archive):
    """/tags/<name>/works/ lists the canonical tag's works and its synonyms' works."""
    response = client.get("/tags/Bad Wolf/works/")
    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r"Works in <a [^>]+>Rose Tyler</a>", page)
    assert "Bad Wolf Bay" in page
    assert "Torchwood Tea" in page
    assert client.get("/tags/No Such Tag/works/").status_code == 404


def test_api_returns_results_total_and_facets(client, archive):
    """/api/works/ answers the same parameters with JSON: results, total, facets, notes."""
    data = client.get("/api/works/", {"tag": "bad wolf", "exclude_tag": "Missing Tag"}).json()
    assert data["total"] == 2
    assert data["sort"] == "updated"  # best match needs words; ties go to the newer work
    assert [w["title"] for w in data["results"]] == ["Torchwood Tea", "Bad Wolf Bay"]
    assert {"name": "Rose Tyler", "count": 2} in data["facets"]["character"]
    assert data["unknown_tags"] == ["Missing Tag"]
    hostile = client.get("/api/works/", {"q": 'NEAR( "x* OR -'})
    assert hostile.status_code == 200
    assert hostile.json()["notes"]


def test_deep_pages_are_reachable(client):
    """Page links go deep, and a page past the end is empty rather than an error."""
    indexed(*[work_row(f"Story {n:02}", kudos=n) for n in range(45)])
    data = client.get("/api/works/", {"sort": "kudos", "page": 3}).json()
    assert [w["title"] for w in data["results"]] == [
        "Story 04",
        "Story 03",
        "Story 02",
        "Story 01",
        "Story 00",
    ]
    assert data["pages"] == 3
    assert client.get("/api/works/", {"page": 99999}).json()["results"] == []


def test_search_command_prints_json(capsys, archive):
    """`ficarchive search ... --json` prints the same data as the API."""
    call_command(
        "search", "wolf", "--tag", "Doctor Who", "--rating", "Teen And Up Audiences", "--json"
    )
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 1
    assert data["results"][0]["title"] == "Bad Wolf Bay"
    assert data["results"][0]["highlights"]
