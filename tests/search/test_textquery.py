"""The search box's query language."""

import pytest

from ficarchive.search.textquery import MAX_TERMS, text_query_parse

CASES = [
    ("dragon sea", "dragon sea", False),
    ('"blue moon" rising', '"blue moon" rising', False),
    ("cats OR dogs sea", "cats OR dogs sea", False),
    ("day -snow", "day -snow", False),
    ('-"snow night" day', 'day -"snow night"', False),
    ("Dragon in:text", "dragon in:text", True),
    ("well-known", '"well known"', False),
    ("NEAR(dragon* ^sea)", '"near dragon" sea', False),
    ("OR dragon OR", "dragon", False),
]


@pytest.mark.parametrize(("raw", "canonical", "in_text"), CASES)
def test_parses_to_plain_terms(raw, canonical, in_text):
    """Each query reads back as the terms, phrases, exclusions and ORs it means."""
    parsed = text_query_parse(raw)
    assert str(parsed) == canonical
    assert parsed.in_text is in_text


def test_unbalanced_quote_becomes_a_phrase_with_a_note():
    """An unclosed quote runs to the end of the query and says so."""
    parsed = text_query_parse('sea "blue moon')
    assert str(parsed) == 'sea "blue moon"'
    assert any("quote" in note for note in parsed.notes)


def test_lone_operators_are_dropped_with_a_note():
    """OR or - with nothing to apply to are ignored and reported."""
    parsed = text_query_parse("- OR")
    assert parsed.is_empty
    assert any("operator" in note for note in parsed.notes)


def test_very_long_queries_are_shortened():
    """A 10,000-character query keeps its first terms and says it was cut."""
    parsed = text_query_parse("word " * 2000)
    assert len(parsed.groups) == MAX_TERMS
    assert any("shortened" in note for note in parsed.notes)


def test_punctuation_only_is_not_a_query():
    """A query of punctuation searches nothing and explains why."""
    parsed = text_query_parse("*** ((( :::")
    assert parsed.is_empty
    assert parsed.notes
