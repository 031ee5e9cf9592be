"""Fandoms, relationships, characters and categories, resolved through the knowledge base.

Pairing shorthand ("W/S"), nicknames ("Giles") and initials are expanded to canonical names
within the fandoms the header names, or that the names themselves point to; names nobody knows
stay as written. Categories (F/M, M/M, F/F, Multi) follow from the characters' genders.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from ficarchive.legacy.knowledge import Character, Fandom, KnowledgeBase, name_key
from ficarchive.legacy.normalize.alternation import names_alternation

LIST_SPLIT = re.compile(r"\s*(?:[,;]|\s+and\s+|\s+&\s+|\s*\+\s*|\s+x\s+(?=[A-Z])|\n)\s*")
STRONG_FANDOM_SPLIT = re.compile(r"\s*(?:[,;|]|\n)\s*")
FANDOM_SPLIT = re.compile(r"\s*(?:/|\s+and\s+|\s*&\s*|\s+x\s+|\s+crossover\s*)\s*", re.IGNORECASE)
# "A/B", "A x B", and the numbered pilots' "1x2", "2+1" (digits on both sides only).
PAIR_SEPARATOR = re.compile(r"\s*(?:/|\\|\s+x\s+|×)\s*|(?<=\d)[xX+](?=\d)")
FRIENDSHIP = re.compile(r"\s+&\s+|\s*&\s*")
NONE_VALUES = {
    "none",
    "n/a",
    "na",
    "no",
    "gen",
    "-",
    "nobody",
    "no pairing",
    "none really",
    "implied",
}
CATEGORY_WORDS = {
    "f/m": "F/M",
    "m/f": "F/M",
    "het": "F/M",
    "hetero": "F/M",
    "m/m": "M/M",
    "slash": "M/M",
    "f/f": "F/F",
    "femslash": "F/F",
    "femmeslash": "F/F",
    "gen": "Gen",
    "general": "Gen",
    "multi": "Multi",
    "multiple": "Multi",
    "poly": "Multi",
    "other": "Other",
    "threesome": "Multi",
    "ot3": "Multi",
    "moresome": "Multi",
    "джен": "Gen",
    "гет": "F/M",
    "слэш": "M/M",
    "слеш": "M/M",
    "фемслэш": "F/F",
    "фемслеш": "F/F",
    "смешанная": "Multi",
    "другиевидыотношений": "Other",
}


@dataclass
class Cast:
    """The resolved cast of a story."""

    fandoms: list[str] = field(default_factory=list)
    relationships: list[str] = field(default_factory=list)
    relationships_original: list[str] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    freeform: list[str] = field(default_factory=list)


# A header list never holds more; longer values are cut (hostile input costs linear time).
MAX_LIST_ITEMS = 200
MAX_LIST_VALUE = 20_000


def split_list(value: str) -> list[str]:
    """Items of a comma/semicolon/"and" separated list, stripped, empty ones dropped (at most
    `MAX_LIST_ITEMS`)."""
    items = [item.strip(' .*"“”') for item in LIST_SPLIT.split(value[:MAX_LIST_VALUE].strip())]
    kept = [item for item in items if item and item.casefold() not in NONE_VALUES]
    return list(dict.fromkeys(kept))[:MAX_LIST_ITEMS]


QUALIFIER_WORDS = (
    r"(?:implied|past|mentioned|mentions? of|background|hints? of|one-sided|onesided|"
    r"pre-slash|pre|eventual|slight|very slight|some|brief|former|unrequited)"
)
NESTED_PAIRING = re.compile(rf"(?i)\s*\((?:{QUALIFIER_WORDS}\s+)?([^()]*/[^()]*)\)")
PAIRING_REMARK = re.compile(r"\s*\((?=[a-z])[^()/]{0,120}\)")
QUALIFIER = re.compile(rf"(?i)^(?:{QUALIFIER_WORDS}\s+)+")


def split_pairings(value: str) -> list[str]:
    """Relationship items as written ("Giles/Buffy, Buffy/Riley" → two items), at most
    `MAX_LIST_ITEMS`."""
    text = value[:MAX_LIST_VALUE].strip()
    if text.casefold().strip(" .") in NONE_VALUES:
        return []
    # "Giles/Buffy (implied Willow/Tara)": the bracketed pairing is a relationship of its own.
    text = NESTED_PAIRING.sub(r", \1", text)
    # "A/B (pre-slash, if you squint)": a remark in brackets, no name in it, is not a pairing.
    text = PAIRING_REMARK.sub("", text)
    items = []
    for item in re.split(r"\s*(?:[,;]|\n|\s+and\s+(?=\S+\s*[/x×]))\s*", text):
        item = item.strip(' .*"“”')
        item = QUALIFIER.sub("", item).strip()
        item = re.sub(
            r"\s*\((?:implied|past|mentioned|background|sort of|kind of|ish)\)\s*$",
            "",
            item,
            flags=re.IGNORECASE,
        )
        if item and item.casefold() not in NONE_VALUES:
            items.append(item)
    return list(dict.fromkeys(items))[:MAX_LIST_ITEMS]


def read_fandom_names(value: str, kb: KnowledgeBase) -> list[str]:
    """Canonical fandom names for a written fandom value (several for a crossover)."""
    text = value.strip().strip(".")
    whole = kb.fandom(text)
    if whole:
        return [whole.name]
    names = []
    for chunk in STRONG_FANDOM_SPLIT.split(text):
        parts = [p for p in FANDOM_SPLIT.split(chunk) if p.strip()]
        # "Pride and Prejudice", "Law & Order": split on "and"/"&"/"/" only around known fandoms.
        if len(parts) > 1 and not any(kb.fandom(_clean_fandom(p)) for p in parts):
            parts = [chunk]
        for part in parts:
            part = _clean_fandom(part)
            if not part or part.casefold() in NONE_VALUES:
                continue
            found = kb.fandom(part)
            name = found.name if found else part
            if name not in names:
                names.append(name)
    return names


def _clean_fandom(part: str) -> str:
    part = part.strip(' ."“”')
    return re.sub(r"(?i)\s*\(?(?:crossover|xover|x-over)\)?$", "", part).strip()


def infer_fandoms(names: list[str], kb: KnowledgeBase) -> list[str]:
    """Fandoms that explain the given character names, most telling first (greedy cover)."""
    # One- and two-letter names are initials: they say nothing until the fandom is known.
    # Ties go to the fandom where the names are its leading characters (Jack and Daniel: SG-1's
    # first two, not Lost's first and thirtieth), then by name: never by set order.
    candidates = {name: kb.fandoms_of(name) for name in names if len(name.strip(". ")) > 2}
    unexplained = [n for n, f in candidates.items() if f]
    chosen: list[str] = []
    while unexplained:
        counts = Counter(f for n in unexplained for f in candidates[n])
        if not counts:
            break
        hits = max(counts.values())
        tied = sorted(f for f, c in counts.items() if c == hits)
        if len(tied) > 1:
            tied.sort(key=lambda f: sum(_prominence(kb, f, n) for n in unexplained))
        best = tied[0]
        if chosen and hits < 2:
            break
        chosen.append(best)
        unexplained = [n for n in unexplained if best not in candidates[n]]
    return chosen


def _prominence(kb: KnowledgeBase, fandom: str, written: str) -> int:
    """Rank of the first character of `fandom` a written name stands for (data lists leads first)."""
    found = kb.fandoms.get(fandom)
    hits = found.by_name.get(name_key(written)) if found else None
    if not hits or found is None:
        return 1000
    return min(found.characters.index(c) for c in hits)


_NAME_PATTERNS: dict[int, tuple[re.Pattern | None, dict[str, str]]] = {}


def _fandom_name_pattern(kb: KnowledgeBase) -> tuple[re.Pattern | None, dict[str, str]]:
    """One regex finding any telling fandom name or alias (built once per knowledge base)."""
    if id(kb) in _NAME_PATTERNS:
        return _NAME_PATTERNS[id(kb)]
    names: dict[str, str] = {}
    for fandom in kb.fandoms.values():
        for written in [fandom.name, *fandom.aliases]:
            # Case matters, and a one-word alias must look like a name (BtVS, SG-1), not a word.
            telling = " " in written or any(c.isupper() or c.isdigit() for c in written[1:])
            if len(written) > 3 and telling:
                names.setdefault(written, fandom.name)
                # "due South" is written "Due South" at the start of a phrase.
                names.setdefault(written[:1].upper() + written[1:], fandom.name)
    pattern = None
    if names:
        pattern = re.compile(rf"(?<!\w)(?:{names_alternation(names)})(?!\w)")
    _NAME_PATTERNS[id(kb)] = (pattern, names)
    return pattern, names


def _names_in(texts: list[str], *, owners: bool) -> list[str]:
    """The capitalized names the texts hold, with or without those named as owners."""
    counts: Counter[str] = Counter()
    for text in texts:
        clipped = text[:MAX_LIST_VALUE]
        counts.update(capitalized_names(clipped if owners else OWNERS.sub(" ", clipped)))
    return sorted(counts)


# Whoever a disclaimer says owns the story's people ("belongs to Steven Moffat") is no character
# of a real-person fandom.
OWNERS = re.compile(
    r"(?i)(?:property of|belongs? to|owned by|pertenecen? a|appartien\w* à|gehör\w*|"
    r"принадлеж\w*|copyright(?:ed)?(?: by)?|\(c\)|©)[^.;\n]{0,120}"
)


def fandoms_from_text(texts: list[str], kb: KnowledgeBase) -> list[str]:
    """Fandoms named in free text (a disclaimer, notes) or whose characters it mentions."""
    pattern, names = _fandom_name_pattern(kb)
    if pattern is not None:
        for text in texts:
            match = pattern.search(text)
            if match:
                return [names[match.group(0)]]
    written = _names_in(texts, owners=True)
    fandoms = infer_fandoms(written, kb)[:1]
    if fandoms and fandoms[0].endswith(" RPF"):
        # Real people a disclaimer names as owners ("belongs to Steven Moffat") made the show;
        # they are not what the story is about.
        written = _names_in(texts, owners=False)
        fandoms = infer_fandoms(written, kb)[:1]
    # One capitalized word ("Snow Day") is no evidence: two names of the fandom are.
    if fandoms and sum(1 for n in written if len(n) > 2 and fandoms[0] in kb.fandoms_of(n)) < 2:
        return []
    return fandoms


def _context(fandoms: list[str], kb: KnowledgeBase) -> list[Fandom]:
    return [kb.fandoms[name] for name in fandoms if name in kb.fandoms]


def _resolve(
    written: str,
    context: list[Fandom],
    kb: KnowledgeBase,
    *,
    anywhere: bool = True,
    named: set[str] | None = None,
) -> tuple[str, Character | None]:
    key = name_key(written)
    if named and 0 < len(key) <= 2:
        # An initial several characters share: the one the header names elsewhere.
        hits = {c for fandom in context for c in fandom.by_initials.get(key, [])}
        chosen = [c for c in hits if c.name in named]
        if len(hits) > 1 and len(chosen) == 1:
            return chosen[0].name, chosen[0]
    if written.rstrip().endswith(")"):
        # "Doctor (12)" may be an alias as written; "Xander (mentioned)" is not.
        character = kb.resolve(written.strip(" .*"), context, anywhere=anywhere)
        if character:
            return character.name, character
    cleaned = re.sub(r"\s*\([^)]*\)\s*$", "", written).strip(" .*") or written.strip()
    character = kb.resolve(cleaned, context, anywhere=anywhere)
    return (character.name if character else cleaned), character


def category_of(people: list[Character | None]) -> str | None:
    """AO3 category of one relationship from its members' genders (None when unknown)."""
    if len(people) > 2:
        return "Multi"
    if len(people) < 2:
        return None
    genders = [p.gender if p else "X" for p in people]
    if "X" in genders or "NB" in genders:
        return "Other" if "NB" in genders and "X" not in genders else None
    pair = (min(genders), max(genders))  # sorted, as the table has them
    return {("F", "M"): "F/M", ("M", "M"): "M/M", ("F", "F"): "F/F"}.get(pair)


