"""Page titles and chapter headings (and the chapter a LaTeX file's comments name) in the forms real
sites and files use."""

from __future__ import annotations

import pytest

from ficarchive.legacy.sources.chapter_heading import chapter_from_file_name, read_chapter_heading
from ficarchive.legacy.sources.latex import chapter_in_comments
from ficarchive.legacy.sources.page_title import PageTitle, read_page_title, strip_prefix


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Driftwood - quillandmoth - Harbour Lights (TV) [Archive of Our Own]",
            PageTitle("Driftwood", ["quillandmoth"], ["Harbour Lights (TV)"]),
        ),
        (
            "Salt - and - Iron - Chapter 3 - wren, ash - Fandom A, Fandom B [Archive of Our Own]",
            PageTitle("Salt - and - Iron", ["wren", "ash"], ["Fandom A", "Fandom B"], 3),
        ),
        (
            "Salt and Iron Chapter 2, a Harry Potter + Harbour Lights Crossover fanfic | FanFiction",
            PageTitle("Salt and Iron", [], ["Harry Potter", "Harbour Lights"], 2),
        ),
        ("Tidewater, a Merlin fanfic | FanFiction", PageTitle("Tidewater", [], ["Merlin"])),
        (
            "The Glass Orchard by MothLantern on DeviantArt",
            PageTitle("The Glass Orchard", ["MothLantern"]),
        ),
        (
            "The Long Ferry, Chapter 4 (Fan Fiction) - Lantern Coast",
            PageTitle("The Long Ferry", chapter=4),
        ),
        ("Lanterns | Page 3 | Sufficient Velocity", PageTitle("Lanterns")),
        ("The Salt Road — LessWrong", PageTitle("The Salt Road")),
        ("Welcome to my homepage!", PageTitle()),
    ],
)
def test_read_page_title(title: str, expected: PageTitle) -> None:
    """Each site's title format gives title, authors, fandoms and chapter; others give nothing."""
    assert read_page_title(title) == expected


def test_strip_capture_prefix() -> None:
    """A capture tool's "Title - " in front of the page title comes off, and only that."""
    assert strip_prefix("Driftwood - Driftwood by X on DeviantArt", "Driftwood") == (
        "Driftwood by X on DeviantArt"
    )
    assert strip_prefix("Driftwood by X", "Driftwood") == "Driftwood by X"


@pytest.mark.parametrize(
    ("line", "number", "title"),
    [
        ("Chapter 1: Lanternfall", 1, "Lanternfall"),
        ("Chapter One - RUSTed", 1, "RUSTed"),
        ("Part One", 1, None),
        ("Kapitel 96", 96, None),
        ("Kapitel 50: Nebelfeuer.", 50, "Nebelfeuer"),
        ("Глава 3. Туман над рекой", 3, "Туман над рекой"),
        ("Chapitre 12", 12, None),
        ("CHAPTER IV", 4, None),
    ],
)
def test_chapter_headings(line: str, number: int, title: str | None) -> None:
    """Chapter headings in several languages give their number and title."""
    heading = read_chapter_heading(line)
    assert heading is not None
    assert (heading.number, heading.title) == (number, title)


@pytest.mark.parametrize(
    "line", ["Chapter 3 of 7", "1. Latin", "Particles", "The chapter ends", "Partie"]
)
def test_not_chapter_headings(line: str) -> None:
    """Counters, numbered sections and words that merely begin like one are no chapter heading."""
    assert read_chapter_heading(line) is None


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("chapters/hpmor-chapter-001.tex", 1),
        ("kapitel_50.md", 50),
        ("fac/chp1_robbed.md", 1),
        ("story-2019.txt", None),
        ("index.html", None),
    ],
)
def test_chapter_from_file_name(name: str, number: int | None) -> None:
    """Only a chapter word and a number in the file name give a chapter."""
    assert chapter_from_file_name(name) == number


@pytest.mark.parametrize(
    ("source", "number"),
    [
        ("% kapitel12.tex\n\\chapter{Rauch}\n", 12),
        ("\\chapter{Rauch}\nText.\n% Ende Kapitel 12\n", 12),
        ("% chapter-03.tex, after chapter 2\n\\chapter{Smoke}\n", None),
        ("\\chapter{Smoke}\n50\\% of the smoke\n", None),
    ],
)
def test_chapter_in_latex_comments(source: str, number: int | None) -> None:
    """A LaTeX file's comments name its chapter when they name one only; an escaped % is text."""
    assert chapter_in_comments(source) == number
