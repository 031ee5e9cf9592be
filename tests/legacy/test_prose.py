"""What a sentence of prose around a story says: feedback wishes, archiving permission, rating.

Several phrasings per rule, in a few languages: the rules read how people wrote, not one file.
"""

from __future__ import annotations

import pytest

from ficarchive.legacy.knowledge import load_knowledge
from ficarchive.legacy.normalize.cast import fandoms_from_text
from ficarchive.legacy.normalize.evidence import owned_works, story_of
from ficarchive.legacy.normalize.permissions import archives_named
from ficarchive.legacy.normalize.prose import (
    before_other_fields,
    disclaimer_part,
    is_disclaimer,
    prose_feedback,
    prose_pairings,
    prose_permission,
    prose_rating,
)


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
        ("Drop me a note if you liked it.", True),
        ("Any and all feedback gratefully received.", True),
        ("Comments? Questions? Send them to ann@example.org.", True),
        ("I live for comments.", True),
        ("Me encantaría saber qué opinan.", True),
        ("Let me know if you spot typos.", True),
        ("I always love hearing from readers.", True),
        ("Reviews are always lovely.", True),
        ("Comentários e sugestões são muito bem-vindos!", True),
        ("I'd rather not have comments on this one, thanks.", False),
        ("Feedback? Please?", True),
        ("R&R, please!", True),
        ("plz review!!! its my first fic", True),
        ("pls R&R ^_^", True),
        ("Her comments were kind. I love it.", None),
        ("Please don't send me feedback.", False),
        ("Let me know if you archive it.", None),
        ("Anyone wanting it for an archive, drop me a line first.", None),
        ("Her comments made him angry.", None),
        ("Her comments were lovely.", None),
        ("The review board met on Tuesday.", None),
    ],
)
def test_prose_feedback(text: str, wanted: bool | None) -> None:
    """A sentence naming feedback with a welcome or an address wants it; a refusal does not."""
    assert prose_feedback(text) is wanted


@pytest.mark.parametrize(
    ("text", "disclaims"),
    [
        ("The Wanderers and its crew are the creation of Ivo Sandor.", True),
        ("Inspector Vell and Sergeant Amory were created by Lydia Marsh.", True),
        ("Ardenne and its griffins are Paula Crane's.", True),
        ("Mrs. Halloway's characters are her own; I only tidied up after them.", True),
        ("I don't own any of them, sadly.", True),
        ("Not mine, never were, never will be.", True),
        ("They're not mine; I only visit.", True),
        ("None of these people are mine.", True),
        ("I own nothing but the plot.", True),
        ("It was not mine to keep.", False),
        ("Paramount owns everyone; I just make them talk.", True),
        ("Not mine to give, she thought.", False),
        ("The book is John's.", False),
        ("The creature was created by a careless god.", False),
        ("It's Harry's turn to cook.", False),
    ],
)
def test_is_disclaimer(text: str, disclaims: bool) -> None:
    """Saying who made or owns the borrowed world disclaims; a possessive in a story does not."""
    assert is_disclaimer(text) is disclaims


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
        ("It can go on the Lantern fic page; anyone else, please ask me first.", "ask"),
        ("If you would like it for your site, drop me a line first.", "ask"),
        ("Don't ask me why, but I wrote it twice.", None),
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
        ("Rating: a gentle PG.", "PG"),
        ("R-rated for violence.", "R"),
        ("Suitable for all ages.", "all ages"),
        ("I'd give it a PG.", "PG"),
        ("PG-13ish, for language.", "PG-13"),
        ("R rating for the fight scenes.", "R"),
        ("Give it a rest.", None),
        ("PG.  Spoilers through season three.", "PG"),
        ("Spoilers for the finale. R for language.", "R"),
        ("He got an R. Then a G.", None),
        ("Go there at most twice.", None),
    ],
)
def test_prose_rating(text: str, token: str | None) -> None:
    """A rating stated in a sentence, as a bound ('nothing worse than') or plainly."""
    assert prose_rating(text)[0] == token


