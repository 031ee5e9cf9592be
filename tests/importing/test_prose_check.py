"""The prose check counts the sample's prose words in one pass (`PROSE_TOKEN` over the tokens
joined by spaces): the same count as matching `WORD` against each token."""

import random

import pytest

from ficarchive.importing.checks import PROSE_TOKEN, WORD, prose_words

PIECES = ["a", "B", "é", "1", "_", "'", "’", ".", "-", "!", '"', "(", "x", "ß", "中", "٣", "—", "…"]
# Letters of other kinds (title case, modifier, other), and characters that are \w but no
# letter: a superscript two, a vulgar half and a Roman numeral are digits or numbers that are
# not decimal, so `[^\W\d_]` matches them while `str.isalpha` does not.
MORE_PIECES = [*PIECES, "ǅ", "ʰ", "あ", "²", "½", "Ⅻ", "\u0301"]


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


@pytest.mark.parametrize("seed", range(5))
def test_letters_only_shortcut_counts_what_token_by_token_matching_counts(seed):
    """`prose_words` takes letter-only tokens as words without the pattern: the same count as
    `WORD` over each token, for tokens mixing every kind of character above."""
    rng = random.Random(seed)
    for _ in range(3000):
        tokens = [
            "".join(rng.choice(MORE_PIECES) for _ in range(rng.randint(1, 4)))
            for _ in range(rng.randint(1, 8))
        ]
        assert prose_words(tokens) == sum(1 for token in tokens if WORD.match(token))


def test_letters_only_tokens_are_words_without_the_pattern():
    """Words of letters count, with or without punctuation; numbers-that-are-not-digits too."""
    assert prose_words(["Ferry", "dusk.", "ǅemal", "²", "x²", "42", "a_b"]) == 5
