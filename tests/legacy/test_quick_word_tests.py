"""The quick word tests before costly regexes must never hide a match: one phrase per
alternative of each regex, in odd case, is still found."""

from __future__ import annotations

import pytest

from ficarchive.legacy.normalize.prose import is_disclaimer
from ficarchive.legacy.trailer import _closing_kind

DISCLAIMERS = [
    "The Wanderers are the PROPERTY OF Hollow Hill Media.",
    "Kettle Street Belongs To its makers, not me.",
    "Nothing here belonging to me, sadly.",
    "Pellworth Studios OWNS THE lot of them.",
    "Lantern Cove is a Trademark of someone richer.",
    "No INFRINGEMENT intended.",
    "Based Upon the characters of Mira Colt.",
    "The Characters And Situations Were Created by Ada Fenn.",
    "Used Without Permission, returned unharmed.",
    "Standard DISCLAIMERS apply.",
    "This story Uses Characters From an old radio serial.",
    "All names are Copyrighted By their owners.",
]
CLOSINGS = [
    "I HOPE YOU ENJOYED this little detour.",
    "Thank You For reading, all of you.",
    "THANKS!",
    "Thanks, and see you next spring.",
    "E-Mail Me if you want the sequel.",
    "FEEDBACK makes the kettle sing.",
    "Comments Are what keep me writing.",
    "Let Me Know what you thought of the ending.",
    "Dedicated To my sister, who lent me the lantern.",
    "And That's The End of the Wanderers for now.",
    "Story (C) 1996 Mira Colt.",
    "ALL RIGHTS RESERVED by the writer.",
    "Visit www.example.org for the rest.",
    "More at https://example.org/kettle.",
]


@pytest.mark.parametrize("text", DISCLAIMERS)
def test_each_disclaimer_phrase_passes_the_word_test(text: str) -> None:
    assert is_disclaimer(text)


@pytest.mark.parametrize("text", CLOSINGS)
def test_each_closing_phrase_passes_the_word_test(text: str) -> None:
    assert _closing_kind([text]) == "strong"


def test_prose_without_those_words_is_neither() -> None:
    text = (
        "Mira turned the lantern down and listened to the rain on the roof of the shed, "
        "counting the drops until the kettle began to sing again over the small blue flame."
    )
    assert not is_disclaimer(text)
    assert _closing_kind([text]) is None
