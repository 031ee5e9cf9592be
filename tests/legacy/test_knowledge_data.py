"""The fandom knowledge base: one JSON file per fandom, read by the legacy parser.

These tests read the data files directly (not through the loader), so that the data's
shape and facts are checked on their own.
"""

import json
import re
from pathlib import Path

import pytest

FANDOMS_DIR = (
    Path(__file__).resolve().parents[2] / "src" / "ficarchive" / "legacy" / "knowledge" / "fandoms"
)
GENDERS = {"F", "M", "NB", "X"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
INITIALS = re.compile(r"^[A-Z]{1,3}$")


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _files() -> list[Path]:
    return sorted(FANDOMS_DIR.glob("*.json"))


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _all() -> dict[str, dict]:
    return {path.stem: _load(path) for path in _files()}


def _by_name() -> dict[str, dict]:
    return {_fold(doc["name"]): doc for doc in _all().values()}


def _resolve(doc: dict, written: str) -> list[str]:
    """Canonical names in one fandom that a written name (canonical or alias) stands for."""
    key = _fold(written)
    return [
        char["name"]
        for char in doc["characters"]
        if key == _fold(char["name"]) or key in {_fold(a) for a in char["aliases"]}
    ]


def _first_with_initial(doc: dict, letter: str) -> str:
    return next(char["name"] for char in doc["characters"] if letter in char["initials"])


def test_folder_holds_fandom_files():
    """The fandoms folder exists and holds JSON files."""
    assert FANDOMS_DIR.is_dir()
    assert _files()


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.stem)
def test_file_has_schema(path: Path):
    """Each file is UTF-8 JSON with exactly name, aliases, characters, typed as the loader expects."""
    assert SLUG.match(path.stem), path.name
    doc = _load(path)
    assert set(doc) == {"name", "aliases", "characters"}
    assert isinstance(doc["name"], str) and doc["name"].strip() == doc["name"] != ""
    assert isinstance(doc["aliases"], list)
    assert all(isinstance(a, str) and a.strip() == a != "" for a in doc["aliases"])
    assert isinstance(doc["characters"], list) and len(doc["characters"]) >= 5
    for char in doc["characters"]:
        assert set(char) == {"name", "gender", "aliases", "initials"}, char
        assert isinstance(char["name"], str) and char["name"].strip() == char["name"] != ""
        assert "/" not in char["name"], char["name"]
        assert char["gender"] in GENDERS, char
        assert all(isinstance(a, str) and a.strip() == a != "" for a in char["aliases"]), char
        assert all("/" not in a for a in char["aliases"]), char
        assert all(isinstance(i, str) and INITIALS.match(i) for i in char["initials"]), char


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.stem)
def test_names_and_aliases_are_unambiguous_within_a_fandom(path: Path):
    """Within a fandom, canonical names are unique and every alias points at one character only."""
    doc = _load(path)
    owner: dict[str, str] = {}
    for char in doc["characters"]:
        key = _fold(char["name"])
        assert key not in owner, f"{char['name']} listed twice"
        owner[key] = char["name"]
    for char in doc["characters"]:
        own = {_fold(char["name"])}
        for alias in char["aliases"]:
            key = _fold(alias)
            assert key not in own, f"{char['name']}: alias {alias!r} repeated"
            own.add(key)
            assert owner.get(key, char["name"]) == char["name"], (
                f"{alias!r} means both {owner[key]} and {char['name']}"
            )
            owner[key] = char["name"]


def test_fandom_names_and_aliases_are_unique_across_files():
    """No two fandom files share a canonical name, and no fandom alias names two fandoms."""
    owner: dict[str, str] = {}
    for doc in _all().values():
        for written in [doc["name"], *doc["aliases"]]:
            key = _fold(written)
            assert owner.get(key, doc["name"]) == doc["name"], (
                f"{written!r} names both {owner[key]} and {doc['name']}"
            )
            owner[key] = doc["name"]


def test_btvs_initials_w_and_s():
    """In BtVS shorthand, W is Willow Rosenberg and S is Spike (so W/S reads Willow/Spike)."""
    btvs = _by_name()[_fold("Buffy the Vampire Slayer")]
    assert _first_with_initial(btvs, "W") == "Willow Rosenberg"
    assert _first_with_initial(btvs, "S") == "Spike"
    assert _first_with_initial(btvs, "B") == "Buffy Summers"
    assert _first_with_initial(btvs, "G") == "Rupert Giles"


def test_btvs_nicknames_resolve():
    """Common BtVS header nicknames resolve to AO3's canonical names."""
    btvs = _by_name()[_fold("Buffy the Vampire Slayer")]
    assert _resolve(btvs, "Giles") == ["Rupert Giles"]
    assert _resolve(btvs, "Ripper") == ["Rupert Giles"]
    assert _resolve(btvs, "Xan") == ["Xander Harris"]
    assert _resolve(btvs, "Cordy") == ["Cordelia Chase"]
    assert _resolve(btvs, "Dru") == ["Drusilla"]
    assert _resolve(btvs, "buffy") == ["Buffy Summers"]
