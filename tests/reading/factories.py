"""Works for the reading tests, made through the same service the importer uses."""

from __future__ import annotations

from ficarchive.legacy.model import (
    Block,
    ChapterNumber,
    Distribution,
    Feedback,
    ParsedChapter,
    ParsedWork,
    Series,
    Song,
)
from ficarchive.works.models import Work
from ficarchive.works.services import work_create_from_parsed

VERSE = "The kettle sings upon the hob\nThe fog lies thick on Baker Street\nAnd every clue\nIs something new"


def chapter_blocks(label: str) -> list[Block]:
    """A short body with a paragraph, a scene break, a verse stanza and a closing paragraph."""
    return [
        Block("paragraph", f"{label} began on a grey morning when the post came late."),
        Block("break"),
        Block("verse", VERSE),
        Block("paragraph", f"{label} ended with tea, and nobody said another word."),
    ]


def work_make(
    *,
    title: str = "The Case of the Late Post",
    authors: tuple[str, ...] = ("Mrs Hudson",),
    chapters: int = 1,
    total: int | None = 1,
    series: tuple[str, int] | None = None,
    fandoms: tuple[str, ...] = ("Sherlock Holmes - Arthur Conan Doyle",),
    relationships: tuple[str, ...] = ("Sherlock Holmes & John Watson",),
    relationships_original: tuple[str, ...] = (),
    characters: tuple[str, ...] = ("Sherlock Holmes", "John Watson"),
    freeform: tuple[str, ...] = ("Fog",),
    rating: str = "General Audiences",
    warnings: tuple[str, ...] = ("No Archive Warnings Apply",),
    categories: tuple[str, ...] = ("Gen",),
    draft: bool = False,
    restricted: bool = False,
    hidden: bool = False,
    permission_granted: str = "",
    **fields,
) -> Work:
    """A posted work with `chapters` chapters (each with verse and a scene break).

    A work whose `distribution` asks first is held from the public unless `permission_granted`
    says how permission was obtained (the importer's rule)."""
    parsed = ParsedWork(
        source=f"{title}.txt",
        title=title,
        authors=list(authors),
        rating=rating,
        fandoms=list(fandoms),
        relationships=list(relationships),
        relationships_original=list(relationships_original),
        characters=list(characters),
        warnings=list(warnings),
        categories=list(categories),
        freeform=list(freeform),
        series=Series(title=series[0], part=series[1]) if series else None,
        chapter=ChapterNumber(number=chapters, total=total),
        chapters=[
            ParsedChapter(title=f"Part the {n}", blocks=chapter_blocks(f"Chapter {n} of {title}"))
            for n in range(1, chapters + 1)
        ],
        **fields,
    )
    work = work_create_from_parsed(
        parsed=parsed, draft=draft, permission_granted=permission_granted
    )
    if restricted or hidden:
        Work.objects.filter(pk=work.pk).update(restricted=restricted, hidden_by_staff=hidden)
        work.refresh_from_db()
    return work


PERMISSION_NOTE = "by letter to the archive, 1 March 2003"


def legacy_fields() -> dict:
    """The legacy header fields AO3 has no place for, filled in (the author asks first, and
    the archive recorded her permission: `permission_granted`)."""
    return {
        "summary": "A parcel arrives without a stamp.",
        "notes": "Written for a rainy afternoon.",
        "end_notes": "Thank you for reading to the end.",
        "disclaimer": "The characters belong to their author's estate.",
        "spoilers": "The parcel holds a violin string.",
        "distribution": Distribution(
            text="Gaslight Archive and Fogbound, others please ask",
            archives=["Gaslight Archive", "Fogbound"],
            permission="ask",
        ),
        "feedback": Feedback(text="Letters welcome.", wanted=True),
        "songs": [Song(artist="The Street Singers", title="Kettle Song", album="Hob and Fog")],
        "permission_granted": PERMISSION_NOTE,
    }