@dataclass
class CastReading:
    """The header's values and what the cast rules have resolved from them so far."""

    kb: KnowledgeBase
    fandom_values: list[str]
    pairing_values: list[str]
    character_values: list[str]
    category_values: list[str]
    categories_are_fandoms: bool = False
    clue_texts: list[str] = field(default_factory=list)
    cast: Cast = field(default_factory=Cast)
    fandoms: list[str] = field(default_factory=list)
    explicit_categories: list[str] = field(default_factory=list)
    pairings: list[str] = field(default_factory=list)
    character_names: list[str] = field(default_factory=list)
    context: list[Fandom] = field(default_factory=list)
    # Names the header spells out, which settle shared initials ("B/A" beside "Angel").
    named: set[str] = field(default_factory=set)
    categories: list[str] = field(default_factory=list)

    @property
    def anywhere(self) -> bool:
        """Names are looked up across all fandoms only when the story's fandom is unknown;
        otherwise a name the fandom does not know stays as written ("Apollo" in Buffy)."""
        return not self.fandoms


def rule_fandom_values(reading: CastReading) -> None:
    """Fandom fields: canonical names, several for a crossover."""
    for value in reading.fandom_values:
        for name in read_fandom_names(value, reading.kb):
            if name not in reading.fandoms:
                reading.fandoms.append(name)


