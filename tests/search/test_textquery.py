"""The search box's query language."""

import pytest

from ficarchive.search.textquery import (
    MAX_PHRASE_WORDS,
    MAX_PHRASES,
    MAX_TERMS,
    text_query_parse,
)

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


def test_phrases_are_capped_with_a_note():
    """Past MAX_PHRASES quoted phrases the rest are left out, and the notes say so."""
    raw = " ".join(f'"red fox{n} runs"' for n in range(MAX_PHRASES + 5))
    parsed = text_query_parse(raw)
    assert len(parsed.positive_terms()) == MAX_PHRASES
    assert any("quoted phrases" in note for note in parsed.notes)


def test_long_phrases_are_cut_with_a_note():
    """A phrase of more than MAX_PHRASE_WORDS words keeps its first words and says so."""
    parsed = text_query_parse('"' + " ".join(f"w{n}" for n in range(30)) + '"')
    [term] = parsed.positive_terms()
    assert len(term.words) == MAX_PHRASE_WORDS
    assert any("shortened" in note for note in parsed.notes)
