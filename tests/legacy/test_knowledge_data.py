"""The fandom knowledge base: one JSON file per fandom, read by the legacy parser.

These tests read the data files directly (not through the loader), so that the data's
shape and facts are checked on their own.
"""

import json
import re
from functools import cache
from pathlib import Path

import pytest

FANDOMS_DIR = (
    Path(__file__).resolve().parents[2] / "src" / "ficarchive" / "legacy" / "knowledge" / "fandoms"
)
GENDERS = {"F", "M", "NB", "X"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
INITIALS = re.compile(r"^[A-Z][A-Za-z]{0,2}$")


def _fold(text: str) -> str:
    """Comparison form, as loose as a header reader's: case, apostrophes, spacing, edge dots."""
    straight = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    return " ".join(straight.split()).casefold().strip(" .,;:!?\"'()[]")


def _fold_fandom(text: str) -> str:
    """Comparison form of a fandom name: a leading "The" does not count."""
    key = _fold(text)
    return key.removeprefix("the ")


def _files() -> list[Path]:
    return sorted(FANDOMS_DIR.glob("*.json"))


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _all() -> dict[str, dict]:
    return {path.stem: _load(path) for path in _files()}


@cache
def _by_name() -> dict[str, dict]:
    return {_fold(doc["name"]): doc for doc in _all().values()}


@cache
def _name_index(fandom: str) -> dict[str, list[str]]:
    """Folded canonical names and aliases of one fandom, each with the characters it names."""
    index: dict[str, list[str]] = {}
    for char in _by_name()[_fold(fandom)]["characters"]:
        for written in [char["name"], *char["aliases"]]:
            names = index.setdefault(_fold(written), [])
            if char["name"] not in names:
                names.append(char["name"])
    return index


def _resolve(doc: dict, written: str) -> list[str]:
    """Canonical names in one fandom that a written name (canonical or alias) stands for."""
    return list(_name_index(doc["name"]).get(_fold(written), []))


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
    assert isinstance(doc["name"], str)
    assert doc["name"].strip() == doc["name"] != ""
    assert isinstance(doc["aliases"], list)
    assert all(isinstance(a, str) and a.strip() == a != "" for a in doc["aliases"])
    folded = [_fold_fandom(a) for a in [doc["name"], *doc["aliases"]]]
    assert len(folded) == len(set(folded)), "fandom alias repeated"
    assert isinstance(doc["characters"], list)
    assert len(doc["characters"]) >= 5
    for char in doc["characters"]:
        assert set(char) == {"name", "gender", "aliases", "initials"}, char
        assert isinstance(char["name"], str)
        assert char["name"].strip() == char["name"] != ""
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
            key = _fold_fandom(written)
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


SHARED_EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval"
# The corpus keeps these crossover names as the header wrote them; AO3 (and this data)
# canonicalise them. The divergence is deliberate and pinned here.
CORPUS_KEEPS_AS_WRITTEN = {"Holmes": "Sherlock Holmes", "Watson": "John Watson"}
# Likewise one fandom, written as the header wrote it; AO3's canonical name is the longer one.
CORPUS_FANDOMS_AS_WRITTEN = {"Sherlock Holmes": "Sherlock Holmes - Arthur Conan Doyle"}


def _expected_files() -> list[Path]:
    files = sorted(SHARED_EVAL.glob("headers/*.expected.json"))
    files += sorted(SHARED_EVAL.glob("seed/*.expected.json"))
    assert len(files) > 50, f"evaluation corpus missing under {SHARED_EVAL}"
    return files


def _story_fandoms(expected: dict) -> list[dict]:
    by_name = _by_name()
    names = [CORPUS_FANDOMS_AS_WRITTEN.get(f, f) for f in expected.get("fandoms", [])]
    return [by_name[_fold(f)] for f in names if _fold(f) in by_name]


def _resolve_in(docs: list[dict], written: str) -> list[str]:
    """Canonical names a written name stands for; a bare initial falls back to shorthand."""
    found: list[str] = []
    for doc in docs:
        for name in _resolve(doc, written):
            if name not in found:
                found.append(name)
    if not found and INITIALS.match(written):
        for doc in docs:
            if any(written in char["initials"] for char in doc["characters"]):
                found.append(_first_with_initial(doc, written))
                break
    return found


def test_corpus_fandoms_are_canonical_names():
    """Every fandom the corpus expects is a canonical fandom name here (or, as written, an alias of
    one); the generic 'RPF' maps nowhere."""
    by_name = _by_name()
    aliases = {_fold(a) for doc in by_name.values() for a in doc["aliases"]}
    for path in _expected_files():
        for fandom in _load(path).get("fandoms", []):
            if fandom == "RPF":
                assert _fold(fandom) not in by_name
                assert _fold(fandom) not in aliases
            elif fandom in CORPUS_FANDOMS_AS_WRITTEN:
                doc = by_name[_fold(CORPUS_FANDOMS_AS_WRITTEN[fandom])]
                assert _fold(fandom) in {_fold(a) for a in doc["aliases"]}, fandom
            else:
                assert _fold(fandom) in by_name, f"{path.name}: {fandom}"


def test_corpus_pairings_expand_to_expected_canonical_names():
    """Each pairing as written in the corpus expands, name by name, to the expected canonical pairing."""
    checked = 0
    for path in _expected_files():
        expected = _load(path)
        written = expected.get("relationships_original")
        canonical = expected.get("relationships")
        if not written or not canonical:
            continue
        docs = _story_fandoms(expected)
        for short, full in zip(written, canonical, strict=True):
            for member, target in zip(short.split("/"), full.split("/"), strict=True):
                assert _resolve_in(docs, member) == [target], f"{path.name}: {member} -> {target}"
                checked += 1
    assert checked > 50


def test_corpus_character_names_are_canonical_or_resolvable():
    """Expected character names are canonical in the story's fandoms, or (where scored as a subset) aliases."""
    for path in _expected_files():
        expected = _load(path)
        docs = _story_fandoms(expected)
        loose = "characters" in (expected.get("subset_fields") or [])
        canonical = {_fold(c["name"]) for doc in docs for c in doc["characters"]}
        for name in expected.get("characters", []):
            if name in CORPUS_KEEPS_AS_WRITTEN:
                assert _resolve_in(docs, name) == [CORPUS_KEEPS_AS_WRITTEN[name]]
            elif loose:
                assert _resolve_in(docs, name) or not docs or name == "Ronnie Pilfrey", (
                    f"{path.name}: {name}"
                )
            else:
                assert _fold(name) in canonical or not _resolve_in(docs, name), (
                    f"{path.name}: {name} would be renamed"
                )


def test_corpus_pairing_members_are_known_somewhere():
    """Every name in a corpus pairing (outside the generic RPF) resolves in some fandom of the data."""
    docs = list(_all().values())
    for path in _expected_files():
        expected = _load(path)
        if "RPF" in expected.get("fandoms", []):
            continue
        for short in expected.get("relationships_original", []):
            for member in short.split("/"):
                assert _resolve_in(docs, member), f"{path.name}: {member}"


def test_doctor_who_numbers_and_nicknames_resolve():
    """Doctor Who fans' numbered Doctors and companion first names resolve to AO3's names."""
    dw = _by_name()[_fold("Doctor Who")]
    assert _resolve(dw, "Twelve") == ["Twelfth Doctor"]
    assert _resolve(dw, "Nine") == ["Ninth Doctor"]
    assert _resolve(dw, "Ten") == ["Tenth Doctor"]
    assert _resolve(dw, "Clara") == ["Clara Oswald"]
    assert _resolve(dw, "the Doctor") == ["The Doctor (Doctor Who)"]
    assert _resolve(dw, "Tardis") == ["TARDIS"]


def test_at_least_thirty_fandoms():
    """The knowledge base covers at least thirty fandoms."""
    assert len(_files()) >= 30


def test_russian_names_resolve():
    """Names as Russian-language fans wrote them resolve to AO3's canonical names."""
    by_name = _by_name()
    hp = by_name[_fold("Harry Potter - J. K. Rowling")]
    assert _resolve(hp, "Гарри Поттер") == ["Harry Potter"]
    assert _resolve(hp, "Драко") == ["Draco Malfoy"]
    assert _resolve(hp, "Снегг") == ["Severus Snape"]
    sherlock = by_name[_fold("Sherlock (TV)")]
    assert _resolve(sherlock, "Джон") == ["John Watson"]
    assert _resolve(sherlock, "Шерлок") == ["Sherlock Holmes"]
    russian_fandoms = {_fold(a) for doc in by_name.values() for a in doc["aliases"]}
    assert {_fold("Гарри Поттер"), _fold("Шерлок")} <= russian_fandoms


def test_loader_reads_every_file_and_expands_shorthand():
    """The legacy loader indexes every fandom file and expands W/S, Twelve/Clara and Russian names."""
    from ficarchive.legacy.knowledge import load_knowledge

    kb = load_knowledge()
    assert {doc["name"] for doc in _all().values()} <= set(kb.fandoms)
    btvs = kb.fandom("BtVS")
    assert [kb.resolve(w, [btvs]).name for w in ("W", "S")] == ["Willow Rosenberg", "Spike"]
    dw = kb.fandom("DW")
    assert [kb.resolve(w, [dw]).name for w in ("Twelve", "Clara")] == [
        "Twelfth Doctor",
        "Clara Oswald",
    ]
    hp = kb.fandom("Гарри Поттер")
    assert kb.resolve("Драко", [hp]).name == "Draco Malfoy"


KNOWLEDGE_DIR = FANDOMS_DIR.parent


def test_every_fandom_has_a_media_group():
    """fandom_media.json gives each fandom of the data an AO3 media group, and names no other."""
    media = json.loads((KNOWLEDGE_DIR / "fandom_media.json").read_text(encoding="utf-8"))
    groups = media["fandoms"]
    names = {doc["name"] for doc in _all().values()}
    assert set(groups) == names
    allowed = {"anime", "books", "comics", "games", "movies", "music", "other", "real-people"}
    assert set(groups.values()) <= allowed | {"theater", "tv", "uncategorized"}


def test_newsgroups_name_known_fandoms():
    """Every newsgroup and franchise group points at canonical fandom names of the data."""
    data = json.loads((KNOWLEDGE_DIR / "newsgroups.json").read_text(encoding="utf-8"))
    names = {doc["name"] for doc in _all().values()}
    assert set(data["groups"].values()) <= names
    for franchise in data["franchises"].values():
        assert set(franchise["fandoms"]) <= names
    assert all(group == group.casefold() for group in data["groups"])


@pytest.mark.parametrize(
    ("written", "fandom"),
    [
        ("Twin Peaks", "Twin Peaks"),
        ("Sliders", "Sliders"),
        ("MASH", "M*A*S*H (TV)"),
        ("M*A*S*H", "M*A*S*H (TV)"),
        ("Pern", "Dragonriders of Pern Series - Anne McCaffrey"),
        ("Anne McCaffrey", "Dragonriders of Pern Series - Anne McCaffrey"),
        ("Narnia", "Chronicles of Narnia - C. S. Lewis"),
        ("C.S. Lewis", "Chronicles of Narnia - C. S. Lewis"),
        ("Earth 2", "Earth 2"),
        ("Ranma ½", "Ranma 1/2"),
        ("J.R.R. Tolkien", "The Lord of the Rings - J. R. R. Tolkien"),
        ("O Senhor dos Anéis", "The Lord of the Rings - J. R. R. Tolkien"),
        ("JK Rowling", "Harry Potter - J. K. Rowling"),
        ("Sherlock Holmes", "Sherlock Holmes - Arthur Conan Doyle"),
        ("Law & Order: Special Victims Unit", "Law & Order: SVU"),
        ("Magnum, P.I.", "Magnum P.I."),
        ("Revolutionary Girl Utena", "Shoujo Kakumei Utena | Revolutionary Girl Utena"),
    ],
)
def test_older_fandoms_as_fans_wrote_them(written: str, fandom: str):
    """Older fandoms, as headers and disclaimers of the 1990s and 2000s wrote them, give AO3's name."""
    from ficarchive.legacy.knowledge import load_knowledge

    found = load_knowledge().fandom(written)
    assert found is not None, written
    assert found.name == fandom


def test_slash_shorthand_of_older_fandoms_resolves():
    """Pairing shorthand of older fandoms resolves to AO3's character names."""
    from ficarchive.legacy.knowledge import load_knowledge

    kb = load_knowledge()
    mash = kb.fandom("MASH")
    assert [kb.resolve(w, [mash]).name for w in ("Hawkeye", "BJ")] == [
        "Hawkeye Pierce",
        "B. J. Hunnicutt",
    ]
    ranma = kb.fandom("Ranma 1/2")
    assert kb.resolve("Ryoga", [ranma]).name == "Hibiki Ryouga"
    assert kb.resolve("Akane Tendo", [ranma]).name == "Tendou Akane"
    les_mis = kb.fandom("Les Mis")
    assert [kb.resolve(w, [les_mis]).name for w in ("E", "R")] == ["Enjolras", "Grantaire"]


# Everyday phrases that are also (part of) a title: prose that uses them names no fandom.
EVERYDAY_PHRASES = [
    "The prisoner was moved to a cell on the top floor before dawn.",
    "They put together a team to search the hills, and the A team went first.",
    "She lived in DC for a while, then in a flat on Hill Street.",
    "Being human was harder than he had thought; the hour was late.",
    "He studied the half-life of the isotope and the matrix of numbers.",
    "A ship with black sails crossed the expanse of grey water.",
    "Is there life on Mars? Nobody in the 100 metre race cared.",
    "The northern lights were out, and true blood ran in the family.",
    "He went back to the future he had left, a street fighter at heart.",
    "The Pacific Rim nations met; the CSI lead and the ER nurse listened.",
    "Brooklyn and the Hudson were quiet, and Broadway was dark.",
]


# Canonical names are matched in any case, so a fandom whose own AO3 name is an everyday phrase
# ("the hour") still matches it, as does what fans call CSI ("the CSI lead"); no other name does.
TITLES_THAT_ARE_PHRASES = {"The Hour", "CSI: Crime Scene Investigation"}


@pytest.mark.parametrize("text", EVERYDAY_PHRASES)
def test_everyday_phrases_name_no_fandom(text: str):
    """No alias of the data turns an everyday phrase into fandom evidence in prose."""
    from ficarchive.legacy.knowledge import load_knowledge
    from ficarchive.legacy.normalize.evidence import named_in

    found = {fandom for fandom, _ in named_in(text, load_knowledge())}
    assert found <= TITLES_THAT_ARE_PHRASES, found
