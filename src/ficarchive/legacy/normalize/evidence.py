"""The fandom of a story without a Fandom field, from evidence, each piece with a strength.

Evidence, strongest first: the fandom named in the subject or on the title lines ("A Deep
Space Nine story", "ST:DS9 meets ..."), the newsgroup the story was posted to
(`alt.tv.x-files.creative`), the fandom named in the intro, disclaimer or closing notes.
Character names are weaker still and are left to the cast rules. `decide` keeps every fandom
named by the strongest kind of evidence found (a crossover names two) and says which kind
decided; a generic name ("Star Trek") gives way to a series of it that is also named.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from ficarchive.legacy.knowledge import KnowledgeBase
from ficarchive.legacy.model import ProvenanceSource
from ficarchive.legacy.normalize.alternation import names_alternation
from ficarchive.legacy.normalize.cast import COMMON_WORDS, capitalized_names
from ficarchive.legacy.normalize.prose import unboxed

KNOWLEDGE = Path(__file__).parent.parent / "knowledge"
MAX_TEXT = 6000
MAX_STORY = 20000  # of the story's text, read for the characters it names
T = TypeVar("T")
STRENGTH: dict[ProvenanceSource, float] = {
    "subject": 0.85,
    "title-line": 0.85,
    "newsgroup": 0.8,
    "prose": 0.7,
    "inferred": 0.6,  # the series of a franchise group, told by the characters named
}
MIN_TELLING = 2  # characters of one series only, named in the story, that tell the series
COLON_SPACING = re.compile(r"\s*:\s*")


@dataclass
class Evidence:
    """One fandom named somewhere, as written there (`strength` when weaker than its kind's)."""

    fandom: str
    source: ProvenanceSource
    written: str
    strength: float | None = None

    @property
    def weight(self) -> float:
        """How much this piece of evidence counts."""
        return self.strength if self.strength is not None else STRENGTH[self.source]


# "Remington Steele and its characters are the property of MTM", "Blake's 7 is owned by the
# BBC", "Sherlock pertenece a la BBC": the one thing a disclaimer says is owned is a work.
WORK_WORD = (
    r"(?:[A-Z0-9][\w'’.&!-]*|&|of|the|and|in|on|a|an|de|del|la|el|des|du|von|der|et|y|und|vs\.?)"
)
OWNED_WORK = re.compile(
    r"(?:^|(?<=[.;:!?)]\s))(?P<work>[A-Z0-9][\w'’.&!-]*"
    rf"(?:\s+{WORK_WORD}){{0,6}}?)"
    r"(?P<its>\s+(?:and|&)\s+(?:all\s+)?(?:of\s+)?(?:(?:its|it's|their|the)\s+)?"
    r"(?:related\s+)?characters)?\s+(?P<verb>(?:is|was|are)\s+(?:the\s+)?(?:sole\s+)?(?:property\s+of|owned\s+by|"
    r"(?:a\s+)?(?:registered\s+)?trademarks?\s+of|copyright(?:ed)?|\(c\)|©)|belongs?\s+to|"
    r"pertenecen?\s+a|(?:es|son)\s+propiedad\s+de|appartien(?:t|nent)\s+à|"
    r"(?:est|sont)\s+(?:la\s+)?propriété\s+de|gehör(?:t|en)|принадлеж\w+)"
    r"(?P<owner>[^.;\n]{0,120})"
)
OWNER_COMPANY = re.compile(
    r"(?i)\b(?:productions?|pictures|studios?|entertainment|enterprises|television|tv|network|"
    r"broadcasting|films?|inc|ltd|corp\w*|company|bbc|itv|fox|paramount|universal|warner|bros|"
    r"mgm|cbs|nbc|abc|upn|wb|disney|sony|tristar|showtime|hbo|channel|atv|lwt|itc|cbc|rte|"
    r"syfy|miramax|lucasfilm|dreamworks|columbia|amc|fx|toei|sunrise)\b"
)
NOT_A_WORK = frozenset(
    {
        "all",
        "everything",
        "everyone",
        "they",
        "these",
        "those",
        "this",
        "it",
        "characters",
        "the characters",
        "all characters",
        "this story",
        "the story",
        "the plot",
        "the idea",
        "none",
        "nothing",
        "most",
        "some",
        "disclaimer",
    }
)
# "Rating: PG Harbour Lights is ...", "Rated PG-13. Harbour Lights is ...": a rating run into
# the sentence after it.
RATED_BEFORE = re.compile(r"^(?:(?:Rated|RATED)\s+)?(?:NC-?17|PG-?13|PG|G|R|X|MA)\.?\s+(?=[A-Z])")
PLURAL_VERBS = frozenset({"are", "belong", "pertenecen", "son", "sont", "gehören", "appartiennent"})
OWNED_STRENGTH = 0.6  # a work named by what a disclaimer says is owned, unknown to us


def owned_works(text: str, kb: KnowledgeBase) -> list[Evidence]:
    """The works a disclaimer says belong to someone: known fandoms by their canonical name;
    an unknown one as written when the sentence says it is a work (its characters, a studio
    owning it), never a list of characters."""
    found: list[Evidence] = []
    for match in OWNED_WORK.finditer(" ".join(unboxed(text[:MAX_TEXT]).split())):
        work = RATED_BEFORE.sub("", match.group("work").strip(" ,'’"))
        company = OWNER_COMPANY.search(match.group("owner")) is not None
        fandom = kb.fandom(work.rstrip("."))
        if fandom is None and named_in(work, kb):
            continue  # "Rating: PG Stargate SG-1 is ...": the fandom named in it counts already
        if fandom is not None:
            # "Angel belongs to Joss" is the vampire; "Angel belongs to Fox" may be the show.
            if company or match.group("its") or not kb.fandoms_of(work):
                found.append(Evidence(fandom.name, "prose", work))
            continue
        if match.group("verb").split()[0] in PLURAL_VERBS and not match.group("its"):
            continue  # "Fraser, Ray and Dief belong to ...": characters
        if not match.group("its") and not company:
            continue
        if _not_a_work(work, kb):
            continue
        found.append(Evidence(work, "prose", work, strength=OWNED_STRENGTH))
    return found


def _not_a_work(written: str, kb: KnowledgeBase) -> bool:
    """A pronoun, a list, a single word or a character we know is no work's name."""
    words = written.split()
    if written.casefold() in NOT_A_WORK or "," in written or len(words) > 6:
        return True
    if len(words) < 2 and not re.search(r"[\d'’.!&-]", written):
        return True
    return bool(kb.fandoms_of(written))


@lru_cache(maxsize=1)
def newsgroup_table() -> dict[str, str]:
    """Newsgroup name (or prefix ending with a dot) -> fandom (knowledge/newsgroups.json)."""
    data = json.loads((KNOWLEDGE / "newsgroups.json").read_text(encoding="utf-8"))
    return {k.casefold(): v for k, v in data["groups"].items()}


@lru_cache(maxsize=1)
def franchise_table() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Newsgroup name (or prefix ending with a dot) -> (franchise name, its series)."""
    data = json.loads((KNOWLEDGE / "newsgroups.json").read_text(encoding="utf-8"))
    return {
        k.casefold(): (str(v["name"]), tuple(v["fandoms"]))
        for k, v in data.get("franchises", {}).items()
    }


def _lookup(table: dict[str, T], group: str) -> T | None:
    """A group's entry: by its full name, else by a prefix (a key ending with a dot)."""
    key = group.casefold().strip()
    if key in table:
        return table[key]
    return next((v for k, v in table.items() if k.endswith(".") and key.startswith(k)), None)


@lru_cache(maxsize=1)
def era_rules() -> list[dict[str, object]]:
    """Fandom names read as an older work in texts older than a remake (knowledge/eras.json)."""
    data = json.loads((KNOWLEDGE / "eras.json").read_text(encoding="utf-8"))
    return list(data["rules"])


_PATTERNS: dict[int, tuple[re.Pattern[str] | None, re.Pattern[str] | None, dict[str, str]]] = {}


def _patterns(
    kb: KnowledgeBase,
) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None, dict[str, str]]:
    """Two regexes over every telling fandom name: long names in any case, short ones as written."""
    if id(kb) in _PATTERNS:
        return _PATTERNS[id(kb)]
    folded: dict[str, str] = {}
    exact: dict[str, str] = {}
    for fandom in kb.fandoms.values():
        for written in [fandom.name, *fandom.aliases]:
            name = COLON_SPACING.sub(": ", written)
            if len(name) > 5 and (" " in name or "-" in name or ":" in name or "." in name):
                folded.setdefault(name.casefold(), fandom.name)
            elif len(name) >= 2 and any(c.isupper() or c.isdigit() for c in name[1:]):
                exact.setdefault(name, fandom.name)
                if any(c.isdigit() for c in name):
                    folded.setdefault(name.casefold(), fandom.name)
    table = {**exact, **{_spaced(k): v for k, v in folded.items()}}
    loose = _alternation(folded, re.IGNORECASE)
    strict = _alternation(exact, 0)
    _PATTERNS[id(kb)] = (loose, strict, table)
    return loose, strict, table