# Genre words of headers ("Romance/Drama", "Hurt/Comfort"), never names.
GENRE_WORDS = {
    "adventure",
    "angst",
    "crime",
    "drama",
    "family",
    "fantasy",
    "friendship",
    "general",
    "horror",
    "humor",
    "humour",
    "hurt",
    "comfort",
    "hurt/comfort",
    "mystery",
    "parody",
    "poetry",
    "romance",
    "sci-fi",
    "spiritual",
    "supernatural",
    "suspense",
    "tragedy",
    "western",
}
# Names on either side of a slash, each a capitalised word of two letters or more ("Max/Liz"),
# not an AO3 category's letters ("F/M"); genres ("Romance/Drama") are told apart by GENRE_WORDS.
CATEGORY_PAIRING = re.compile(
    r"^[A-Z][a-z'’.-]+(?:\s[A-Z][a-z'’.-]+)?(?:/[A-Z][a-z'’.-]+(?:\s[A-Z][a-z'’.-]+)?)+$"
)


def rule_category_values(reading: CastReading) -> None:
    """Category fields: AO3 categories ("Slash" is M/M), fandoms (eFiction's categories), or
    additional tags."""
    for value in reading.category_values:
        for item in [
            i.strip(" .*") for i in re.split(r"\s*[,;]\s*|\s+and\s+", value) if i.strip(" .*")
        ]:
            if item.casefold() in ("none", "n/a", "-"):
                continue
            word = CATEGORY_WORDS.get(item.casefold().replace(" ", ""))
            if word:
                if word not in reading.explicit_categories:
                    reading.explicit_categories.append(word)
                continue
            if (
                not reading.pairing_values
                and CATEGORY_PAIRING.match(item)
                and not any(p.casefold() in GENRE_WORDS for p in item.split("/"))
            ):
                reading.pairing_values.append(item)  # "Category: Max/Liz, angst"
                continue
            found = reading.kb.fandom(item)
            if found or reading.categories_are_fandoms:
                name = found.name if found else item
                if name not in reading.fandoms:
                    reading.fandoms.append(name)
            else:
                reading.cast.freeform.append(item)


