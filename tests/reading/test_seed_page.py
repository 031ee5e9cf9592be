"""The seed story, imported, shows every field its header gives on its work page."""

import re
from html import unescape

import pytest

from ficarchive.legacy import parse_file
from ficarchive.works.services import work_create_from_parsed

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_html(client, seed_path) -> str:
    # The seed asks to be asked first: the archive records her permission, or it would be held.
    work = work_create_from_parsed(
        parsed=parse_file(seed_path),
        source_name=seed_path.name,
        permission_granted="by e-mail to the archive",
    )
    response = client.get(work.get_absolute_url())
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_seed_metadata(seed_html):
    """Title, author, rating, fandom, pairing and series position show in the page's metadata."""
    assert re.search(r"<h1[^>]*>She Doesn’t Need Saving</h1>", seed_html)
    assert re.search(r'rel="author"[^>]*>Jami</a>', seed_html)
    for text in ("Teen And Up Audiences", "Buffy the Vampire Slayer", "Willow Rosenberg/Spike"):
        assert text in seed_html, text
    assert re.search(r"Part 1 of the <a [^>]*>Needed</a> series", seed_html)


def test_seed_preface(seed_html):
    """Summary, notes, disclaimer, spoilers, distribution and feedback wishes show."""
    assert "Willow feels lost and finds comfort from an unexpected source." in seed_html
    assert "The song used is by Beverly Craven" in seed_html
    assert "I don’t own anything, not even Spike" in seed_html
    assert re.search(r'<details class="spoiler-warning">.*Season 6', seed_html, re.S)
    assert "Ask the author before archiving it elsewhere." in seed_html
    assert '<span class="archive-name">Red’s Soulmates</span>' in seed_html
    assert '<span class="archive-name">Fatal Mistakes</span>' in seed_html
    assert "The author would like feedback." in seed_html


def test_seed_lyrics_are_verse(seed_html):
    """The song's lines are inside verse blocks, one line per line."""
    verses = re.findall(r'<div class="verse">(.*?)</div>', seed_html, re.S)
    lines = [line.strip() for v in verses for line in re.split(r"<br>", v)]
    assert "It's easier here on the outside" in lines
    assert "She doesn't need saving" in lines
    assert "Willow watched the small group" not in " ".join(lines)
