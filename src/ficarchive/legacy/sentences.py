"""The sentences of a prose paragraph, and the run of them that is the disclaimer.

Authors wrote their header as one paragraph of sentences: an intro, a rating, who owns the
characters, when the story is set. A paragraph read as a disclaimer because one sentence
disclaims keeps only that run: from the first sentence that disclaims ownership, through the
sentences that go on in the same voice ("I only borrow them", "please don't sue"), up to a
sentence that says something else (a rating, a setting, a wish about feedback or archiving,
a label). Every rule is one pass over the text.
"""

from __future__ import annotations

import re

from ficarchive.legacy.document import Field
from ficarchive.legacy.header import is_known_label
from ficarchive.legacy.normalize.prose import (
    COMPANY,
    COPYRIGHT_LINE,
    is_disclaimer,
    prose_feedback,
    prose_permission,
    prose_rating,
)

# A sentence ends at . ! or ? (and any closing quote or bracket) before a space and a capital.
SENTENCE_BREAK = re.compile(r"[.!?]+[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")
# Words before a full stop that do not end a sentence: titles of address, initials (but not
# the letter of a rating: "Rated G. Star Trek belongs to ...").
ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Lt|Jr|Sr|Capt|Cmdr|Col|Gen|Sgt|Prof|Rev|vs|No|Vol)"
    r"|(?<![Rr]ated )(?<!RATED )\b[A-Z])[.]$"
)
# A sentence that moves on from the disclaimer: when or where the story is set, what it spoils.
MOVES_ON = re.compile(
    r"(?i)^\W{0,3}(?:set\b|takes? place|spoilers?\b|season \w+|timeline|sequel\b|summary\b|"
    r"warnings?\b|notes?\b|a/n\b|thanks\b|dedicated\b|this (?:story|fic|piece) (?:is set|follows|"
    r"takes place|is a sequel|continues))"
)
# Ownership said in words the paragraph test does not hold: "I don't own them".
OWNED = re.compile(r"(?i)\bI (?:don'?t|do not) own\b")


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, in order, each stripped; the text itself when it has one."""
    sentences: list[str] = []
    start = 0
    for match in SENTENCE_BREAK.finditer(text):
        head = text[start : match.start() + 1]
        if ABBREVIATION.search(head[-12:]):
            continue
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def disclaims(sentence: str) -> bool:
    """The sentence disclaims ownership of the characters or the show."""
    if is_disclaimer(sentence) or OWNED.search(sentence):
        return True
    return bool(COPYRIGHT_LINE.search(sentence) and COMPANY.search(sentence))


def moves_on(sentence: str) -> bool:
    """The sentence says something other than who owns what: the disclaimer stops before it."""
    return bool(
        MOVES_ON.match(sentence)
        or prose_rating(sentence)[0] is not None
        or prose_feedback(sentence) is not None
        or prose_permission(sentence) is not None
        or (":" in sentence[:30] and is_known_label(sentence))
    )


def disclaimer_span(text: str) -> str:
    """The run of sentences of `text` that is its disclaimer; `text` itself when no sentence
    disclaims on its own (the paragraph as a whole said so)."""
    sentences = split_sentences(" ".join(text.split()))
    start = next((i for i, sentence in enumerate(sentences) if disclaims(sentence)), None)
    if start is None:
        return text
    end = start + 1
    while end < len(sentences) and (disclaims(sentences[end]) or not moves_on(sentences[end])):
        end += 1
    return " ".join(sentences[start:end])


def trim_prose_disclaimers(fields: list[Field]) -> None:
    """Each disclaimer read from prose (no label said it) keeps only its disclaimer sentences."""
    for item in fields:
        if item.name == "disclaimer" and not item.label and item.source == "prose":
            item.value = disclaimer_span(item.value)