def rule_pairing_values(reading: CastReading) -> None:
    """Pairing fields: relationships; a lone name among them is a character."""
    for value in reading.pairing_values:
        for item in split_pairings(value):
            # "Pairing and characters: Sherlock/John, Molly": a lone name is a character.
            if len(PAIR_SEPARATOR.split(item)) > 1 or FRIENDSHIP.search(item):
                reading.pairings.append(item)
            else:
                reading.character_names.append(item)


def rule_character_values(reading: CastReading) -> None:
    """Character fields: characters; a slashed item among them is a relationship."""
    for value in reading.character_values:
        for item in split_list(value):
            # "Pairings/Characters: Sherlock/John, Molly": the slashed items are relationships.
            if PAIR_SEPARATOR.search(item) and len(PAIR_SEPARATOR.split(item)) > 1:
                if item not in reading.pairings:
                    reading.pairings.append(item)
            else:
                reading.character_names.append(item)


def rule_inferred_fandoms(reading: CastReading) -> None:
    """Without a fandom field, the fandoms the names point to, or that the clue texts name."""
    if not reading.fandoms:
        people = [
            n for p in reading.pairings for n in PAIR_SEPARATOR.split(p)
        ] + reading.character_names
        reading.fandoms = infer_fandoms([n.strip() for n in people if n.strip()], reading.kb)
    if not reading.fandoms and reading.clue_texts:
        reading.fandoms = fandoms_from_text(reading.clue_texts, reading.kb)
    reading.cast.fandoms = reading.fandoms
    reading.context = _context(reading.fandoms, reading.kb)


