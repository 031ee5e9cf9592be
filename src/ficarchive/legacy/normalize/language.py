"""The language of a story, guessed from its most common little words (or named in the header)."""

from __future__ import annotations

import re
from collections import Counter

STOPWORDS = {
    "en": {
        "the",
        "and",
        "to",
        "of",
        "a",
        "he",
        "she",
        "was",
        "it",
        "his",
        "her",
        "that",
        "in",
        "you",
        "i",
        "with",
    },
    "fr": {
        "le",
        "la",
        "les",
        "et",
        "de",
        "un",
        "une",
        "il",
        "elle",
        "est",
        "que",
        "pas",
        "je",
        "dans",
        "qui",
    },
    "de": {
        "der",
        "die",
        "und",
        "das",
        "ist",
        "nicht",
        "er",
        "sie",
        "ein",
        "eine",
        "zu",
        "ich",
        "mit",
        "den",
    },
    "es": {
        "el",
        "la",
        "los",
        "y",
        "de",
        "que",
        "en",
        "un",
        "una",
        "no",
        "se",
        "por",
        "con",
        "su",
        "lo",
    },
    "it": {"il", "di", "che", "e", "la", "non", "un", "una", "per", "è", "lo", "gli", "mi", "si"},
    "pt": {"o", "a", "os", "e", "de", "que", "não", "um", "uma", "do", "da", "em", "ele", "ela"},
    "nl": {"de", "het", "een", "en", "van", "ik", "niet", "is", "dat", "hij", "zij", "je", "op"},
}
NAMES = {
    "english": "en",
    "french": "fr",
    "français": "fr",
    "german": "de",
    "deutsch": "de",
    "spanish": "es",
    "español": "es",
    "italian": "it",
    "italiano": "it",
    "portuguese": "pt",
    "dutch": "nl",
    "russian": "ru",
    "русский": "ru",
    "japanese": "ja",
    "chinese": "zh",
}
WORD = re.compile(r"[^\W\d_]+")


def language_from_name(value: str) -> str | None:
    """ISO code for a language named in a header ("English", "ru")."""
    key = value.strip().casefold().rstrip(".")
    if key in NAMES:
        return NAMES[key]
    return key if re.fullmatch(r"[a-z]{2}", key) else None


CYRILLIC = re.compile(r"[\u0400-\u04ff]")
KANA = re.compile(r"[\u3040-\u30ff]")
HAN = re.compile(r"[\u4e00-\u9fff]")


def guess_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little to tell."""
    sample = text[:1500]
    for pattern, code, share in ((CYRILLIC, "ru", 2), (KANA, "ja", 4), (HAN, "zh", 4)):
        if not sample.isascii() and pattern.search(sample):
            letters = sum(map(len, WORD.findall(sample)))
            if len(pattern.findall(sample)) > letters / share:
                return code
    words = sample.casefold().split()[:250]
    if len(words) < 5:
        return None
    counts = Counter(words)
    scores = {
        code: sum(counts[w] for w in counts.keys() & stop) for code, stop in STOPWORDS.items()
    }
    best = max(scores, key=lambda code: scores[code])
    return best if scores[best] >= max(2, len(words) // 50) else None
