"""Warnings onto AO3's archive warnings; the rest become additional (freeform) tags."""

from __future__ import annotations

import re

CHOSE_NOT = "Creator Chose Not To Use Archive Warnings"
NO_WARNINGS = "No Archive Warnings Apply"
ARCHIVE_WARNINGS = [
    (
        re.compile(r"(?i)\b(?:graphic\s+)?violen|gore|torture|\bblood|насили[ея]|жестокост|gewalt"),
        "Graphic Depictions Of Violence",
    ),
    (
        re.compile(
            r"(?i)(?:major\s+)?character\s+death|\bmcd\b|\bdeath\b|\bdies\b|\bkilled\b"
            r"|смерть|гибель|\bmuerte\b|\bmort\b|\bmorte\b|\btod\b"
        ),
        "Major Character Death",
    ),
    (
        re.compile(r"(?i)\brape\b|non[- ]?con|dub[- ]?con|sexual assault|изнасилован|vergewaltig"),
        "Rape/Non-Con",
    ),
    (re.compile(r"(?i)underage|under[- ]?age|\bminor\b|chan\b"), "Underage Sex"),
    (re.compile(r"(?i)choose not to|chose not to|creator chose"), CHOSE_NOT),
]
AO3_NAMES = {
    name.casefold(): name
    for name in (
        CHOSE_NOT,
        NO_WARNINGS,
        "Graphic Depictions Of Violence",
        "Major Character Death",
        "Rape/Non-Con",
        "Underage Sex",
        "Underage",
    )
}
AO3_NAMES["underage"] = "Underage Sex"
NONE_WORDS = re.compile(
    r"(?i)^\s*(?:none|no|nope|n/a|nothing|no warnings?(?: apply)?|none really|not really|nada)\s*[.!]*\s*$"
)
SPLIT = re.compile(r"\s*(?:[,;]|\n|\s+and\s+)\s*")


# "This story contains ...", "If that bothers you, ...": a warning written as sentences.
PROSE_WARNING = re.compile(
    r"(?i)\b(?:this (?:story|fic|part|chapter)|if (?:you|that|this))\b|[.!?]\s+\S"
)
MIN_PROSE_WORDS = 10


def is_prose_warning(text: str) -> bool:
    """A warning written as sentences, to be read as a note rather than split into tags."""
    return len(text.split()) >= MIN_PROSE_WORDS and PROSE_WARNING.search(text[:2000]) is not None


def read_warnings(values: list[str]) -> tuple[list[str], list[str]]:
    """(archive warnings, freeform tags) from the header's warning values."""
    if not values:
        return [CHOSE_NOT], []
    warnings: list[str] = []
    freeform: list[str] = []
    for value in values:
        if NONE_WORDS.match(value):
            if NO_WARNINGS not in warnings:
                warnings.append(NO_WARNINGS)
            continue
        for item in SPLIT.split(value):
            item = item.strip(" .*")
            if not item or NONE_WORDS.match(item):
                continue
            exact = AO3_NAMES.get(item.casefold())
            if exact:
                if exact not in warnings:
                    warnings.append(exact)
                continue
            mapped = next((w for pattern, w in ARCHIVE_WARNINGS if pattern.search(item)), None)
            if mapped and mapped not in warnings:
                warnings.append(mapped)
            if (
                not mapped
                or (mapped in ("Graphic Depictions Of Violence",) and len(item.split()) > 3)
            ) and item not in freeform:
                freeform.append(item)
    if len(warnings) > 1 and NO_WARNINGS in warnings:
        warnings.remove(NO_WARNINGS)
    return (warnings or [CHOSE_NOT]), freeform
