"""The prose check counts the sample's prose words in one pass (`PROSE_TOKEN` over the tokens
joined by spaces): the same count as matching `WORD` against each token."""

import random

import pytest

from ficarchive.importing.checks import PROSE_TOKEN, WORD

PIECES = ["a", "B", "é", "1", "_", "'", "’", ".", "-", "!", '"', "(", "x", "ß", "中", "٣", "—", "…"]


@pytest.mark.parametrize("seed", range(5))
def test_one_pass_counts_what_token_by_token_matching_counts(seed):
    """Random tokens of letters, digits, apostrophes, dots, dashes and punctuation."""
    rng = random.Random(seed)
    for _ in range(3000):
        tokens = [
            "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 6)))
            for _ in range(rng.randint(1, 8))
        ]
        expected = sum(1 for token in tokens if WORD.match(token))
        assert len(PROSE_TOKEN.findall(" ".join(tokens))) == expected


def test_words_and_data_are_told_apart():
    """Words with inner apostrophes, dots and dashes count; numbers and code do not."""
    tokens = ["don't", "U.S.", "well-known", "(quoted)", "x1", "42", "a_b", "f(x)", "’tis"]
    assert len(PROSE_TOKEN.findall(" ".join(tokens))) == 5
