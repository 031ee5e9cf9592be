"""The work page for its owner (tools, Post a draft), and series navigation after the text."""

import pytest
from tests.factories import work_make

pytestmark = pytest.mark.django_db


def test_owners_find_their_tools_on_the_work_page(make_work, author, reader, client_for):
    """Edit, Add chapter, Chapters, Comments and Delete for the creator; none for others."""
    work = make_work(author, title="Mine")
    page = client_for(author).get(work.get_absolute_url()).content.decode()
    tools = page[
        page.index('aria-label="Your work"') : page.index(
            "</nav>", page.index('aria-label="Your work"')
        )
    ]
    for href in (
        f"/works/{work.pk}/edit/",
        f"/works/{work.pk}/chapters/new/",
        f"/works/{work.pk}/chapters/",
        f"/works/{work.pk}/comments/moderate/",
        f"/works/{work.pk}/delete/",
    ):
        assert f'href="{href}"' in tools, href
    assert (
        'aria-label="Your work"'
        not in client_for(reader).get(work.get_absolute_url()).content.decode()
    )


def test_series_navigation_follows_the_text(client):
    """After the story: the previous and next work of its series, by title."""
    work_make(title="First Fog", series=("Fog Cycle", 1))
    middle = work_make(title="Second Fog", series=("Fog Cycle", 2))
    work_make(title="Third Fog", series=("Fog Cycle", 3))
    page = client.get(middle.get_absolute_url()).content.decode()
    after_text = page[page.index('class="work-text"') :]
    nav = after_text[after_text.index('class="series-nav"') :]
    nav = nav[: nav.index("</nav>")]
    assert 'rel="prev"' in nav
    assert "First Fog" in nav
    assert 'rel="next"' in nav
    assert "Third Fog" in nav
    assert "Part 2 of Fog Cycle" in nav