def rule_named(reading: CastReading) -> None:
    """When a pairing uses initials, the characters the header spells out settle them."""
    members = [m for p in reading.pairings for m in PAIR_SEPARATOR.split(p)]
    if not reading.context or not any(0 < len(m.strip(" .")) <= 2 for m in members):
        return
    reading.named = {
        character.name
        for written in reading.character_names + members
        if len(written.strip(" .")) > 3
        for character in [
            _resolve(written, reading.context, reading.kb, anywhere=reading.anywhere)[1]
        ]
        if character
    }


def rule_relationships(reading: CastReading) -> None:
    """Each pairing resolved to canonical names; its members are characters, their genders its
    category."""
    cast = reading.cast
    for pairing in reading.pairings:
        members = [m for m in PAIR_SEPARATOR.split(pairing) if m.strip()]
        friendship = False
        if len(members) < 2 and FRIENDSHIP.search(pairing):
            members = [m for m in FRIENDSHIP.split(pairing) if m.strip()]
            friendship = True
        resolved = [
            _resolve(m, reading.context, reading.kb, anywhere=reading.anywhere, named=reading.named)
            for m in members
        ]
        cast.relationships_original.append(pairing)
        cast.relationships.append((" & " if friendship else "/").join(n for n, _ in resolved))
        for name, _ in resolved:
            if name not in cast.characters:
                cast.characters.append(name)
        if not friendship and len(resolved) >= 2:
            category = category_of([c for _, c in resolved])
            if category and category not in reading.categories:
                reading.categories.append(category)


def rule_characters(reading: CastReading) -> None:
    """The listed characters, resolved; a person listed twice keeps both spellings."""
    listed: list[str] = []
    for written in reading.character_names:
        name, _ = _resolve(written, reading.context, reading.kb, anywhere=reading.anywhere)
        if name in listed:
            # The author listed the same person twice (a name and a nickname): keep both as written.
            name = written.strip()
        listed.append(name)
        if name not in reading.cast.characters:
            reading.cast.characters.append(name)


def rule_categories(reading: CastReading) -> None:
    """Categories as the header states them, else from the relationships; Gen for a story with
    characters and a pairing field that names no pairing."""
    categories = reading.categories
    if len(categories) > 1 and "Multi" not in categories:
        categories.append("Multi")
    cast = reading.cast
    cast.categories = reading.explicit_categories or categories
    if (
        not cast.categories
        and not reading.pairings
        and reading.pairing_values
        and reading.character_names
    ):
        cast.categories = ["Gen"]


CAST_RULES: list[tuple[str, Callable[[CastReading], None]]] = [
    ("fandom values", rule_fandom_values),
    ("category values", rule_category_values),
    ("pairing values", rule_pairing_values),
    ("character values", rule_character_values),
    ("inferred fandoms", rule_inferred_fandoms),
    ("named", rule_named),
    ("relationships", rule_relationships),
    ("characters", rule_characters),
    ("categories", rule_categories),
]


def read_cast(
    *,
    fandom_values: list[str],
    pairing_values: list[str],
    character_values: list[str],
    category_values: list[str],
    kb: KnowledgeBase,
    categories_are_fandoms: bool = False,
    clue_texts: list[str] | None = None,
    tags_as_written: bool = False,
) -> Cast:
    """Resolve the header's fandom, pairing, character and category values into a `Cast`, by
    the rules of `CAST_RULES` in order.

    `tags_as_written`: the values are an archive's own tags, one per value (AO3 front matter):
    they are kept as written, and a relationship's short names ("George/Paul") are spelled out
    from the listed characters.
    """
    if tags_as_written:
        return _cast_as_written(
            fandom_values, pairing_values, character_values, category_values, kb
        )
    reading = CastReading(
        kb,
        fandom_values,
        pairing_values,
        character_values,
        category_values,
        categories_are_fandoms,
        clue_texts or [],
    )
    for _, rule in CAST_RULES:
        rule(reading)
    return reading.cast


