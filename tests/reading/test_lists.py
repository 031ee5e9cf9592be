"""Front, series, tag and creator pages, through Django's test client."""

import pytest
from tests.factories import work_make

from ficarchive.rescue.redirects import old_hosts
from ficarchive.search.indexing import works_index
from ficarchive.works.models import Creator, Tag, Work

pytestmark = pytest.mark.django_db


def _html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def _all_indexed() -> None:
    """The front page reads the search index; these tests never commit, so index by hand."""
    works_index(Work.objects.values_list("pk", flat=True))


def test_front_page_shows_blurbs_of_visible_works(client):
    """The front page lists posted works as blurbs and leaves out drafts, hidden and restricted."""
    work_make(title="Visible Story", summary="A quiet walk in the park.")
    work_make(title="Draft Story", draft=True)
    work_make(title="Hidden Story", hidden=True)
    work_make(title="Restricted Story", restricted=True)
    _all_indexed()
    html = _html(client, "/")
    assert "Visible Story" in html
    assert "A quiet walk in the park." in html
    assert "Mrs Hudson" in html
    assert "Sherlock Holmes - Arthur Conan Doyle" in html
    assert "General Audiences" in html
    assert "No warnings apply" in html
    assert "Complete" in html
    assert "<dt>Chapters</dt><dd>1/1</dd>" in html
    for absent in ("Draft Story", "Hidden Story", "Restricted Story"):
        assert absent not in html


def test_front_page_shows_restricted_works_to_members(client, django_user_model):
    """A logged-in reader sees restricted works on the front page."""
    work_make(title="Restricted Story", restricted=True)
    _all_indexed()
    client.force_login(django_user_model.objects.create_user("reader", password="pw-reader-1"))
    assert "Restricted Story" in _html(client, "/")


def test_front_page_leads_somewhere(client):
    """The newest works first, popular fandoms with counts, recently updated series, the
    OPDS catalog; the rest of the works are one link away, twenty a page."""
    for n in range(23):
        work_make(
            title=f"Story number {n:02d}", series=("Fogbound Tales", n + 1) if n > 20 else None
        )
    _all_indexed()
    first = _html(client, "/")
    assert first.index("Story number 22") < first.index("Story number 21")
    assert "Story number 02" not in first
    assert "All 23 works, newest first" in first
    assert 'href="/tags/Sherlock%20Holmes%20-%20Arthur%20Conan%20Doyle/works/"' in first
    assert '<span class="count">23</span>' in first
    assert "Fogbound Tales" in first
    assert 'href="/opds/"' in first
    listing = _html(client, "/works/?page=2")
    assert "Story number 02" in listing
    assert "21 – 23 of 23 works" in listing


def test_series_page_lists_visible_parts_in_order(client):
    """The series page shows its parts in order, without hidden ones."""
    work_make(title="Second Part", series=("Fogbound Tales", 2))
    work_make(title="First Part", series=("Fogbound Tales", 1))
    work_make(title="Secret Part", series=("Fogbound Tales", 3), draft=True)
    series = Creator.objects.get(name="Mrs Hudson").series.get()
    html = _html(client, series.get_absolute_url())
    assert "<h1>Fogbound Tales</h1>" in html
    assert html.index("First Part") < html.index("Second Part")
    assert "Secret Part" not in html
    assert "Part 1:" in html
    assert "Part 2:" in html


def test_series_with_only_hidden_parts_is_not_found(client):
    """A series none of whose works the reader may see is 404."""
    work_make(title="Secret Part", series=("Hidden Tales", 1), hidden=True)
    series = Creator.objects.get(name="Mrs Hudson").series.get()
    _html(client, series.get_absolute_url(), status=404)


def test_tag_page_includes_synonyms(client):
    """A canonical tag lists works tagged with its synonyms; a synonym's page says so."""
    work_make(title="Canonical Tagged", relationships=("Sherlock Holmes/John Watson",))
    work_make(
        title="Synonym Tagged",
        relationships=("Sherlock Holmes/John Watson",),
        relationships_original=("Holmes/Watson",),
    )
    work_make(title="Other Work", relationships=("Irene Adler/Sherlock Holmes",))
    synonym = Tag.objects.get(name="Holmes/Watson")
    assert synonym.synonym_of.name == "Sherlock Holmes/John Watson"
    canonical_html = _html(client, synonym.synonym_of.get_absolute_url())
    assert "Canonical Tagged" in canonical_html
    assert "Synonym Tagged" in canonical_html
    assert "Other Work" not in canonical_html
    synonym_html = _html(client, synonym.get_absolute_url())
    assert "is a synonym of" in synonym_html
    assert "Canonical Tagged" in synonym_html
    assert "Synonym Tagged" in synonym_html


