"""The works listing as a page: blurb cards, include/exclude facets, language by name, the sort
a reader expects, pages with ellipses, out-of-range pages, helpful empty states, and synonyms
typed into the search box."""

import re

import pytest
from tests.factories import indexed, tag
from tests.factories import work_row as work

pytestmark = pytest.mark.django_db


def html(client, params) -> str:
    response = client.get("/works/", params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def archive():
    buffy = tag("Buffy the Vampire Slayer", "fandom")
    ship = tag("Willow Rosenberg/Spike", "relationship")
    tag("W/S", "relationship", synonym_of=ship)
    angst = tag("Angst")
    return indexed(
        work("Pale Hands", tags=(buffy, ship, angst), summary="A cold spring.", kudos=3),
        work("Sunnydale Noon", tags=(buffy, ship), language="de"),
        work("Library Hours", tags=(buffy, angst)),
    )


def test_blurbs_are_the_one_card(client, archive):
    """Each result is the same blurb card as everywhere: badges, tags, summary, stats."""
    page = html(client, {})
    assert page.count('<article class="blurb"') == 3
    card = page[page.index("Pale Hands") :]
    for text in ("Willow Rosenberg/Spike", "A cold spring.", "<dt>Words</dt>", "<dt>Hits</dt>"):
        assert text in card
    assert '<dt>Language</dt><dd lang="de">German</dd>' in page


def test_sort_is_date_updated_without_words_and_best_match_with(client, archive):
    """No query: sorted by date updated (best match is not offered); a query: best match."""
    page = html(client, {})
    assert '<option value="updated" selected>Date updated</option>' in page
    assert 'value="best"' not in page
    assert "sorted by date updated" in page
    page = html(client, {"q": "spring"})
    assert '<option value="best" selected>Best match</option>' in page


def test_language_menu_by_name(client, archive):
    """The language filter is a menu of names of the languages works are in."""
    page = html(client, {})
    menu = page[
        page.index('id="f-language"') : page.index("</select>", page.index('id="f-language"'))
    ]
    assert '<option value="de">German</option>' in menu
    assert '<option value="en">English</option>' in menu
    assert "German" in html(client, {"language": "de"})
    assert "1 – 1 of 1 work" in html(client, {"language": "de"})


def test_include_and_exclude_facets_keep_what_was_chosen(client, archive):
    """A chosen include stays ticked, an exclusion shows as its own ticked box and as a chip."""
    page = html(client, {"tag": "Angst", "exclude_tag": "W/S"})
    assert "1 – 1 of 1 work" in page
    assert "Library Hours" in page
    assert re.search(r'name="tag" value="Angst" checked>', page)
    assert re.search(r'name="exclude_tag" value="W/S" checked>', page)
    assert '<span class="chip-not">not</span> W/S' in page


def test_a_synonym_typed_into_the_search_box_finds_the_canonical_tags_works(client, archive):
    """Typing the legacy shorthand "W/S" lists Willow Rosenberg/Spike's works, and says so."""
    page = html(client, {"q": "W/S"})
    assert "Showing works tagged" in page
    assert "Willow Rosenberg/Spike" in page
    assert "1 – 2 of 2 works" in page
    assert "Library Hours" not in page
    words = html(client, {"q": "W/S", "words": "1"})
    assert "Showing works tagged" not in words


def test_empty_results_say_what_was_searched_and_what_to_drop(client, archive):
    """No match: the words and filters are named, with the filter to drop and what it finds."""
    page = html(client, {"q": "spring", "tag": "Angst", "exclude_tag": "Angst"})
    assert "No works found" in page
    assert "for “spring”" in page
    assert "Drop one of these to find works" in page
    assert re.search(r"Without “not Angst”</a>: 1 work", page)


def test_pages_never_say_more_than_there_are(client):
    """Page links with ellipses; a page past the end says so and links to the last one."""
    indexed(*[work(f"Story {n:03}") for n in range(205)])
    page = html(client, {"page": 6})
    assert "101 – 120 of 205 works" in page
    links = re.findall(r'aria-label="Page (\d+)"|<span aria-current="page">(\d+)</span>|(…)', page)
    shown = [a or b or c for a, b, c in links]
    assert shown == ["1", "…", "4", "5", "6", "7", "8", "…", "11"]
    beyond = html(client, {"page": 40})
    assert "There is no page 40" in beyond
    assert "of 205" not in beyond
    assert 'href="/works/?page=11"' in beyond
    assert "0 – 20" not in beyond


def test_facet_rows_escape_names_and_mark_the_chosen():
    """The sidebar's checkbox rows: names escaped, counts grouped, chosen boxes checked."""
    from ficarchive.search.listing import FacetEntry, FacetGroup

    group = FacetGroup(
        type="fandom",
        heading="Fandoms",
        entries=[
            FacetEntry('Tom & "Jerry" <3', 12345, included=True, excluded=False, field="fandom"),
            FacetEntry("Quiet Harbour", 7, included=False, excluded=True, field="fandom"),
        ],
    )
    include = str(group.include_rows)
    assert (
        '<li><input type="checkbox" id="inc-fandom-1" name="fandom" '
        'value="Tom &amp; &quot;Jerry&quot; &lt;3" checked> <label for="inc-fandom-1">'
        'Tom &amp; &quot;Jerry&quot; &lt;3 <span class="facet-count">(12,345)</span></label></li>'
    ) in include
    assert 'id="inc-fandom-2" name="fandom" value="Quiet Harbour">' in include
    exclude = str(group.exclude_rows)
    assert (
        'id="exc-fandom-1" name="exclude_tag" value="Tom &amp; &quot;Jerry&quot; &lt;3">' in exclude
    )
    assert 'id="exc-fandom-2" name="exclude_tag" value="Quiet Harbour" checked>' in exclude
