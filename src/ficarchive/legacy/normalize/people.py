"""Author names without e-mail addresses, links or decoration."""

from __future__ import annotations

import re

# An address is tried from the first character of a word only (the look-behind): tried from
# every character of a long word with no "@", it would cost the word's length squared.
EMAIL = re.compile(r"\s*[(<\[]?\s*(?:mailto:)?(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*[)>\]]?")
URL = re.compile(r"\s*[(<\[]?\s*(?:https?://|www\.)\S+\s*[)>\]]?")
SPLIT = re.compile(r"\s*(?:,|&|\band\b|\bи\b)\s*")


def read_authors(value: str) -> list[str]:
    """Author names from a byline ("Jami (jami@example.com)", "A and B", "<lj user=x>")."""
    # Runs of spaces made one first: every pattern below then tries a space in one step.
    text = EMAIL.sub(" ", " ".join(value.split()))
    text = URL.sub(" ", text)
    text = re.sub(r"(?i)^\s*(?:by|written by|author:?)\s+", "", text)
    text = re.sub(r"\s*\(\s*\)\s*", " ", text)
    text = re.sub(r"\s*(?:aka|a\.k\.a\.)\s+.*$", "", text, flags=re.IGNORECASE)
    names = []
    for item in SPLIT.split(text.strip()):
        item = item.strip(' .;:-–—*"“”[]()')
        if item and item not in names:
            names.append(item)
    return names