def test_tag_page_works_with_ao3_slash_spelling_and_hides_drafts(client):
    """`*s*` stands for a slash in tag URLs; drafts never show on tag pages."""
    work_make(title="Posted", relationships=("Irene Adler/Sherlock Holmes",))
    work_make(title="Drafted", relationships=("Irene Adler/Sherlock Holmes",), draft=True)
    html = _html(client, "/tags/Irene Adler*s*Sherlock Holmes/")
    assert "Posted" in html
    assert "Drafted" not in html
    assert "1 work." in html


def test_tag_page_paginates(client):
    """A tag with more works than a page shows a next-page link."""
    for n in range(21):
        work_make(title=f"Tagged {n:02d}", freeform=("Rain",))
    html = _html(client, "/tags/Rain/")
    assert "21 works." in html
    assert 'rel="next" href="?page=2"' in html
    assert "Tagged 00" in _html(client, "/tags/Rain/?page=2")


def test_unknown_tag_is_not_found(client):
    """A tag that does not exist is 404."""
    _html(client, "/tags/No Such Tag/", status=404)


def test_creator_page_marks_imported_creators(client):
    """An imported creator without an account is shown as such, with their visible works."""
    work_make(title="Her Story", authors=("Mrs Hudson",))
    work_make(title="Her Draft", authors=("Mrs Hudson",), draft=True)
    html = _html(client, "/users/Mrs Hudson/")
    assert "brought in from an older archive" in html
    assert "Her Story" in html
    assert "Her Draft" not in html
    _html(client, "/users/Nobody At All/", status=404)


def test_creator_with_account_is_not_marked_imported(client, django_user_model):
    """A creator linked to an account has no imported-creator note."""
    work_make(title="Her Story", authors=("Irene",))
    Creator.objects.filter(name="Irene").update(
        user=django_user_model.objects.create_user("irene", password="pw-irene-1")
    )
    html = _html(client, "/users/Irene/")
    assert "Imported creator" not in html
    assert "Her Story" in html


def test_layout_has_skip_link_search_and_login(client):
    """Every page has a skip link to main, a search box for /works/ and log-in links."""
    html = _html(client, "/")
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert 'action="/works/"' in html
    assert 'name="q"' in html
    assert "Log in" in html
    assert "Sign up" in html


def test_layout_offers_logout_form_to_members(client, django_user_model):
    """A logged-in reader gets a log-out form (POST, with a CSRF token) and their name."""
    client.force_login(django_user_model.objects.create_user("reader", password="pw-reader-1"))
    html = _html(client, "/")
    assert 'method="post"' in html
    assert "csrfmiddlewaretoken" in html
    assert "Log out" in html
    assert "reader" in html


def test_member_nav_links_to_their_works(client, django_user_model):
    """A logged-in creator's header links to their own creator page."""
    user = django_user_model.objects.create_user("irene", password="pw-irene-1")
    work_make(title="Her Story", authors=("Irene Adler",))
    Creator.objects.filter(name="Irene Adler").update(user=user)
    client.force_login(user)
    html = _html(client, "/")
    assert '<a href="/users/Irene%20Adler/">My works</a>' in html


def test_front_page_queries_do_not_grow_with_works(client):
    """The front page costs the same handful of queries with 4 works as with 24."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        _all_indexed()
        # The rescued sites' hosts are read once per process and kept half a minute: whether
        # an earlier test read them is no cost of this page.
        old_hosts.get()
        with CaptureQueriesContext(connection) as captured:
            html = _html(client, "/")
        assert html.count('class="blurb"') == min(Work.objects.count(), 8)
        return len(captured)

    for n in range(4):
        work_make(title=f"Story {n}", series=("Fogbound Tales", n + 1))
    few = queries()
    for n in range(4, 24):
        work_make(title=f"Story {n}", series=("Fogbound Tales", n + 1))
    assert queries() == few