def _alternation(names: dict[str, str], flags: int) -> re.Pattern[str] | None:
    if not names:
        return None
    alternatives = names_alternation(names, loose_spacing=True)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", flags)


def _spaced(text: str) -> str:
    """A name with hyphens and runs of spaces as single spaces ("X-Files" -> "X Files")."""
    return " ".join(text.replace("-", " ").split())


def named_in(text: str, kb: KnowledgeBase) -> list[tuple[str, str]]:
    """(fandom, as written) for every fandom named in `text`, in order of appearance."""
    loose, strict, table = _patterns(kb)
    normal = COLON_SPACING.sub(": ", text[:MAX_TEXT])
    found: list[tuple[int, str, str]] = []
    for pattern in (loose, strict):
        if pattern is None:
            continue
        for match in pattern.finditer(normal):
            written = match.group(0)
            fandom = table.get(written) or table.get(_spaced(written).casefold())
            if fandom and not (pattern is strict and _shouted(normal, match)):
                found.append((match.start(), fandom, written))
    found.sort()
    return [(fandom, written) for _, fandom, written in found]


SHOUTED_WORD = re.compile(r"[A-Z]{2,}[^\w\n]{0,3}$|^[^\w\n]{0,3}[A-Z]{2,}\b")


# Short names that are also English words: in a run of capitals they are the words.
COMMON_SHORT = frozenset(
    {
        "me",
        "us",
        "it",
        "is",
        "in",
        "on",
        "at",
        "as",
        "am",
        "an",
        "or",
        "so",
        "no",
        "do",
        "go",
        "he",
        "we",
        "my",
        "by",
        "to",
        "up",
        "be",
        "of",
        "if",
        "all",
        "and",
        "any",
        "are",
        "but",
        "can",
        "did",
        "get",
        "had",
        "has",
        "her",
        "him",
        "his",
        "how",
        "its",
        "let",
        "may",
        "new",
        "not",
        "now",
        "one",
        "our",
        "out",
        "own",
        "see",
        "she",
        "the",
        "too",
        "two",
        "was",
        "way",
        "who",
        "why",
        "yes",
        "you",
        "end",
        "war",
    }
)


