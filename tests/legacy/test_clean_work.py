"""The reader's output is always free of control characters, whichever path cleans it."""

from __future__ import annotations

from ficarchive.legacy import parse_bytes
from ficarchive.legacy.model import Block, ParsedChapter, ParsedWork
from ficarchive.legacy.reader import clean_work


def test_control_characters_made_by_entities_leave_the_story_text() -> None:
    """An entity that unescapes to a control character is cleaned out of the body."""
    page = b"<html><body><h1>Tide</h1><p>Wo&#1;rds and &#x1b;more words here.</p></body></html>"
    work = parse_bytes(page, "tide.html")
    texts = [b.text for b in work.blocks] + [b.text for c in work.chapters for b in c.blocks]
    assert any("more words here." in text for text in texts)
    assert not any(ch in text for text in texts for ch in "\x01\x1b")


def test_clean_body_keeps_its_blocks_and_cleans_the_rest() -> None:
    """A clean body is left as it is (same objects); other fields are still cleaned."""
    block = Block("paragraph", "Clean words.")
    work = ParsedWork(source="x.txt", title="Ti\x01tle", blocks=[block])
    work.chapters = [ParsedChapter(title="One\x1b", blocks=[block])]
    cleaned = clean_work(work)
    assert cleaned.title == "Title"
    assert cleaned.chapters[0].title == "One"
    assert cleaned.blocks[0] is block
    assert cleaned.chapters[0].blocks[0] is block


def test_chapters_with_blocks_of_their_own_are_walked() -> None:
    """Chapter blocks that are not the work's own blocks are cleaned one by one."""
    work = ParsedWork(source="x.txt", blocks=[Block("paragraph", "Fine.")])
    work.chapters = [ParsedChapter(title=None, blocks=[Block("paragraph", "Ba\x07d.")])]
    assert clean_work(work).chapters[0].blocks[0].text == "Bad."


def test_a_dirty_body_is_cleaned() -> None:
    """A control character in the body sends the whole work through the full walk."""
    block = Block("paragraph", "Dir\x08ty.")
    work = ParsedWork(source="x.txt", blocks=[block])
    work.chapters = [ParsedChapter(title=None, blocks=[block])]
    assert clean_work(work).blocks[0].text == "Dirty."


def test_a_text_files_control_characters_never_reach_the_body() -> None:
    """A plain text file's body is cut from cleaned text: no control character survives."""
    work = parse_bytes(b"Title: Bell\n\nThe be\x07ll rang\x1b twice \x7fat noon.\r\n", "bell.txt")
    assert work.blocks[0].text == "The bell rang twice at noon."
