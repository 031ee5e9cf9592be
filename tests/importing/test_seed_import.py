"""The seed story, imported from ../shared, carries every field its header gives onto the Work.

Expected values are read from ../shared/eval/seed/*.expected.json at test time: the seed's text is
somebody else's writing and is never copied into this project.
"""

import json
from html import unescape

import pytest

from ficarchive.importing.batches import import_path
from ficarchive.works.models import TagType, Work

pytestmark = pytest.mark.django_db


@pytest.fixture
def expected(seed_path) -> dict:
    return json.loads(seed_path.with_name(seed_path.stem + ".expected.json").read_text("utf-8"))


@pytest.fixture
def seed_work(seed_path) -> Work:
    result = import_path(paths=[seed_path])[0]
    assert result.status == "created", result.error
    return Work.objects.get(pk=result.work_id)


def tag_names(work: Work, tag_type: str) -> list[str]:
    return list(work.tags.filter(type=tag_type).values_list("name", flat=True))


def test_seed_header_fields_land_on_the_work(seed_work, expected):
    """Title, author, rating, fandom, relationship, characters, category, prose fields."""
    work = seed_work
    assert work.title == expected["title"]
    assert [c.name for c in work.creators.all()] == expected["authors"]
    assert all(c.user_id is None for c in work.creators.all())
    assert tag_names(work, TagType.RATING) == [expected["rating"]]
    assert work.extra_fields["rating"] == expected["rating_original"]
    assert tag_names(work, TagType.FANDOM) == expected["fandoms"]
    assert tag_names(work, TagType.RELATIONSHIP) == expected["relationships"]
    assert set(expected["characters"]) <= set(tag_names(work, TagType.CHARACTER))
    assert tag_names(work, TagType.CATEGORY) == expected["categories"]
    assert work.summary == expected["summary"]
    assert work.notes == expected["notes"]
    assert work.disclaimer == expected["disclaimer"]
    assert work.spoilers == expected["spoilers"]
    assert work.language == expected["language"]


def test_seed_relationship_as_written_is_a_synonym(seed_work, expected):
    """The pairing as written points at the canonical relationship through synonym_of."""
    relationship = seed_work.tags.get(type=TagType.RELATIONSHIP)
    synonyms = set(relationship.synonyms.values_list("name", flat=True))
    assert set(expected["relationships_original"]) <= synonyms


def test_seed_series_chapters_distribution_feedback_songs(seed_work, expected):
    """Series and part, chapter n of total, distribution, feedback wanted and the song credit."""
    work = seed_work
    part = work.series_parts.get()
    assert (part.series.title, part.position) == (
        expected["series"]["title"],
        expected["series"]["part"],
    )
    assert work.chapters.count() == expected["chapter"]["number"]
    assert work.expected_chapters == expected["chapter"]["total"]
    assert work.distribution_permission == expected["distribution"]["permission"]
    assert work.distribution_archives == expected["distribution"]["archives"]
    assert work.feedback_wanted is expected["feedback"]["wanted"]
    assert [(s["artist"], s["album"]) for s in work.songs] == [
        (s["artist"], s["album"]) for s in expected["songs"]
    ]
    assert work.source_name.endswith("she-doesnt-need-saving.txt")
    assert len(work.content_hash) == 64


def test_seed_body_keeps_the_lyrics_as_verse(seed_work, expected):
    """The body starts and ends as expected, and every lyric line sits in a verse block."""
    chapter = seed_work.chapters.get()
    html = chapter.body_html
    text = unescape(html)
    assert expected["body_first_words"] in text
    assert expected["body_last_words"] in text
    assert chapter.word_count == expected["word_count"]
    verse_lines = [
        unescape(line)
        for block in html.split('<div class="verse">')[1:]
        for line in block.split("</div>", 1)[0].split("<br>")
    ]
    assert verse_lines == expected["verse_lines"]
