"""Works services: every field of a ParsedWork lands on the Work."""

import re
from html import unescape

import pytest
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

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
from ficarchive.sanitize.text import text_clean
from ficarchive.works.models import Chapter, Creator, SeriesPart, Tag, TagType, Work
from ficarchive.works.services import (
    blocks_to_html,
    creator_find_or_create,
    series_find_or_create,
    series_part_place,
    tag_find_or_create,
    work_create_from_parsed,
    work_update_from_parsed,
)
from ficarchive.works.services.work_write import WorkInput, works_creators

pytestmark = pytest.mark.django_db


def full_parsed(**changes) -> ParsedWork:
    """A ParsedWork with every field set (our own made-up story)."""
    parsed = ParsedWork(
        source="tests/lantern.txt",
        title="The Lantern at Baker Street",
        authors=["Marigold Vane", "T. Ashcombe"],
        rating="Mature",
        rating_original="R",
        fandoms=["Sherlock Holmes - Arthur Conan Doyle"],
        relationships=["Sherlock Holmes/John Watson"],
        relationships_original=["SH/JW"],
        characters=["Sherlock Holmes", "John Watson", "Mrs Hudson"],
        warnings=["Major Character Death", "Mild peril"],
        categories=["M/M", "Slash"],
        freeform=["Fog", "Gaslight"],
        summary="Holmes keeps a lantern lit.",
        notes="Written for a winter swap.",
        end_notes="Thanks for reading.",
        disclaimer="The characters belong to their author.",
        spoilers="The Final Problem.",
        series=Series(title="Lamplight", part=2),
        chapter=ChapterNumber(number=1, total=3),
        distribution=Distribution(
            text="Anywhere, just ask.", archives=["Gaslight Shelf"], permission="ask"
        ),
        feedback=Feedback(text="Always welcome.", wanted=True),
        language="en",
        songs=[Song(artist="A. Singer", title="Fog Song", album="Night")],
        extra={"Beta": "R. Pell", "Date": "2001-03-04"},
        chapters=[
            ParsedChapter(
                title="The Fog",
                blocks=[
                    Block("heading", "The Fog"),
                    Block("paragraph", "Fog came <early> & thick."),
                    Block("verse", "line one\nline two"),
                    Block("break"),
                    Block("paragraph", "Then it lifted."),
                ],
            ),
            ParsedChapter(title="The Lamp", blocks=[Block("paragraph", "A lamp was lit.")]),
        ],
    )
    for key, value in changes.items():
        setattr(parsed, key, value)
    return parsed


def names(work: Work, tag_type: str) -> list[str]:
    return sorted(work.tags.filter(type=tag_type).values_list("name", flat=True))


