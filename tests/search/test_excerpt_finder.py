"""`ExcerptFinder`: its quick substring rule for ASCII never decides otherwise than the pattern."""

from __future__ import annotations

import pytest

from ficarchive.search.backends.base import ExcerptFinder
from ficarchive.search.textquery import text_query_parse

TEXTS = [
    "",
    "A heron stood in the marsh.",
    "HERONS everywhere",
    "the cheron is not a word start",
    "Heron-like, then gone",
    "İstanbul at dusk",  # a capital dotted I: lower() gives two characters
    "ſtanding ſtill",  # a long s: matches "s" only when case is ignored
    "Kelvin's scale",  # the Kelvin sign, another case of "k"
    "café au lait, caf\u00e9 noir",
    "x" * 5000 + " heron",
]
QUERIES = ["heron", "herons marsh", "istanbul", "standing", "kelvin", "café", "-heron cafe", "x"]


@pytest.mark.parametrize("raw", QUERIES)
def test_finder_agrees_with_the_pattern_on_every_text(raw):
    """For any query and text, ASCII or not, `may_match` is exactly whether the pattern finds
    a place (so highlights are the same with the quick rule as without it)."""
    finder = ExcerptFinder(text_query_parse(raw))
    for text in TEXTS:
        expected = finder.pattern is None or finder.pattern.search(text) is not None
        assert finder.may_match(text) is expected, (raw, text)


def test_the_quick_rule_rules_out_an_ascii_text_without_the_word():
    """An ASCII text holding none of the word starts is ruled out; one that holds a start only
    inside a word is still left to the pattern, which rules it out too."""
    finder = ExcerptFinder(text_query_parse("heron"))
    assert not finder.may_match("a marsh with reeds")
    assert not finder.may_match("the cheron")
    assert finder.may_match("The Heron")
