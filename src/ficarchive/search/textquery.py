"""The search box's query language, parsed into a backend-neutral `TextQuery`.

AO3-like syntax: words are ANDed, `"quoted phrases"`, `-word` or `-"a phrase"` excludes, `a OR b`
matches either, `in:text` also searches the story text. Anything else is punctuation. Parsing never
fails: a malformed query is repaired and a note says what was done, so backends only ever receive
plain words and never their own syntax characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Beyond these a query is shortened with a note (a 10,000-character query is not an error):
# each phrase costs a positional match, so phrases are capped well below plain words.
MAX_TERMS = 32
MAX_PHRASES = 8
MAX_PHRASE_WORDS = 8
MAX_WORD_LENGTH = 64

WORD_RE = re.compile(r"\w+", re.UNICODE)
TOKEN_RE = re.compile(r'-?"[^"]*"?|\S+', re.UNICODE)


@dataclass(frozen=True)
class Term:
    """One word, or a phrase of several words that must appear in order."""

    words: tuple[str, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    def __str__(self) -> str:
        return f'"{" ".join(self.words)}"' if self.is_phrase else self.words[0]


@dataclass
class TextQuery:
    """A parsed query: all `groups` must match (each group is an OR of terms), no `excluded` may."""

    groups: list[tuple[Term, ...]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    in_text: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.excluded

    @property
    def has_positive(self) -> bool:
        return bool(self.groups)

    def positive_terms(self) -> list[Term]:
        """Every term that can match (used to highlight)."""
        return [term for group in self.groups for term in group]

    def __str__(self) -> str:
        parts = [" OR ".join(str(t) for t in group) for group in self.groups]
        parts += [f"-{t}" for t in self.excluded]
        if self.in_text:
            parts.append("in:text")
        return " ".join(parts)


def _term_from(text: str) -> Term | None:
    words = tuple(w.lower()[:MAX_WORD_LENGTH] for w in WORD_RE.findall(text))
    return Term(words) if words else None


def _note_once(query: TextQuery, note: str) -> None:
    if note not in query.notes:
        query.notes.append(note)


def _phrase_capped(query: TextQuery, term: Term, phrases: int) -> Term | None:
    """A phrase within the caps (None when MAX_PHRASES are taken; a word passes as it is); the
    notes say what was cut."""
    if not term.is_phrase:
        return term
    if phrases >= MAX_PHRASES:
        _note_once(
            query,
            f"Only the first {MAX_PHRASES} quoted phrases were searched; the others were left out.",
        )
        return None
    if len(term.words) > MAX_PHRASE_WORDS:
        _note_once(query, f"A quoted phrase was shortened to its first {MAX_PHRASE_WORDS} words.")
        return Term(term.words[:MAX_PHRASE_WORDS])
    return term


def text_query_parse(raw: str, *, in_text: bool = False) -> TextQuery:
    """Parse the search box's text. Never raises; repairs bad input and explains it in `notes`."""
    query = TextQuery(in_text=in_text)
    raw = raw or ""
    if raw.count('"') % 2:
        query.notes.append("An unmatched quote mark was closed at the end of the query.")
    pending_or = False
    dropped_operator = False
    count = phrases = 0
    for token in TOKEN_RE.findall(raw):
        if token.lower() == "in:text":
            query.in_text = True
            continue
        if token == "OR":
            if query.groups and not pending_or:
                pending_or = True
            else:
                dropped_operator = True
            continue
        negated = token.startswith("-") and len(token) > 1
        body = token[1:] if negated else token
        term = _term_from(body)
        if term is None:
            if token.strip("-") == "":
                dropped_operator = True
            continue
        if count >= MAX_TERMS:
            query.notes.append(f"The query was shortened to its first {MAX_TERMS} terms.")
            break
        term = _phrase_capped(query, term, phrases)
        if term is None:
            pending_or = False
            continue
        phrases += term.is_phrase
        count += 1
        if negated:
            if pending_or:
                dropped_operator = True
                pending_or = False
            query.excluded.append(term)
        elif pending_or:
            query.groups[-1] = (*query.groups[-1], term)
            pending_or = False
        else:
            query.groups.append((term,))
    if pending_or or dropped_operator:
        query.notes.append("An operator with nothing to join (OR, -) was ignored.")
    if raw.strip() and query.is_empty and not dropped_operator:
        query.notes.append("The query has no words to search for, so it was ignored.")
    return query