def test_every_parsed_field_lands_on_the_work():
    """Title, creators, tags of every type, legacy fields, provenance, chapters and series land."""
    work = work_create_from_parsed(
        parsed=full_parsed(), content_hash="abc123", source_name="lantern.txt"
    )
    work.refresh_from_db()
    assert work.title == "The Lantern at Baker Street"
    assert [c.name for c in work.creators.order_by("authorship__position")] == [
        "Marigold Vane",
        "T. Ashcombe",
    ]
    assert all(c.user_id is None for c in work.creators.all())
    assert names(work, TagType.RATING) == ["Mature"]
    assert names(work, TagType.WARNING) == ["Major Character Death"]
    assert names(work, TagType.CATEGORY) == ["M/M"]
    assert names(work, TagType.FANDOM) == ["Sherlock Holmes - Arthur Conan Doyle"]
    assert names(work, TagType.RELATIONSHIP) == ["Sherlock Holmes/John Watson"]
    assert names(work, TagType.CHARACTER) == ["John Watson", "Mrs Hudson", "Sherlock Holmes"]
    assert names(work, TagType.FREEFORM) == ["Fog", "Gaslight", "Mild peril", "Slash"]
    assert work.summary == "Holmes keeps a lantern lit."
    assert work.notes == "Written for a winter swap."
    assert work.end_notes == "Thanks for reading."
    assert work.disclaimer == "The characters belong to their author."
    assert work.spoilers == "The Final Problem."
    assert work.distribution_text == "Anywhere, just ask."
    assert work.distribution_archives == ["Gaslight Shelf"]
    assert work.distribution_permission == "ask"
    assert work.feedback_text == "Always welcome."
    assert work.feedback_wanted is True
    assert work.songs == [{"artist": "A. Singer", "title": "Fog Song", "album": "Night"}]
    assert work.language == "en"
    assert work.expected_chapters == 3
    assert work.extra_fields == {"Beta": "R. Pell", "Date": "2001-03-04", "rating": "R"}
    assert work.published_at.date().isoformat() == "2001-03-04"
    assert work.source_name == "lantern.txt"
    assert work.content_hash == "abc123"
    assert work.imported_at is not None
    chapters = list(work.chapters.all())
    assert [(c.position, c.title) for c in chapters] == [(1, "The Fog"), (2, "The Lamp")]
    assert chapters[0].word_count == 5 + 4 + 3
    assert work.word_count == 12 + 4
    assert "<h2>" not in chapters[0].body_html, "a heading repeating the title is dropped"
    part = SeriesPart.objects.get(work=work)
    assert (part.series.title, part.position) == ("Lamplight", 2)


def test_original_relationship_spelling_becomes_a_synonym():
    """ "SH/JW" as written is kept as a synonym of the canonical relationship tag."""
    work_create_from_parsed(parsed=full_parsed())
    synonym = Tag.objects.get(name="SH/JW")
    assert synonym.synonym_of.name == "Sherlock Holmes/John Watson"
    assert Tag.objects.get(name="Sherlock Holmes/John Watson").canonical


def test_missing_values_take_the_archive_defaults():
    """No rating, warnings or dates → Not Rated, Creator Chose Not To Use…, import time."""
    parsed = ParsedWork(source="x/untitled-thing.txt", blocks=[Block("paragraph", "Just words.")])
    work = work_create_from_parsed(parsed=parsed)
    assert work.title == "untitled-thing"
    assert names(work, TagType.RATING) == ["Not Rated"]
    assert names(work, TagType.WARNING) == ["Creator Chose Not To Use Archive Warnings"]
    assert [c.name for c in work.creators.all()] == ["Anonymous"]
    assert work.published_at == work.imported_at
    assert work.chapters.count() == 1
    assert work.expected_chapters == 1


def test_story_without_text_is_refused():
    """A ParsedWork without any body text raises ValueError and writes nothing."""
    with pytest.raises(ValueError, match="no text"):
        work_create_from_parsed(parsed=ParsedWork(source="empty.txt", title="Nothing"))
    assert Work.objects.count() == 0


def test_failure_midway_leaves_no_partial_work():
    """A failure after the Work row is written rolls the whole work back."""
    unsaved = Creator(name="Never Saved")
    with pytest.raises(ValueError, match="unsaved"), transaction.atomic():
        work_create_from_parsed(parsed=full_parsed(), creators=[unsaved])
    assert Work.objects.count() == 0
    assert Chapter.objects.count() == 0


def test_update_replaces_content_and_keeps_the_work():
    """Updating from a changed file keeps the id and rewrites fields, tags and chapters."""
    work = work_create_from_parsed(parsed=full_parsed(), content_hash="one")
    changed = full_parsed(
        title="The Lantern, revised",
        freeform=["Snow"],
        chapters=[ParsedChapter(title=None, blocks=[Block("paragraph", "Only one now.")])],
        series=None,
    )
    updated = work_update_from_parsed(work=work, parsed=changed, content_hash="two")
    assert updated.pk == work.pk
    work.refresh_from_db()
    assert work.title == "The Lantern, revised"
    assert work.content_hash == "two"
    assert names(work, TagType.FREEFORM) == ["Mild peril", "Slash", "Snow"]
    assert work.chapters.count() == 1
    assert work.word_count == 3
    assert not SeriesPart.objects.filter(work=work).exists()


