"""Normalization rules one by one: ratings, title lines, series, permissions, feedback, songs."""

from __future__ import annotations

import pytest

from ficarchive.legacy.normalize.permissions import read_distribution, read_feedback
from ficarchive.legacy.normalize.rating import normalize_rating, original_rating
from ficarchive.legacy.normalize.songs import read_songs
from ficarchive.legacy.normalize.titleline import (
    read_series_value,
    read_title_line,
    series_in_prose,
)
from ficarchive.legacy.normalize.warnings import is_prose_warning


@pytest.mark.parametrize(
    ("written", "ao3"),
    [
        ("G", "General Audiences"),
        ("K", "General Audiences"),
        ("All Ages", "General Audiences"),
        ("PG", "General Audiences"),
        ("PG-13", "Teen And Up Audiences"),
        ("Pg-13", "Teen And Up Audiences"),
        ("K+", "Teen And Up Audiences"),
        ("T", "Teen And Up Audiences"),
        ("FRT", "Teen And Up Audiences"),
        ("R", "Mature"),
        ("M", "Mature"),
        ("Mature", "Mature"),
        ("15", "Mature"),
        ("FRM", "Mature"),
        ("NC-17", "Explicit"),
        ("X", "Explicit"),
        ("MA", "Explicit"),
        ("FRAO", "Explicit"),
        ("18+", "Explicit"),
        ("Adult", "Explicit"),
        ("NC-21", "Explicit"),
        ("", "Not Rated"),
        ("R for language", "Mature"),
        ("Rated PG-13", "Teen And Up Audiences"),
        ("Young Adult", "Teen And Up Audiences"),
        ("Adult Only", "Explicit"),
    ],
)
def test_ratings_map_onto_ao3(written: str, ao3: str) -> None:
    """Every common legacy rating scale lands on the right AO3 rating."""
    assert normalize_rating(written) == ao3


def test_rating_original_drops_explanations() -> None:
    """The rating as written keeps the rating and drops the reason given for it."""
    assert original_rating("R for language") == "R"
    assert original_rating("Pg-13") == "Pg-13"


@pytest.mark.parametrize(
    ("line", "title", "chapter", "series"),
    [
        ("She Walks 1/1; Part one of the Needed Series.", "She Walks", (1, 1), ("Needed", 1)),
        ("Salt Roads (2/5)", "Salt Roads", (2, 5), None),
        ("Salt Roads, Chapter Three of Five", "Salt Roads", (3, 5), None),
        ("Quiet Harbour [1/1]", "Quiet Harbour", (1, 1), None),
        ("The Third Bell [Bellringer Series, part 3]", "The Third Bell", None, ("Bellringer", 3)),
        ("Low Tide (1/1); Fourth of the Estuary series", "Low Tide", (1, 1), ("Estuary", 4)),
        ("Owned 4: A Day at the Office", "Owned 4: A Day at the Office", None, None),
        ("Professor G's Uncanny Scoobies #1", "Professor G's Uncanny Scoobies #1", None, None),
        ("Old Harbours, part 1.", "Old Harbours", (1, None), None),
        ("The Drowned Bell (2 of 5 parts)", "The Drowned Bell", (2, 5), None),
        ("Night Watch pt. 1", "Night Watch", (1, None), None),
        ("Hidden Part Two", "Hidden Part Two", None, None),
        ("Ember Road Part One of Three", "Ember Road", (1, 3), None),
        ("Ember Road, Part 2 of Nightfall", "Ember Road", None, ("Nightfall", 2)),
        ("LANTERN HILL, Part 2/5", "LANTERN HILL", (2, 5), None),
        ("Lantern Hill (Part 3/4)", "Lantern Hill", (3, 4), None),
    ],
)
def test_title_lines(line, title, chapter, series) -> None:
    """A title line gives up its chapter numbering and series, written in digits or words."""
    read = read_title_line(line)
    got_chapter = (read.chapter.number, read.chapter.total) if read.chapter else None
    got_series = (read.series.title, read.series.part) if read.series else None
    assert (read.title, got_chapter, got_series) == (title, chapter, series)


@pytest.mark.parametrize(
    ("value", "title", "part"),
    [
        ("Blackmail, part 1", "Blackmail", 1),
        ("The Attic (part 1)", "The Attic", 1),
        ("Estuary (part two)", "Estuary", 2),
        ("Blackmail", "Blackmail", None),
    ],
)
def test_series_values(value: str, title: str, part: int | None) -> None:
    """A Series field's name and part are read apart."""
    series = read_series_value(value)
    assert (series.title, series.part) == (title, part)


@pytest.mark.parametrize(
    ("text", "permission", "archives"),
    [
        (
            "Red's Soulmates, my site Fatal Mistakes (; anyone want, just ask.",
            "ask",
            ["Red's Soulmates", "Fatal Mistakes"],
        ),
        (
            "Sunnydale After Dark and Twisting the Hellmouth; anywhere else is fine too, just tell me.",
            "yes",
            ["Sunnydale After Dark", "Twisting the Hellmouth"],
        ),
        ("Not at this time, sorry.", "no", []),
        ("Please do not archive this story anywhere.", "no", []),
        ("Take it, just let me know where.", "yes", []),
        ("Ask first, please.", "ask", []),
    ],
)
def test_distribution(text: str, permission: str, archives: list[str]) -> None:
    """Archives named and the permission given are read from a distribution line."""
    distribution = read_distribution(text)
    assert distribution.permission == permission
    assert distribution.archives == archives


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("Yes, please.", True),
        ("Concrit welcome.", True),
        ("always welcome at me@example.com", True),
        ("I'd rather not, thanks.", False),
        ("No thanks.", False),
        ("Maybe.", None),
    ],
)
def test_feedback(text: str, wanted: bool | None) -> None:
    """Whether feedback is wanted is read from the feedback line."""
    assert read_feedback(text).wanted is wanted


def test_song_credits_from_notes() -> None:
    """Artist, title and album are read from the ways notes credit a song."""
    songs = read_songs(['The lyrics belong to Sarah Quill ("Lantern", from the album Harbour).'])
    assert (songs[0].artist, songs[0].title, songs[0].album) == (
        "Sarah Quill",
        "Lantern",
        "Harbour",
    )
    songs = read_songs(["The song used is by Ada Marsh and can be found on her album “Low Light”."])
    assert (songs[0].artist, songs[0].album) == ("Ada Marsh", "Low Light")


@pytest.mark.parametrize(
    ("text", "prose"),
    [
        ("this story has swearing in it. If that is not your thing, read something else.", True),
        ("This story contains the death of a minor character and some violence.", True),
        ("violence, language, character death, angst, more angst, and a cliffhanger", False),
        ("Character death.", False),
    ],
)
def test_prose_warnings(text: str, prose: bool) -> None:
    """A warning written as sentences is told from a list of warnings."""
    assert is_prose_warning(text) is prose


@pytest.mark.parametrize(
    ("note", "series"),
    [
        ("Part three of the Glasswork series. Read the others first.", ("Glasswork", 3)),
        ('This is the second story in my "Tidewater" cycle.', ("Tidewater", 2)),
        ("Book 4 of the Long Road saga, at last.", ("Long Road", 4)),
        ("Set during the third series of the show.", None),
        ("A story in the Glasswork series.", None),
    ],
)
def test_series_named_in_a_note(note: str, series: tuple[str, int] | None) -> None:
    """A note that names a series and the story's place in it, in words, gives the series;
    a TV "series" or a series without a number does not."""
    found = series_in_prose(note)
    assert ((found.title, found.part) if found else None) == series
