"""What a sentence of prose around a story says: feedback wishes, archiving permission, rating.

Several phrasings per rule, in a few languages: the rules read how people wrote, not one file.
"""

from __future__ import annotations

import pytest

from ficarchive.legacy.normalize.permissions import archives_named
from ficarchive.legacy.normalize.prose import prose_feedback, prose_permission, prose_rating


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("Any thoughts at all would make my month.", True),
        ("Constructive criticism is always appreciated.", True),
        ("Reviews feed the muse!", True),
        ("Feedback keeps me going.", True),
        ("Thoughts and cocoa to wren.okafor@example.org", True),
        ("Cualquier opinión será muy bien recibida.", True),
        ("Kommentare sind willkommen.", True),
        ("Les commentaires sont les bienvenus.", True),
        ("Отзывы приветствуются.", True),
        ("Please don't send me feedback.", False),
        ("Her comments made him angry.", None),
        ("The review board met on Tuesday.", None),
    ],
)
def test_prose_feedback(text: str, wanted: bool | None) -> None:
    """A sentence naming feedback with a welcome or an address wants it; a refusal does not."""
    assert prose_feedback(text) is wanted


@pytest.mark.parametrize(
    ("text", "permission"),
    [
        ("Feel free to print it out and share it.", "yes"),
        ("You may pass it along to anyone, so long as my name goes with it.", "yes"),
        ("You're welcome to archive this wherever you like.", "yes"),
        ("Distribution is fine as long as nothing is changed.", "yes"),
        ("Archive it if you like, just tell me where.", "yes"),
        ("Permission is given to archive this anywhere.", "yes"),
        ("I don't mind if it gets archived.", "yes"),
        ("Se puede publicar en cualquier sitio.", "yes"),
        ("Not to be reposted anywhere without my okay.", "ask"),
        ("Please don't put this up on any site unless you've checked with me.", "ask"),
        ("Archived at The Vault; ask before posting it anywhere else.", "ask"),
        ("Archiving: Hearthfire, sure.  Everybody else, drop me a line first.", "ask"),
        ("Ask first if you'd like to host this.", "ask"),
        ("This may not be copied or distributed.", "no"),
        ("I'd rather it wasn't archived anywhere.", "no"),
        ("Please keep this off other archives.", "no"),
        ("No copyright infringement is intended.", None),
        ("Thanks to the archivist for her patience.", None),
    ],
)
def test_prose_permission(text: str, permission: str | None) -> None:
    """Only clauses about passing the story on count; the last one that decides wins."""
    assert prose_permission(text) == permission


def test_archives_named_in_prose() -> None:
    """Archives a sentence names are read; words of permission beside them are not archives."""
    text = "Archiving: Hearthfire and The Lantern Room, sure.  Everybody else, ask."
    assert archives_named(text) == ["Hearthfire", "The Lantern Room"]


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("Nothing worse than PG.", "PG"),
        ("No stronger than PG-13 here.", "PG-13"),
        ("PG at most, for one kiss.", "PG"),
        ("R, tops, for language.", "R"),
        ("This one is R for the fight.", "R"),
        ("Rated a hard R.", "hard R"),
        ("Go there at most twice.", None),
    ],
)
def test_prose_rating(text: str, token: str | None) -> None:
    """A rating stated in a sentence, as a bound ('nothing worse than') or plainly."""
    assert prose_rating(text)[0] == token