def _cast_as_written(
    fandom_values: list[str],
    pairing_values: list[str],
    character_values: list[str],
    category_values: list[str],
    kb: KnowledgeBase,
) -> Cast:
    """An archive's tags kept as they are; "George" in "George/Paul" is the listed George Harrison.

    A fandom tag that lost its final period on the way ("House M.D") gets it back from the
    knowledge base's canonical name.
    """
    cast = Cast()
    # An archive tag never holds a comma (AO3 refuses them): a comma separates two tags.
    fandom_values, character_values, pairing_values = (
        [tag for value in values for tag in value.split(",")]
        for values in (fandom_values, character_values, pairing_values)
    )
    for group, values in ((cast.fandoms, fandom_values), (cast.characters, character_values)):
        for value in values:
            value = value.strip()
            if group is cast.fandoms:
                known = kb.fandom(value)
                if known and name_key(known.name).rstrip(".") == name_key(value).rstrip("."):
                    value = known.name
            if value and value not in group:
                group.append(value)
    for value in category_values:
        word = CATEGORY_WORDS.get(value.strip().casefold().replace(" ", ""))
        if word and word not in cast.categories:
            cast.categories.append(word)
    by_word: dict[str, set[str]] = {}
    for name in cast.characters:
        for word in re.sub(r"\s*\([^)]*\)", "", name).split():
            by_word.setdefault(name_key(word), set()).add(name)
    for pairing in pairing_values:
        pairing = pairing.strip()
        if not pairing:
            continue
        separator = "/" if "/" in pairing else " & " if " & " in pairing else None
        members = [m.strip() for m in pairing.split(separator)] if separator else [pairing]
        spelled = []
        for member in members:
            listed = by_word.get(name_key(member), set()) if " " not in member else set()
            spelled.append(next(iter(listed)) if len(listed) == 1 else member)
        cast.relationships_original.append(pairing)
        cast.relationships.append((separator or "/").join(spelled))
    return cast


COMMON_WORDS = {
    "will",
    "red",
    "buff",
    "grace",
    "hope",
    "faith",
    "joy",
    "may",
    "mark",
    "rose",
    "bill",
    "doc",
    "sir",
    "boss",
    "love",
    "pet",
    "kid",
    "dad",
    "mum",
    "mom",
    "the",
    "tara",
}
# A capital not preceded by a word character ("\b" written after the capital, so that the regex
# engine can skip ahead to capitals rather than test every position).
CAPITAL_RUN = re.compile(r"[A-ZА-ЯЁ](?<!\w.)[\w'’\-]*(?:\s+[A-ZА-ЯЁ][\w'’\-]*)*")


def capitalized_names(text: str) -> Counter:
    """Capitalized words and pairs of them ("Rupert Giles"), counted, keyed by `name_key`."""
    runs = Counter(CAPITAL_RUN.findall(text))
    keyed: Counter = Counter()
    for run, count in runs.items():
        words = run.split()
        for word in words:
            keyed[name_key(word)] += count
        for first, second in itertools.pairwise(words):
            keyed[name_key(f"{first} {second}")] += count
    return keyed


def characters_in_text(
    fandoms: list[str], summary: str, body: str, kb: KnowledgeBase, *, min_mentions: int = 3
) -> list[str]:
    """Canonical characters named in the summary, or named often in the story text.

    Only names and aliases of the story's fandoms count, written capitalized; common-word aliases
    ("Will", "Red") do not count unless they are the character's full name.
    """
    context = _context(fandoms, kb)
    if not context:
        return []
    in_summary = capitalized_names(summary)
    in_body = capitalized_names(body)
    counts: Counter = Counter()
    for fandom in context:
        for key in dict.fromkeys([*in_summary, *in_body]):
            people = fandom.by_name.get(key)
            if not people or len(people) != 1 or len(key) < 3:
                continue
            character = people[0]
            if key in COMMON_WORDS and key != name_key(character.name):
                continue
            counts[character.name] += in_body.get(key, 0) + (
                min_mentions if key in in_summary else 0
            )
    return [name for name, count in counts.most_common() if count >= min_mentions]
