"""The A–Z index letter of a name, as the browse pages file tags, fandoms and creators."""

from __future__ import annotations

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
OTHER_LETTER = "#"


def letter_of(name: str) -> str:
    """The A–Z index letter of a name ('#' for digits, other scripts and symbols); leading
    quotes and an opening parenthesis are passed over."""
    first = name.lstrip("\"'“‘(").upper()[:1]
    return first if first in LETTERS else OTHER_LETTER
