"""Restricted, hidden, held and draft works never leak: not on pages, in search, the API, OPDS or
downloads. (Held: waiting for its author's permission to be archived here, issue 10.)"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from tests.factories import work_make

from ficarchive.legacy.model import Distribution
from ficarchive.works.models import SeriesPart, Tag, Work

pytestmark = pytest.mark.django_db

SHARED_TAG = "Lantern Keeping"


@pytest.fixture
def archive(django_capture_on_commit_callbacks):
    """One work of each visibility, all by one creator, in one series, with one shared tag.

    The search index follows the database on commit, so the commit callbacks are run.
    """
    with django_capture_on_commit_callbacks(execute=True):
        works = {
            kind: work_make(
                title=f"Quillfeather {kind}",
                authors=("Mrs Hudson",),
                freeform=(SHARED_TAG,),
                series=("Lamplit Tales", position),
                summary=f"Quillfeather summary for the {kind} work.",
                draft=(kind == "draft"),
                restricted=(kind == "restricted"),
                hidden=(kind == "hidden"),
                distribution=Distribution(permission="ask" if kind == "held" else "yes"),
            )
            for position, kind in enumerate(
                ("public", "restricted", "hidden", "draft", "held"), start=1
            )
        }
    return works


def listing_urls(works) -> list[str]:
    public = works["public"]
    series = SeriesPart.objects.get(work=public).series
    tag = Tag.objects.get(name=SHARED_TAG)
    return [
        "/",
        "/works/?q=Quillfeather",
        "/works/?q=Quillfeather&sort=title",
        f"/tags/{SHARED_TAG}/",
        f"/tags/{SHARED_TAG}/works/",
        "/users/Mrs Hudson/",
        series.get_absolute_url(),
        "/api/works/?q=Quillfeather",
        "/opds/new/",
        f"/opds/tags/{tag.pk}/",
        f"/opds/series/{series.pk}/",
        "/opds/search/?q=Quillfeather",
    ]


def work_urls(work: Work) -> list[str]:
    return [
        f"/works/{work.pk}/",
        f"/works/{work.pk}/chapters/1/",
        f"/works/{work.pk}/?view_full_work=true",
        f"/downloads/{work.pk}.epub",
        f"/downloads/{work.pk}.html",
        f"/downloads/{work.pk}.txt",
    ]


def assert_sees(client: Client, works, visible: set[str]) -> None:
    for url in listing_urls(works):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert "Quillfeather public" in text, url
        for kind in ("restricted", "hidden", "draft", "held"):
            shown = f"Quillfeather {kind}" in text
            assert shown == (kind in visible), f"{url}: {kind} work shown={shown}"
    for kind, work in works.items():
        for url in work_urls(work):
            status = client.get(url).status_code
            expected = 200 if kind == "public" or kind in visible else 404
            assert status == expected or (expected == 404 and status == 302), (url, kind, status)


def test_anonymous_readers_see_only_public_works(archive):
    """A guest sees the public work everywhere and nothing of the restricted, hidden, held or
    draft ones."""
    assert_sees(Client(), archive, visible=set())


def test_logged_in_readers_also_see_restricted_works(archive):
    """A logged-in reader who is not the creator sees restricted works, never hidden, held or
    drafts."""
    client = Client()
    client.force_login(get_user_model().objects.create_user("reader", password="x-long-pass-99"))
    assert_sees(client, archive, visible={"restricted"})


def test_staff_see_hidden_works(archive):
    """Staff see hidden works (to moderate them) as well as restricted ones."""
    client = Client()
    staff = get_user_model().objects.create_user("mod", password="x-long-pass-99", is_staff=True)
    client.force_login(staff)
    response = client.get(f"/works/{archive['hidden'].pk}/")
    assert response.status_code == 200


def test_staff_see_held_works_with_the_reason(archive):
    """Staff see a work held for its author's permission, with why it is held."""
    client = Client()
    staff = get_user_model().objects.create_user("mod", password="x-long-pass-99", is_staff=True)
    client.force_login(staff)
    response = client.get(f"/works/{archive['held'].pk}/")
    assert response.status_code == 200
    assert "Held: not public" in response.content.decode()
