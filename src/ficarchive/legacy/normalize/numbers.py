"""Written-out numbers: "one", "Second", "twenty-three", roman numerals, digits."""

from __future__ import annotations

import re

CARDINALS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "last": None,
    "final": None,
}
ROMAN = re.compile(r"^(?=[ivxlc]+$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
NUMBER_WORD = (
    r"(?:\d+(?:st|nd|rd|th)?|[ivxlc]+|(?:twenty|thirty|forty|fifty)[- ](?:one|two|three|four|five|six|seven|eight|nine|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|"
    + "|".join(sorted([*CARDINALS, *ORDINALS], key=len, reverse=True))
    + ")"
)


def parse_number(text: str) -> int | None:
    """The value of a number written in digits, words ("twenty-one", "third") or roman numerals."""
    word = text.strip().casefold().rstrip(".")
    if not word:
        return None
    digits = re.match(r"^(\d+)(?:st|nd|rd|th)?$", word)
    if digits:
        return int(digits.group(1))
    if word in CARDINALS:
        return CARDINALS[word]
    if word in ORDINALS:
        return ORDINALS[word]
    parts = re.split(r"[- ]", word)
    if len(parts) == 2 and parts[0] in CARDINALS:
        unit = CARDINALS.get(parts[1]) or ORDINALS.get(parts[1])
        if unit is not None and unit < 10:
            return CARDINALS[parts[0]] + unit
    if ROMAN.match(word):
        total = 0
        for i, ch in enumerate(word):
            value = ROMAN_VALUES[ch]
            nxt = ROMAN_VALUES[word[i + 1]] if i + 1 < len(word) else 0
            total += -value if value < nxt else value
        return total or None
    return None
