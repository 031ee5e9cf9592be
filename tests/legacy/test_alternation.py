"""The trie-shaped alternation of names matches what a plain longest-first alternation matches."""

import re

from hypothesis import given
from hypothesis import strategies as st

from ficarchive.legacy.normalize.alternation import names_alternation

NAMES = [
    "Twin Peaks",
    "Twin Peaks: The Return",
    "Star Trek",
    "Star Trek: The Next Generation",
    "ST:TNG",
    "X-Files",
    "X Files",
    "Ranma 1/2",
    "M*A*S*H",
    "MASH",
]


def _plain(names: list[str], *, loose_spacing: bool = False) -> str:
    def spelled(name: str) -> str:
        escaped = re.escape(name)
        if loose_spacing:
            escaped = escaped.replace(r"\-", r"[-\s]?").replace(r"\ ", r"[-\s]+")
        return escaped

    return "|".join(spelled(n) for n in sorted(names, key=len, reverse=True))


def _finds(alternation: str, text: str, flags: int = 0) -> list[str]:
    pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", flags)
    return [m.group(0) for m in pattern.finditer(text)]


def test_longest_name_wins_where_names_share_a_start():
    """'Twin Peaks: The Return' is found whole, and 'Twin Peaks' alone where it stands alone."""
    text = "Twin Peaks: The Return aired; Twin Peaks did not; ST:TNG and X Files and M*A*S*H too."
    found = _finds(names_alternation(NAMES, loose_spacing=True), text)
    assert found == ["Twin Peaks: The Return", "Twin Peaks", "ST:TNG", "X Files", "M*A*S*H"]
    assert found == _finds(_plain(NAMES, loose_spacing=True), text)


def test_loose_spacing_reads_hyphens_and_spaces_alike():
    """With loose spacing, 'X-Files' is also found as 'XFiles' and 'Twin  Peaks' as written."""
    alternation = names_alternation(["x-files", "twin peaks"], loose_spacing=True)
    assert _finds(alternation, "xfiles, X Files, twin  peaks", re.IGNORECASE) == [
        "xfiles",
        "X Files",
        "twin  peaks",
    ]


def test_no_names_match_nothing():
    """An empty list of names gives a pattern that never matches."""
    assert _finds(names_alternation([]), "anything at all") == []


WORDS = st.sampled_from(["Star", "Trek", "Peaks", "Twin", "X", "Files", "the", "Return", "-", ":"])


@given(
    st.lists(st.lists(WORDS, min_size=1, max_size=4).map(" ".join), min_size=1, max_size=8),
    st.lists(WORDS, max_size=20).map(" ".join),
)
def test_trie_agrees_with_plain_alternation(names: list[str], text: str):
    """For any names and text, the trie finds what the plain alternation finds."""
    assert _finds(names_alternation(names), text) == _finds(_plain(names), text)
