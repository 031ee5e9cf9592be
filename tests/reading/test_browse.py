"""Browse indexes: /fandoms/ by media and A–Z, /tags/ by type, /users/ A–Z (imported authors
included), /series/; every count is of the works the reader may see."""

import pytest
from tests.factories import work_make

from ficarchive.search.indexing import works_index
from ficarchive.works.models import Creator, Tag, Work

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    work_make(
        title="Fog One", fandoms=("Sherlock Holmes - Arthur Conan Doyle",), series=("Fog Cycle", 1)
    )
    work_make(
        title="Fog Two", fandoms=("Sherlock Holmes - Arthur Conan Doyle",), series=("Fog Cycle", 2)
    )
    work_make(title="Hidden Fog", fandoms=("Sherlock Holmes - Arthur Conan Doyle",), hidden=True)
    work_make(
        title="Pemberley", fandoms=("Pride and Prejudice - Jane Austen",), authors=("Ada Quill",)
    )
    work_make(title="Homemade", fandoms=("A Fandom Nobody Knew",), authors=("Zed",))
    works_index(Work.objects.values_list("pk", flat=True))


def html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_fandoms_by_media_with_visible_counts(client, archive):
    """Fandoms sit under their media; counts leave out what the reader may not see."""
    page = html(client, "/fandoms/")
    books = page[
        page.index('id="media-books"') : page.index("</section>", page.index('id="media-books"'))
    ]
    assert "Pride and Prejudice - Jane Austen" in books
    assert "Sherlock Holmes - Arthur Conan Doyle" in books
    assert '>Sherlock Holmes - Arthur Conan Doyle</a> <span class="count">2</span>' in books
    assert 'id="media-uncategorized"' in page
    assert "A Fandom Nobody Knew" in page
    only_p = html(client, "/fandoms/?letter=P")
    assert "Pride and Prejudice" in only_p
    assert "Sherlock Holmes" not in only_p


def test_fandoms_show_each_media_groups_most_used_and_list_the_rest(client, archive, monkeypatch):
    """Past FANDOMS_PER_MEDIA a media group shows its most used fandoms and links to all of
    them A–Z, a page at a time."""
    from ficarchive.reading import browse

    monkeypatch.setattr(browse, "FANDOMS_PER_MEDIA", 1)
    page = html(client, "/fandoms/")
    books = page[page.index('id="media-books"') :]
    books = books[: books.index("</section>")]
    assert "Sherlock Holmes - Arthur Conan Doyle" in books  # 2 works
    assert "Pride and Prejudice" not in books  # 1 work
    assert 'href="?media=books">All 2 in Books &amp; Literature, A–Z' in books
    listed = html(client, "/fandoms/?media=books")
    assert listed.index("Pride and Prejudice") < listed.index("Sherlock Holmes")
    assert "A Fandom Nobody Knew" not in listed
    monkeypatch.setattr(browse, "PER_PAGE", 1)
    second = html(client, "/fandoms/?media=books&page=2")
    assert "Sherlock Holmes - Arthur Conan Doyle" in second
    assert "Pride and Prejudice" not in second
    assert 'href="?media=books&amp;letter=S"' in second


def test_staff_choose_a_fandoms_media(client, archive):
    """A fandom's own media (set by staff) wins over the knowledge base's."""
    Tag.objects.filter(name="A Fandom Nobody Knew").update(media="games")
    page = html(client, "/fandoms/")
    games = page[page.index('id="media-games"') :]
    assert "A Fandom Nobody Knew" in games[: games.index("</section>")]


def test_tags_by_type_and_a_to_z(client, archive):
    """/tags/ shows each type's most used tags with counts; ?type= lists one type A–Z."""
    page = html(client, "/tags/")
    for heading in ("Ratings", "Fandoms", "Relationships", "Characters", "Additional tags"):
        assert f">{heading}</h2>" in page
    assert '>Fog</a> <span class="count">4</span>' in page
    characters = html(client, "/tags/?type=character&letter=J")
    assert "John Watson" in characters
    assert "Sherlock Holmes (Character)" not in characters


def test_authors_a_to_z_with_imported_authors(client, archive):
    """Every author, members and imported ones (marked), with the works the reader may see."""
    page = html(client, "/users/")
    assert "Ada Quill" in page
    assert "Mrs Hudson" in page
    assert "Zed" in page
    assert "(imported)" in page
    assert (
        '>Mrs Hudson</a> <span class="note">(imported)</span> <span class="count">2 works</span>'
        in page
    )
    assert "Zed" not in html(client, "/users/?letter=A")


def test_series_index_newest_first_without_hidden_parts(client, archive):
    """/series/ lists series with a visible part, with how many parts the reader may see."""
    page = html(client, "/series/")
    assert "Fog Cycle" in page
    assert "<dt>Works</dt><dd>2</dd>" in page
    Work.objects.filter(title__startswith="Fog").update(hidden_by_staff=True)
    works_index(Work.objects.values_list("pk", flat=True))
    assert "Fog Cycle" not in html(client, "/series/")


def test_series_page_links_its_epub(client, archive):
    """The series page offers the whole series as one EPUB."""
    series = Creator.objects.get(name="Mrs Hudson").series.get()
    page = html(client, series.get_absolute_url())
    assert f'href="/downloads/series/{series.pk}.epub"' in page


def test_series_index_puts_the_latest_visible_update_first(client, archive):
    """/series/ orders series by their newest visible work; a hidden newer part does not count."""
    work_make(title="Tide One", fandoms=("Sherlock Holmes",), series=("Tide Cycle", 1))
    works_index(Work.objects.values_list("pk", flat=True))
    page = html(client, "/series/")
    assert page.index("Tide Cycle") < page.index("Fog Cycle")
    Work.objects.filter(title="Fog Two").update(updated_at="2099-01-01T00:00:00Z")
    works_index(Work.objects.values_list("pk", flat=True))
    page = html(client, "/series/")
    assert page.index("Fog Cycle") < page.index("Tide Cycle")
    Work.objects.filter(title__startswith="Fog").update(hidden_by_staff=True)
    work_make(title="Fog Three", fandoms=("Sherlock Holmes",), series=("Fog Cycle", 3))
    Work.objects.filter(title="Fog Three").update(updated_at="2000-01-01T00:00:00Z")
    works_index(Work.objects.values_list("pk", flat=True))
    page = html(client, "/series/")
    assert page.index("Tide Cycle") < page.index("Fog Cycle")
    assert "<dt>Works</dt><dd>1</dd>" in page
