"""The rules added for the third blind round, each on inputs of our own: RTF, boxed headers,
Mac OS Roman, end marks in other languages, contents lists, link labels, trailing headers."""

from __future__ import annotations

from ficarchive.legacy.contents import skip_contents
from ficarchive.legacy.decode import decode_bytes
from ficarchive.legacy.document import Document
from ficarchive.legacy.frames import unframe
from ficarchive.legacy.header import find_trailing_header, is_separator
from ficarchive.legacy.labels import canonical_label
from ficarchive.legacy.rtf import is_rtf, rtf_to_text
from ficarchive.legacy.trailer import is_end_marker


def test_rtf_text_keeps_words_and_paragraphs_only() -> None:
    """Tables, generator and field instructions go; \\par ends a line; escapes become text."""
    data = (
        rb"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}{\*\generator Tool;}"
        rb"Caf\'e9\par \ldblquote Hi\rdblquote \u8212?ok\par"
        rb"{\field{\*\fldinst HYPERLINK x}{\fldrslt shown}}}"
    )
    assert is_rtf(data)
    assert rtf_to_text(data) == "Caf\u00e9\n\u201cHi\u201d\u2014ok\nshown"


def test_rtf_code_page_decides_the_escaped_bytes() -> None:
    """\\ansicpg1251 makes \\'e4 a Cyrillic letter, not a Latin one."""
    assert rtf_to_text(rb"{\rtf1\ansi\ansicpg1251 \'e4\'e0}") == "\u0434\u0430"


def test_rtf_document_is_read_as_plain_text_by_decode() -> None:
    decoded = decode_bytes(rb"{\rtf1\ansi Title: Rain\par\par It rained.\par}")
    assert decoded.text == "Title: Rain\n\nIt rained.\n"
    assert decoded.notes == ["RTF document read as plain text"]


def test_framed_lines_lose_their_frame_only_in_runs_of_three() -> None:
    """A box's lines are unframed; a lone line of emphasis keeps its stars."""
    lines = ["*****", "*  Title: Rain   *", "*  Rating: G     *", "*               *", "*****"]
    doc = unframe(Document("plain", [*lines, "", "*Hush,* she said."], list(range(1, 8))))
    assert doc.lines[1:4] == ["Title: Rain", "Rating: G", ""]
    assert doc.lines[-1] == "*Hush,* she said."
    two = Document("plain", ["| a |", "| b |"], [1, 2])
    assert unframe(two) is two


def test_mac_roman_quotes_are_not_read_as_cp1252_capitals() -> None:
    text = "\u201cIt\u2019s late,\u201d he said\u2014too late.\n"
    assert decode_bytes(text.encode("mac_roman")).text == text


def test_cp1252_capitals_with_accents_stay_cp1252() -> None:
    """Spanish capitals (Ó between capitals) are no Mac quote marks."""
    text = "CANCI\u00d3N DEL MAR \u2014 \u201cuna historia\u201d\n"
    assert decode_bytes(text.encode("cp1252")).text == text


def test_end_marks_in_other_languages() -> None:
    """EINDE, Fim!, FINE and ~ fine ~ end a story; "Fine." alone is a line of dialogue."""
    for line in ("EINDE", "Fim!", "FINE", "~ fine ~", "Koniec"):
        assert is_end_marker(line), line
    for line in ("Fine.", '"Fine."', "Fine!"):
        assert not is_end_marker(line), line


def test_contents_list_is_skipped_only_when_its_entries_come_again() -> None:
    toc = ["Contents", "Chapter 1: Rain", "Chapter 2: Sun", "Chapter 1: Rain", "Text."]
    assert skip_contents([*toc, "Chapter 2: Sun", "More."], 0) == 3
    assert skip_contents([*toc, "More."], 0) == 0  # "Chapter 2" never comes: no contents list
    lines = ["Chapter 1: Rain", "Chapter 2: Sun", "Text of the story.", ""]
    assert skip_contents(lines, 0) == 0  # two headings, never repeated: the story's own


def test_link_labels_are_addresses_not_the_field_they_name() -> None:
    assert canonical_label("Story URL") == "email"
    assert canonical_label("Author Link") == "email"
    assert canonical_label("Story Title") == "title"
    assert canonical_label("Feedback address") == "feedback"


def test_trailing_header_needs_prose_above_and_three_strong_labels() -> None:
    story = ["A line of the story that is long enough to be prose, surely."] * 4
    labels = ["Title: Rain", "Author: Ann", "Rating: G"]
    assert find_trailing_header([*story, "", *labels]) == 5
    assert find_trailing_header([*labels, "", *story]) is None
    assert find_trailing_header([*story, "", "Notes: thanks", "Rating: G"]) is None


def test_picture_placeholder_is_a_rule() -> None:
    assert is_separator("[pic]")
    assert not is_separator("[pictures of the sea]")


def test_every_story_field_label_opens_as_the_quick_test_expects() -> None:
    """The header's quick test for a form's story field knows every written form of it."""
    import json

    from ficarchive.legacy.header import STORY_LABEL_STARTS
    from ficarchive.legacy.labels import LABELS_FILE, label_key

    forms = json.loads(LABELS_FILE.read_text(encoding="utf-8"))["story_text"]
    assert forms
    assert all(label_key(form)[:3] in STORY_LABEL_STARTS for form in forms)
