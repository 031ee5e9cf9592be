"""Staff pages: the Admin link, tools on work pages, abuse reports that link to their actions,
hiding a work, and the tag-wrangling page (canonical, synonyms, merge, fandom, media)."""

import pytest
from django.test import Client
from tests.factories import work_make

from ficarchive.feedback.actions.safety import do_abuse_report
from ficarchive.feedback.models import AbuseReport
from ficarchive.works.models import Tag, Work

pytestmark = pytest.mark.django_db

STAFF_URLS = ("/staff/tags/", "/staff/reports/")


@pytest.fixture
def staff(make_user):
    return make_user("warden", is_staff=True)


def test_staff_pages_are_for_staff(work, staff, reader, client_for):
    """Guests and members are sent away; staff see the pages and an Admin link."""
    for url in (*STAFF_URLS, f"/staff/works/{work.pk}/hide/"):
        assert Client().get(url).status_code == 302
        assert client_for(reader).get(url).status_code == 302
        assert client_for(staff).get(url).status_code == 200
    assert 'id="nav-admin"' in client_for(staff).get("/").content.decode()
    assert 'id="nav-admin"' not in client_for(reader).get("/").content.decode()


def test_work_pages_carry_staff_tools(staff, client_for):
    """Hide, edit tags and claim an imported creator, from the work page."""
    work = work_make(title="Imported", authors=("Old Name",))
    page = client_for(staff).get(work.get_absolute_url()).content.decode()
    creator = work.creators.get()
    assert f'href="/staff/works/{work.pk}/hide/"' in page
    assert f'href="/works/{work.pk}/edit/" id="staff-edit-tags"' in page
    assert f'href="/staff/creators/{creator.pk}/claim/">Claim Old Name for someone' in page


def test_hiding_asks_then_hides(work, staff, reader, client_for):
    """Hide asks on its own page; then readers get 404 and the creator sees it marked."""
    client_for(staff).post(f"/staff/works/{work.pk}/hide/")
    assert Work.objects.get(pk=work.pk).hidden_by_staff
    assert client_for(reader).get(work.get_absolute_url()).status_code == 404
    client_for(staff).post(f"/staff/works/{work.pk}/hide/")
    assert not Work.objects.get(pk=work.pk).hidden_by_staff


def test_abuse_reports_link_to_the_action_they_call_for(work, staff, reader, client_for):
    """A report on a comment links to deleting it; one on a work to hiding it; both resolve."""
    client_for(reader).post(f"/works/{work.pk}/comments/", {"body": "spam spam"})
    comment = work.comments.get()
    do_abuse_report(
        reporter=reader, url=f"/works/{work.pk}/#comment-{comment.pk}", reason="Spam", email=""
    )
    page = client_for(staff).get("/staff/reports/").content.decode()
    assert f"/comments/{comment.pk}/delete/?next=/staff/reports/" in page
    assert f"/staff/works/{work.pk}/hide/" in page
    report = AbuseReport.objects.get()
    client_for(staff).post("/staff/reports/", {"report": report.pk})
    assert AbuseReport.objects.get().resolved


@pytest.fixture
def tags():
    work_make(title="One", freeform=("Harbor Fog",), relationships=("A/B",))
    work_make(title="Two", freeform=("harbour fog", "Sea Fog"))
    return {t.name: t for t in Tag.objects.filter(type="freeform")}


def wrangle(client, tags, action, names, **extra):
    data = {"tags": [tags[n].pk for n in names], "action": action, **extra}
    return client.post("/staff/tags/?type=freeform", data)


def test_wrangling_lists_unwrangled_tags_first_with_their_works(staff, client_for, tags):
    """Unwrangled tags lead, each with how many works use it and which."""
    page = client_for(staff).get("/staff/tags/?status=all").content.decode()
    assert page.index("harbour fog") < page.index("Sherlock Holmes - Arthur Conan Doyle")
    assert '<a href="/works/' in page
    assert ">One</a>" in page


def test_wrangling_synonyms_merge_canonical_and_fandoms(staff, client_for, tags):
    """Two tags become synonyms of a third; a merge moves works; tags join a fandom."""
    client = client_for(staff)
    wrangle(client, tags, "synonyms", ["Harbor Fog", "harbour fog"], target="Sea Fog")
    sea = Tag.objects.get(name="Sea Fog")
    assert sea.canonical
    assert set(sea.synonyms.values_list("name", flat=True)) == {
        "Harbor Fog",
        "harbour fog",
    }
    wrangle(client, tags, "canonical", ["Harbor Fog"])
    assert Tag.objects.get(name="Harbor Fog").canonical
    wrangle(client, tags, "merge", ["Harbor Fog"], target="Sea Fog")
    assert not Tag.objects.filter(name="Harbor Fog").exists()
    assert Work.objects.get(title="One").tags.filter(name="Sea Fog").exists()
    wrangle(client, tags, "fandom", ["Sea Fog"], target="Sherlock Holmes - Arthur Conan Doyle")
    assert sea.fandoms.filter(name="Sherlock Holmes - Arthur Conan Doyle").exists()
    response = wrangle(client, tags, "synonyms", ["Sea Fog"], target="No Such Tag")
    assert response.status_code == 200
    assert "Name an existing tag." in response.content.decode()


def test_wrangling_refuses_mixed_types_and_fixed_tags(staff, client_for, tags):
    """Synonyms of another type, and ratings, are refused with a message, nothing changed."""
    response = wrangle(client_for(staff), tags, "synonyms", ["Sea Fog"], target="A/B")
    assert "must be Relationship tags too" in response.content.decode()
    assert Tag.objects.get(name="Sea Fog").synonym_of is None
