"""Plain text that every page, feed and book can hold: the one rule for control characters.

XML 1.0 cannot carry most C0 controls, lone surrogates or U+FFFE/U+FFFF; HTML parsers drop or
mangle them; C1 controls (U+0080-U+009F) are mojibake or terminal escapes, never story text. So
everything that comes in (the legacy reader's output, forms, the API, rescued archives) passes
through `text_clean`, and every XML writer applies it again on the way out. Pure Python.
"""

from __future__ import annotations

import dataclasses
import functools
import re

# Kept: tab and newline. Carriage returns become newlines (CR LF is one line end).
# C0 controls, DEL and C1 controls, lone surrogates, and the Basic Multilingual Plane's
# non-characters (U+FDD0-U+FDEF, U+FFFE, U+FFFF).
BMP_UNWANTED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
# The last two code points of every other plane. Searching for these is ten times slower than
# for the class above, so it runs only on text that holds characters past the first plane.
ASTRAL = re.compile("[\U00010000-\U0010ffff]")
ASTRAL_NONCHARACTERS = re.compile(
    "["
    + "".join(
        f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
    )
    + "]"
)


# The ASCII characters `text_clean` keeps: deleting them from ASCII text leaves only what must go.
ASCII_KEPT = bytes(c for c in range(128) if not BMP_UNWANTED.match(chr(c)))


def _has_unwanted(text: str) -> bool:
    """`BMP_UNWANTED` occurs in `text`. Longer ASCII text (most of a story) is checked by one
    byte translation, several times quicker than the regex's scan; a short string by the regex,
    whose call costs less."""
    if len(text) > 200 and text.isascii():
        return bool(text.encode("ascii").translate(None, ASCII_KEPT))
    return BMP_UNWANTED.search(text) is not None


def text_clean(text: str) -> str:
    """`text` without C0 and C1 controls (tab and newline kept), lone surrogates and Unicode
    non-characters; CR LF and lone CR become LF. Linear in the length; text that needs no
    change is returned as it is."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _has_unwanted(text):
        text = BMP_UNWANTED.sub("", text)
    if not text.isascii() and ASTRAL.search(text) is not None:
        text = ASTRAL_NONCHARACTERS.sub("", text)
    return text


def text_clean_all(value):
    """`value` with `text_clean` applied to every string inside it: in lists, tuples, dict keys
    and values, and the fields of dataclass instances (changed in place; frozen ones are
    copied). Other values pass as they are."""
    kind = type(value)
    if kind is str:
        return text_clean(value)
    if kind in _PLAIN:
        return value  # the common leaves: nothing inside to clean
    if isinstance(value, str):
        return text_clean(value)
    if isinstance(value, list):
        return [text_clean_all(item) for item in value]
    if isinstance(value, tuple):
        return tuple(text_clean_all(item) for item in value)
    if isinstance(value, dict):
        return {text_clean_all(k): text_clean_all(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for name in _field_names(kind):
            current = getattr(value, name)
            cleaned = text_clean_all(current)
            if cleaned is not current:
                changes[name] = cleaned
        if changes and value.__dataclass_params__.frozen:
            return dataclasses.replace(value, **changes)
        for name, cleaned in changes.items():
            setattr(value, name, cleaned)
        return value
    return value


_PLAIN = frozenset({type(None), bool, int, float})


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    """The names of a dataclass's fields (asked once per class)."""
    return tuple(f.name for f in dataclasses.fields(kind))
