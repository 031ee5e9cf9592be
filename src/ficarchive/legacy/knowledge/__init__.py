"""The fandom knowledge base: fandoms, canonical character names, nicknames, initials, genders.

The data lives in `fandoms/<slug>.json` (one file per fandom); this module loads every file once
and indexes names, aliases and initials case-insensitively.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

FANDOMS_DIR = Path(__file__).parent / "fandoms"
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_SPACES = re.compile(r"\s+")


def name_key(text: str) -> str:
    """Comparison form of a name: casefolded, straight apostrophes, single spaces, no edge dots."""
    if len(text) <= 60:
        return _short_name_key(text)  # the same few names come up in file after file
    return _name_key(text)


def _name_key(text: str) -> str:
    return _SPACES.sub(" ", text.translate(_APOSTROPHES).casefold()).strip(" .,;:!?\"'()[]")


_short_name_key = lru_cache(maxsize=8192)(_name_key)


def fandom_key(text: str) -> str:
    """Comparison form of a fandom name: like `name_key`, without a leading "the"."""
    key = name_key(text)
    return key[4:] if key.startswith("the ") else key


@dataclass(frozen=True)
class Character:
    """A canonical character of one fandom."""

    name: str
    gender: str
    fandom: str


@dataclass
class Fandom:
    """One fandom with its characters indexed by name/alias and by initials."""

    name: str
    aliases: list[str]
    characters: list[Character] = field(default_factory=list)
    by_name: dict[str, list[Character]] = field(default_factory=dict)
    by_initials: dict[str, list[Character]] = field(default_factory=dict)
    canonical: dict[str, Character] = field(default_factory=dict)


@dataclass
class KnowledgeBase:
    """All fandoms, indexed for the normalization rules."""

    fandoms: dict[str, Fandom] = field(default_factory=dict)
    fandom_index: dict[str, Fandom] = field(default_factory=dict)
    name_index: dict[str, list[Character]] = field(default_factory=dict)

    def fandom(self, written: str) -> Fandom | None:
        """The fandom a written name or abbreviation stands for, or None."""
        key = fandom_key(written)
        found = self.fandom_index.get(key)
        if found is None and "(" in key:
            found = self.fandom_index.get(fandom_key(key.split("(")[0]))
        return found

    def resolve(
        self, written: str, context: list[Fandom], *, anywhere: bool = True
    ) -> Character | None:
        """The canonical character a written name, nickname or initial stands for.

        Names are looked up in the context fandoms first (initials only there, since they are
        ambiguous); then across all fandoms, answering only when the answer is unique.
        """
        key = name_key(written)
        if not key:
            return None
        for fandom in context:
            hits = fandom.by_name.get(key)
            if hits and len({c.name for c in hits}) == 1:
                return hits[0]
        if len(key) <= 3:
            for fandom in context:
                hits = fandom.by_initials.get(key)
                if hits and len({c.name for c in hits}) == 1:
                    return hits[0]
        for fandom in context:
            # "Mr. Giles" or "Giles Rupert": one word that is unambiguous inside the fandom.
            words = [w for w in key.split() if len(w) > 2]
            if len(key.split()) > 1 and words:
                found = {c for w in words for c in fandom.by_name.get(w, [])}
                if len(found) == 1:
                    return next(iter(found))
        if not anywhere:
            return None
        hits = self.name_index.get(key, [])
        if len({(c.fandom, c.name) for c in hits}) == 1:
            return hits[0]
        canonical_hits = [c for c in hits if name_key(c.name) == key]
        if len(canonical_hits) == 1:
            return canonical_hits[0]
        return None

    def fandoms_of(self, written: str) -> set[str]:
        """Names of the fandoms in which a written character name is known (not by initials)."""
        key = name_key(written)
        hits = self.name_index.get(key)
        if not hits and " " in key:
            # "Harry P.", "Hermione G.": the name without its initial.
            words = [w for w in key.split() if len(w) > 2]
            if len(words) == 1:
                hits = self.name_index.get(words[0])
        return {c.fandom for c in hits or []}


def _index(kb: KnowledgeBase, data: dict) -> None:
    name = str(data.get("name") or "").strip()
    if not name:
        return
    fandom = Fandom(name=name, aliases=[str(a) for a in data.get("aliases") or []])
    kb.fandoms[name] = fandom
    for alias in [name, *fandom.aliases]:
        kb.fandom_index.setdefault(fandom_key(alias), fandom)
    for entry in data.get("characters") or []:
        if not isinstance(entry, dict) or not entry.get("name"):
            continue
        gender = str(entry["gender"]) if entry.get("gender") in ("F", "M", "NB", "X") else "X"
        character = Character(name=str(entry["name"]), gender=gender, fandom=name)
        fandom.characters.append(character)
        fandom.canonical[name_key(character.name)] = character
        for written in [character.name, *(entry.get("aliases") or [])]:
            key = name_key(str(written))
            if key:
                fandom.by_name.setdefault(key, []).append(character)
                kb.name_index.setdefault(key, []).append(character)
        for initial in entry.get("initials") or []:
            key = name_key(str(initial))
            if key:
                fandom.by_initials.setdefault(key, []).append(character)
    # A canonical name wins over another character's alias ("Spike" the name, not a nickname).
    for key, character in fandom.canonical.items():
        fandom.by_name[key] = [character]


@lru_cache(maxsize=4)
def load_knowledge(directory: str | None = None) -> KnowledgeBase:
    """Load every fandom file of `directory` (default: the packaged data) once."""
    kb = KnowledgeBase()
    folder = Path(directory) if directory else FANDOMS_DIR
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict):
            _index(kb, data)
        elif isinstance(data, list):
            for item in data:
                if isinstance(item, dict):
                    _index(kb, item)
    return kb
