"""Header labels read by meaning: many written forms per canonical field (data in labels.json)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

LABELS_FILE = Path(__file__).parent / "knowledge" / "labels.json"
_PUNCT = re.compile(r"[\s_.\-]+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})

# Labels that only ever start a header field (never a word in a sentence): they may also be
# found in the middle of a line ("Chapters: 1 Completed: Yes").
STRONG = {
    "title",
    "author",
    "rating",
    "pairing",
    "fandom",
    "characters",
    "category",
    "genre",
    "warnings",
    "spoilers",
    "summary",
    "disclaimer",
    "feedback",
    "distribution",
    "word_count",
    "status",
    "chapters",
    "series",
    "published",
    "updated",
    "read",
    "language",
}


def label_key(label: str) -> str:
    """The comparison form of a written label: casefolded, apostrophes straight, spacing collapsed."""
    key = label.translate(_APOSTROPHES).casefold().replace("(s)", "s").replace("(es)", "es")
    key = key.strip(" \t*#~=_-:[](){}<>|")
    return _PUNCT.sub(" ", key).strip()


@lru_cache(maxsize=1)
def synonyms() -> dict[str, str]:
    """Every known written form (as `label_key`) mapped to its canonical field."""
    data = json.loads(LABELS_FILE.read_text(encoding="utf-8"))
    table: dict[str, str] = {}
    for canonical, forms in data.items():
        if canonical.startswith("_"):
            continue
        for form in [canonical.replace("_", " "), *forms]:
            table.setdefault(label_key(form), canonical)
    return table


# Head words of a label that names where something is ("Story URL", "Author URL"), never what.
LINK_WORDS = frozenset({"url", "urls", "link", "links", "website", "homepage"})
# Words that make the first word of a label its head ("notas de la traductora").
OF_WORDS = frozenset({"de", "del", "della", "dell'", "di", "du", "des", "da", "do", "dos", "von"})


@lru_cache(maxsize=4096)
def canonical_label(label: str, *, guess: bool = True) -> str | None:
    """The canonical field for a written label, or None when the label means nothing we know.

    Exact forms come first, and a plural or singular variant; then (with `guess`) the head word
    ("Story Title", "Main Pairing"), so that labels nobody listed are still read by meaning.
    """
    table = synonyms()
    key = label_key(label)
    if not key or len(key) > 40:
        return None
    if key in table:
        return table[key]
    for variant in (key.rstrip("s"), key + "s"):
        if variant in table:
            return table[variant]
    if not guess:
        return None
    words = key.split()
    if 1 < len(words) <= 4 and words[-1] in LINK_WORDS:
        return table.get(words[-1]) or "email"  # "Story URL", "Author Link": an address
    if 1 < len(words) <= 4:
        # "Story Title": the head word is last; "Nota de la autora": before "de" it is first.
        order = (words[0], words[-1]) if words[1] in OF_WORDS else (words[-1], words[0])
        for word in order:
            found = table.get(word) or table.get(word.rstrip("s"))
            if found and found not in (
                "dedication",
                "email",
                "read",
                "mood",
                "published",
                "mailheader",
                "subject",
            ):
                return found
    if "/" in key and len(key) <= 30:
        # "Spoilers/Timeline", "Rating/Warnings": the first of two joined labels.
        first = key.split("/")[0].strip()
        if first in table:
            return table[first]
    return None


@lru_cache(maxsize=1)
def strong_label_pattern() -> re.Pattern:
    """A regex finding strong labels followed by a colon anywhere in a line (capitalized)."""
    forms = sorted(
        (form for form, canonical in synonyms().items() if canonical in STRONG and len(form) > 2),
        key=len,
        reverse=True,
    )
    alternatives = "|".join(re.escape(f).replace(r"\ ", r"[\s_.\-]+") for f in forms)
    return re.compile(rf"(?<![\w'])(?=[A-ZА-ЯЁ])(?:{alternatives})\s*:", re.IGNORECASE)