def _shouted(text: str, match: re.Match[str]) -> bool:
    """A short upper-case name that is also a word, inside a run of capitals ("PLEASE WRITE TO ME
    FIRST"), is the word."""
    written = match.group(0)
    if written.casefold() not in COMMON_SHORT or not written.isupper():
        return False
    before = text[max(0, match.start() - 12) : match.start()]
    after = text[match.end() : match.end() + 12]
    return bool(SHOUTED_WORD.search(before) or SHOUTED_WORD.match(after))


def newsgroup_fandoms(newsgroups: list[str]) -> list[str]:
    """Fandoms the newsgroups a story was posted to stand for."""
    table = newsgroup_table()
    found: list[str] = []
    for group in newsgroups[:20]:
        fandom = _lookup(table, group)
        if fandom and fandom not in found:
            found.append(fandom)
    return found


def newsgroup_franchises(newsgroups: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    """The franchises (name, series) of groups that name no single fandom."""
    table, franchises = newsgroup_table(), franchise_table()
    found: list[tuple[str, tuple[str, ...]]] = []
    for group in newsgroups[:20]:
        franchise = None if _lookup(table, group) else _lookup(franchises, group)
        if franchise and franchise not in found:
            found.append(franchise)
    return found


def series_by_characters(series: tuple[str, ...], text: str, kb: KnowledgeBase) -> str | None:
    """The one series of `series` whose own characters the text names: at least `MIN_TELLING`
    of them, and more than any other series (characters that several share tell nothing)."""
    written = capitalized_names(text[:MAX_STORY])
    owners: dict[str, set[str]] = {}
    for name in series:
        fandom = kb.fandoms.get(name)
        if fandom is None:
            continue
        for key in written:
            people = fandom.by_name.get(key)
            if people and len(key) >= 3 and key not in COMMON_WORDS:
                owners.setdefault(people[0].name, set()).add(name)
    telling: dict[str, int] = {}
    for fandoms in owners.values():
        if len(fandoms) == 1:
            only = next(iter(fandoms))
            telling[only] = telling.get(only, 0) + 1
    ranked = sorted(telling.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] < MIN_TELLING:
        return None
    if len(ranked) > 1 and ranked[1][1] >= ranked[0][1]:
        return None
    return ranked[0][0]


# "A Discworld story", "an Alias fic": the work a story is told in, named between the article
# and the kind of story; a one-word name counts here, where running text would not let it.
STORY_OF = re.compile(
    r"(?<![\w'’])(?i:an?|another|my(?:\s+(?:first|second|third|latest|last|new|next|little))?)\s+"
    r"(?P<name>[A-Z0-9][\w'’.&!:-]*(?:\s+[\w'’.&!:-]+){0,4}?)\s+"
    r"(?i:story|fic|fanfic|fan fiction|tale|vignette|drabble|songfic|one-shot)(?![\w-])"
)


def story_of(text: str, kb: KnowledgeBase) -> list[tuple[str, str]]:
    """(fandom, as written) for each known work a "A <work> story" phrase in `text` names."""
    found: list[tuple[str, str]] = []
    for match in STORY_OF.finditer(text[:MAX_TEXT]):
        fandom = kb.fandom(match.group("name"))
        if fandom is not None:
            found.append((fandom.name, match.group("name")))
    return found


def collect(
    kb: KnowledgeBase,
    *,
    titled: list[str],
    newsgroups: list[str],
    prose: list[str],
    subject: str | None = None,
    story: str = "",
) -> list[Evidence]:
    """Every piece of fandom evidence, strongest kind first; last, for a franchise's group
    (alt.startrek.creative) where nothing names the series, the series its characters tell."""
    evidence: list[Evidence] = []
    for text in [subject or ""]:
        evidence.extend(Evidence(f, "subject", w) for f, w in named_in(text, kb))
    for text in titled:
        evidence.extend(Evidence(f, "title-line", w) for f, w in named_in(text, kb))
        evidence.extend(Evidence(f, "title-line", w) for f, w in story_of(text, kb))
    evidence.extend(Evidence(f, "newsgroup", f) for f in newsgroup_fandoms(newsgroups))
    for text in prose:
        evidence.extend(Evidence(f, "prose", w) for f, w in named_in(text, kb))
        evidence.extend(owned_works(text, kb))
        evidence.extend(Evidence(f, "prose", w) for f, w in story_of(text, kb))
    for name, series in newsgroup_franchises(newsgroups):
        named = [
            e for e in evidence if e.fandom in series and e.written.casefold() != name.casefold()
        ]
        told = None if named else series_by_characters(series, story, kb)
        if told:
            evidence.append(Evidence(told, "inferred", told))
    return evidence


def _generic(item: Evidence, evidence: list[Evidence]) -> bool:
    """ "Star Trek" when "Star Trek: The Next Generation" (another fandom) is named too."""
    written = item.written.casefold()
    return any(
        (other.fandom != item.fandom and other.written.casefold().startswith(written + ":"))
        or (other.fandom != item.fandom and other.written.casefold().startswith(written + " "))
        for other in evidence
    ) or (
        written == "star trek"
        and any(o.fandom != item.fandom and o.fandom.startswith("Star Trek") for o in evidence)
    )


def decide(
    evidence: list[Evidence], year: int | None = None
) -> tuple[list[str], ProvenanceSource | None, float]:
    """The fandoms the evidence names, the kind of evidence that decided, and how sure it is."""
    kept = [e for e in evidence if not _generic(e, evidence)]
    if not kept:
        return [], None, 0.0
    fandoms: list[str] = []
    for item in kept:
        name = _read_in_era(item.fandom, year)
        if name not in fandoms:
            fandoms.append(name)
    best = max(kept, key=lambda e: e.weight)
    kinds = {e.source for e in kept}
    confidence = min(0.9, best.weight + 0.05 * (len(kinds) - 1))
    return fandoms, best.source, confidence


def _read_in_era(fandom: str, year: int | None) -> str:
    if year is None:
        return fandom
    for rule in era_rules():
        if rule["fandom"] == fandom and year < int(str(rule["before"])):
            return str(rule["read_as"])
    return fandom