def test_blocks_to_html_marks_up_each_kind_and_escapes():
    """Each block kind has its markup; text is escaped, never interpreted."""
    html = blocks_to_html(
        [
            Block("heading", "One"),
            Block("paragraph", "<script>alert(1)</script> & more"),
            Block("verse", "first line\nsecond <b>line</b>"),
            Block("break"),
        ]
    )
    assert html == (
        "<h2>One</h2>\n<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p>\n"
        '<div class="verse">first line<br>second &lt;b&gt;line&lt;/b&gt;</div>\n'
        '<hr class="scene-break">'
    )


def test_tag_lookup_is_case_insensitive_and_keeps_synonyms():
    """Another case finds the same tag; a synonym is returned as itself, not its canonical."""
    canonical = tag_find_or_create(name="Willow Rosenberg", type=TagType.CHARACTER, canonical=True)
    assert tag_find_or_create(name="willow  rosenberg", type=TagType.CHARACTER) == canonical
    synonym = Tag.objects.create(name="Willow", type=TagType.CHARACTER, synonym_of=canonical)
    assert tag_find_or_create(name="WILLOW", type=TagType.CHARACTER) == synonym


def test_same_name_of_another_type_is_told_apart():
    """A character named like an existing fandom gets its type in brackets."""
    fandom = tag_find_or_create(name="Alice", type=TagType.FANDOM)
    character = tag_find_or_create(name="Alice", type=TagType.CHARACTER)
    assert fandom != character
    assert character.name == "Alice (Character)"
    assert tag_find_or_create(name="alice", type=TagType.CHARACTER) == character


def test_fixed_vocabularies_exist_and_are_not_invented():
    """The migration created the fixed tags; an unknown rating is refused."""
    assert Tag.objects.filter(type=TagType.RATING, canonical=True).count() == 5
    assert Tag.objects.filter(type=TagType.WARNING, canonical=True).count() == 6
    assert Tag.objects.filter(type=TagType.CATEGORY, canonical=True).count() == 6
    with pytest.raises(ValueError, match="not a rating"):
        tag_find_or_create(name="Super Explicit", type=TagType.RATING)


def test_creator_lookup_is_case_insensitive():
    """Creators are found by name in any case and created without an account."""
    creator = creator_find_or_create(name="Jane Roe")
    assert creator_find_or_create(name="jane roe") == creator
    assert creator.user is None


def test_creators_found_or_created_together_in_order_without_repeats():
    """Several names at once: existing creators in any case, new ones made, repeats dropped."""
    known = creator_find_or_create(name="Ivo Marsh")
    named = ["ivo marsh", "  Pell   Avery ", "", "PELL AVERY"]
    [creators] = works_creators([WorkInput(title="Tide Lines", author_names=named)])
    assert creators[0] == known
    assert [c.name for c in creators] == ["Ivo Marsh", "Pell Avery"]
    assert creators[1].pk is not None
    assert creators[1].user is None
    again = WorkInput(title="Tide Lines", author_names=["pell avery"])
    assert works_creators([again]) == [[creators[1]]]
    assert Creator.objects.filter(name__in=["Ivo Marsh", "Pell Avery"]).count() == 2


