"""Ratings from every common scale onto AO3's five (data in knowledge/ratings.json)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

RATINGS_FILE = Path(__file__).parent.parent / "knowledge" / "ratings.json"
NOT_RATED = "Not Rated"
_KEY = re.compile(r"[\s._]+")
# Order matters: longer, more specific scale names first ("NC-17" before "R", "PG-13" before "PG").
TOKEN = re.compile(
    r"(?i)\b(?:nc[- ]?\d\d|pg[- ]?\d\d\+?|fr(?:ao|[a-z]|\d\d)|tv-(?:ma|14|pg|g|y7|y)|r[- ]?1[5-8]|"
    r"all ages|general audiences?|teen and up(?: audiences)?|not rated|adults? only|adult|"
    r"mature|explicit|teens?\+?|general|gen|unrated|pg|ma|k\+|xxx|xx|x|r|g|m|t|k|e)(?![\w])|\b1[2-8]\+?(?!\d)|\b21\+?(?!\d)"
)


def rating_key(text: str) -> str:
    """Comparison form of a written rating."""
    return _KEY.sub(" ", text.casefold()).strip(" .;,:!()[]").replace(" - ", "-")


@lru_cache(maxsize=1)
def rating_table() -> dict[str, str]:
    """Every known written rating (as `rating_key`) mapped to its AO3 rating."""
    data = json.loads(RATINGS_FILE.read_text(encoding="utf-8"))
    table = {}
    for ao3, forms in data.items():
        if ao3.startswith("_"):
            continue
        table[rating_key(ao3)] = ao3
        for form in forms:
            table.setdefault(rating_key(form), ao3)
            table.setdefault(rating_key(form).replace(" ", ""), ao3)
    return table


def original_rating(value: str) -> str:
    """The rating as written, without a trailing explanation ("R for language" → "R")."""
    text = value.strip().strip("*_ ")
    if rating_key(text) in rating_table():
        return text
    match = TOKEN.search(text)
    return match.group(0).strip() if match else text


def normalize_rating(value: str | None) -> str:
    """AO3's rating for a written rating; "Not Rated" when it is missing or unknown."""
    if not value or not value.strip():
        return NOT_RATED
    table = rating_table()
    key = rating_key(value)
    if key in table:
        return table[key]
    if key.replace(" ", "") in table:
        return table[key.replace(" ", "")]
    match = TOKEN.search(value)
    if match:
        token = rating_key(match.group(0))
        return table.get(token) or table.get(token.replace(" ", "")) or NOT_RATED
    return NOT_RATED