@pytest.mark.parametrize(
    ("text", "fandoms"),
    [
        (
            "The Starling Files and its characters belong to Corvid Pictures.",
            ["The Starling Files"],
        ),
        ("Dark Shadows is the property of Dan Curtis Productions.", ["Dark Shadows"]),
        ("Sapphire & Steel is copyright ATV.", ["Sapphire & Steel"]),
        ("La Belle et la Bête appartient à Disney.", ["La Belle et la Bête"]),
        ("Disclaimer: Due South and all related characters are owned by Alliance.", ["due South"]),
        ("Merlin es propiedad de la BBC.", ["Merlin (TV)"]),
        ("Rated PG-13. Dark Shadows belongs to Dan Curtis Productions.", ["Dark Shadows"]),
        ("Angel belongs to Joss, not me.", []),
        ("Tessa, Orrin and the dog belong to Halcyon Studios.", []),
        ("Bodie and Doyle belong to Mark One Productions.", []),
        ("Fox Mulder belongs to Chris Carter and Fox.", []),
        ("Everything belongs to the BBC.", []),
    ],
)
def test_owned_works(text: str, fandoms: list[str]) -> None:
    """What a disclaimer says is owned names a fandom when it is one work, not a list of people."""
    kb = load_knowledge()
    assert [e.fandom for e in owned_works(text, kb)] == fandoms


@pytest.mark.parametrize(
    ("text", "fandoms"),
    [
        ("A Farscape story", ["Farscape"]),
        ("(an Alias fic for Wren)", ["Alias"]),
        ("yet another Sliders vignette", ["Sliders"]),
        ("A ghost story", []),
        ("A Lost Afternoon", []),
        ("This is my first Farscape fic, be nice!", ["Farscape"]),
    ],
)
def test_story_of(text: str, fandoms: list[str]) -> None:
    """ "A <work> story" names the work, a one-word name too; a plain kind of story names none."""
    assert [fandom for fandom, _ in story_of(text, load_knowledge())] == fandoms


@pytest.mark.parametrize(
    ("text", "disclaimer"),
    [
        (
            "Takes place after the finale. The Wanderers belongs to Kestrel Television and I make "
            "nothing from it. Feedback welcome!",
            "The Wanderers belongs to Kestrel Television and I make nothing from it.",
        ),
        (
            "Mr. Quill and Dr. Fenn belong to Larch Pictures. Please don't sue, I'm broke. "
            "This is my first fic, be gentle.",
            "Mr. Quill and Dr. Fenn belong to Larch Pictures. Please don't sue, I'm broke.",
        ),
        (
            "Rated R. Copyright of the characters rests with Harbour Films. I just borrowed them. "
            "Set in season two.",
            "Copyright of the characters rests with Harbour Films. I just borrowed them.",
        ),
        (
            "Nobody here is mine; they all belong to Tessaly Studios. A quiet afternoon turns into "
            "something else entirely when the letter arrives at last.",
            "Nobody here is mine; they all belong to Tessaly Studios.",
        ),
        (
            "The usual: Wren and Tallis belong to Marrow Films, and I'm only borrowing them.",
            "Wren and Tallis belong to Marrow Films, and I'm only borrowing them.",
        ),
    ],
)
def test_disclaimer_part(text: str, disclaimer: str) -> None:
    """A prose paragraph's disclaimer is its disclaiming sentences and their asides."""
    assert disclaimer_part(text) == disclaimer


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ('"Paper Moon".  Rated PG.', '"Paper Moon".'),
        ("the whole second season. Feedback welcome!", "the whole second season."),
        ("seasons one and two. And a bit of three.", "seasons one and two. And a bit of three."),
    ],
)
def test_before_other_fields(text: str, kept: str) -> None:
    """A prose value (spoilers) ends where a sentence with a field of its own begins."""
    assert before_other_fields(text) == kept


def test_owners_are_not_real_person_characters() -> None:
    """Real people a disclaimer names as owners do not make a story real-person fiction."""
    kb = load_knowledge()
    text = "Los personajes pertenecen a la BBC, a Steven Moffat y a Mark Gatiss."
    assert fandoms_from_text([text], kb) == []
    assert fandoms_from_text(["Steven Moffat and Mark Gatiss argue about a script."], kb) == [
        "Doctor Who RPF"
    ]


@pytest.mark.parametrize(
    ("text", "pairings"),
    [
        ("This is Tamsin/Corvo, set a year after the war.", ["Tamsin/Corvo"]),
        ("A Mulder/Scully romance, for Val.", ["Mulder/Scully"]),
        ("It's implied Jim/Blair, nothing graphic.", ["Jim/Blair"]),
        ("Archive at Gossamer/Ephemeral, please.", []),
        ("Rated R. This is a story about trains.", []),
    ],
)
def test_prose_pairings(text: str, pairings: list[str]) -> None:
    """A note that says which couple the story is about names the pairing; an archive list
    with a slash does not."""
    assert prose_pairings(text) == pairings