def test_new_characters_belong_to_the_works_fandoms_and_keep_their_first_one():
    """AO3's parent tags: characters and relationships without a fandom get the work's; one
    that has a fandom already keeps it when a work of another fandom names it."""
    work_create_from_parsed(parsed=full_parsed())
    holmes = Tag.objects.get(name="Sherlock Holmes")
    pairing = Tag.objects.get(name="Sherlock Holmes/John Watson")
    canon = Tag.objects.get(name="Sherlock Holmes - Arthur Conan Doyle")
    assert list(holmes.fandoms.all()) == [canon]
    assert list(pairing.fandoms.all()) == [canon]
    work_create_from_parsed(
        parsed=full_parsed(
            title="Elsewhere",
            fandoms=["Lantern Street Mysteries"],
            characters=["Sherlock Holmes", "Ada Fenwick"],
            relationships=[],
            relationships_original=[],
        )
    )
    other = Tag.objects.get(name="Lantern Street Mysteries")
    assert list(holmes.fandoms.all()) == [canon]
    assert list(Tag.objects.get(name="Ada Fenwick").fandoms.all()) == [other]


def test_series_part_unknown_is_appended():
    """A part with no number goes after the last; the series is found again by title+creator."""
    author = creator_find_or_create(name="Series Writer")
    first = work_create_from_parsed(
        parsed=full_parsed(series=Series(title="Walks", part=1)), creators=[author]
    )
    second = work_create_from_parsed(
        parsed=full_parsed(series=Series(title="walks", part=None)), creators=[author]
    )
    series = series_find_or_create(title="Walks", creators=[author])
    assert list(series.parts.values_list("work_id", "position")) == [(first.pk, 1), (second.pk, 2)]
    other = creator_find_or_create(name="Someone Else")
    assert series_find_or_create(title="Walks", creators=[other]) != series
    assert series_part_place(series=series, work=first, part=None).position == 1


@pytest.mark.parametrize(
    ("chapter", "extra", "expected"),
    [
        (ChapterNumber(number=1, total=4), {}, 4),
        (None, {"chapters": "2/5"}, 5),
        (None, {"chapters": "1 of ?"}, None),
        (None, {"status": "WIP"}, None),
        (ChapterNumber(number=3, total=None), {}, None),
        (None, {"status": "Complete"}, 1),
        (None, {}, 1),
    ],
)
def test_expected_chapters_from_what_the_file_states(chapter, extra, expected):
    """The planned total comes from "n/total", is unknown for a work in progress, else complete."""
    parsed = ParsedWork(
        source="c.txt", chapter=chapter, extra=extra, blocks=[Block("paragraph", "Some words.")]
    )
    assert work_create_from_parsed(parsed=parsed).expected_chapters == expected


def test_dates_from_the_header_are_kept():
    """Published and updated dates stated in the header (extra labels) become the work's dates."""
    parsed = ParsedWork(
        source="d.txt",
        extra={"published": "12 March 1999", "updated": "1999-04-02"},
        blocks=[Block("paragraph", "Some words.")],
    )
    work = work_create_from_parsed(parsed=parsed)
    assert work.published_at.date().isoformat() == "1999-03-12"
    assert work.updated_at.date().isoformat() == "1999-04-02"
    assert work.chapters.get().published_at == work.published_at


@given(
    st.lists(
        st.tuples(st.sampled_from(["paragraph", "verse", "heading", "break"]), st.text()),
        max_size=6,
    )
)
@settings(max_examples=150, deadline=None)
def test_blocks_to_html_never_lets_markup_through(pairs):
    """Whatever the block text, the HTML holds only our own tags and the text comes back intact."""
    blocks = [Block(kind, text) for kind, text in pairs]
    html = blocks_to_html(blocks)
    tags = set(re.findall(r"<\s*/?\s*([a-zA-Z0-9]+)", html))
    assert tags <= {"p", "div", "br", "hr", "h2"}
    assert "<script" not in html.lower()
    words = [w for b in blocks if b.kind != "break" for w in text_clean(b.text).split()]
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    assert text.split() == words


def test_complete_counts_the_chapters_once(django_assert_num_queries):
    """`Work.complete` asks the database once per work, however often it is read."""
    work = work_create_from_parsed(parsed=full_parsed())
    work = Work.objects.get(pk=work.pk)
    with django_assert_num_queries(1):
        assert work.complete == work.complete
