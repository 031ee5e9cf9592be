"""Header fields onto the `ParsedWork`: one named rule per canonical field."""

from __future__ import annotations

import re
from collections.abc import Callable

from ficarchive.legacy.document import Document, Field
from ficarchive.legacy.knowledge import KnowledgeBase
from ficarchive.legacy.model import ChapterNumber, Diagnostic, ParsedWork
from ficarchive.legacy.normalize.cast import GENRE_WORDS, read_cast, split_list
from ficarchive.legacy.normalize.language import language_from_name
from ficarchive.legacy.normalize.people import read_authors
from ficarchive.legacy.normalize.permissions import read_distribution, read_feedback
from ficarchive.legacy.normalize.prose import disclaimer_part
from ficarchive.legacy.normalize.rating import NOT_RATED, normalize_rating, original_rating
from ficarchive.legacy.normalize.songs import read_song_field
from ficarchive.legacy.normalize.subject import TRAILING_NOTE, subject_byline
from ficarchive.legacy.normalize.titleline import (
    read_chapters_value,
    read_series_value,
    read_title_line,
    series_in_prose,
)
from ficarchive.legacy.normalize.warnings import CHOSE_NOT, is_prose_warning, read_warnings
from ficarchive.legacy.rules import run_rule

SUBJECT_NOISE = re.compile(
    r"(?i)^\s*(?:re|fwd?|new|repost|fic|story|part|update)\s*:\s*|\[[^\]]*\]|\{[^}]*\}"
)
MAX_SUBJECT = 300  # a subject line's title is never longer; the rest is not read
QUOTES = {'"': '"', "“": "”", "'": "'", "‘": "’", "«": "»"}


def unquote(text: str) -> str:
    """A title written in quotes ("\"Brass and Bone\"") without them."""
    text = text.strip()
    if len(text) > 2 and QUOTES.get(text[0]) == text[-1] and text.count(text[0]) <= 2:
        return text[1:-1].strip()
    return text


# "(PG-13)", "[R]", "(rated NC-17; slash)", "(R for violence)", or " - PG-13" ending the line.
BRACKETED_RATING = re.compile(
    r"[\[(]\s*(?:(?i:rated|rating)\s*:?\s*)?"
    r"(NC-?17|NC-?21|PG-?13|PG|G|R|X|XXX|MA|FR[CTMK]|FRAO|FR\d\d|K\+?|T|M|E)"
    r"(?:\s*[,;]\s*[^\[\]()]{0,60}|\s+(?i:for)\s+[^\[\]()]{0,60})?\s*[\])]"
    r"|\s[-–—]\s+(?:(?i:rated)\s+)?(NC-?17|NC-?21|PG-?13|PG|R|FR[CTMK]|FRAO|FR\d\d|K\+)\s*$"
)
EMPTY = re.compile(r"(?i)^\s*(?:none|n/a|-+|nothing|no)\s*\.?\s*$")
Values = dict[str, list[Field]]


def group_fields(fields: list[Field]) -> Values:
    """Fields by canonical name, in header order ("Comments:" goes where its value says)."""
    grouped: Values = {}
    for f in fields:
        name = f.name
        if name == "comments":
            name = (
                "feedback"
                if read_feedback(f.value).wanted is not None and len(f.value) < 120
                else "notes"
            )
        grouped.setdefault(name, []).append(f)
    return grouped


def _texts(values: Values, name: str) -> list[str]:
    return [f.value for f in values.get(name, []) if f.value.strip()]


def _first(values: Values, name: str) -> str | None:
    texts = _texts(values, name)
    return texts[0] if texts else None


SUBJECT_BRACKETS = re.compile(r"\[([^\]]*)\]|\{([^}]*)\}")
SUBJECT_PAIRING = re.compile(
    r"(?:^|\s)([A-Z][\w.'’\-]*(?:\s[A-Z][\w.'’\-]*)?(?:/[A-Z][\w.'’\-]*(?:\s[A-Z][\w.'’\-]*)?)+)\s*$"
)


SUBJECT_PREFIX = re.compile(
    r"(?i)^\s*(?:(?:re|fwd?|fw|new|repost|fic|story|update)\s*:\s*|\[[^\]]*\]\s*)"
)
SUBJECT_FANDOM_TAG = re.compile(r"^([A-Za-z0-9&][\w&.\-]{1,9})\s*:\s+(?=\S)")
SUBJECT_GROUP = re.compile(r"\s*[\[({]([^\[\](){}]*)[\])}]")
SUBJECT_DASHED = re.compile(r"\s+(?:-{1,2}|–|—|\|)\s+")


NUMBERED_PAIRING = re.compile(r"^\d{1,2}(?:\s*[x+&]\s*\d{1,2})+$")


def _subject_part(part: str) -> str | None:
    """What one piece of a subject line is: "rating", "pairing", or None (title text)."""
    part = part.strip(" .")
    if not part:
        return None
    if len(part) <= 8 and normalize_rating(part) != NOT_RATED:
        return "rating"
    if "/" in part and SUBJECT_PAIRING.search(" " + part):
        return "pairing"
    if len(part) <= 4 and part.isalpha() and part.isupper():
        return "code"  # "(SA)", "[MSR]": a list's category code, taken off with the counters
    if NUMBERED_PAIRING.match(part):
        return "code"  # "(1x2)", "[3+4]": a pairing by the pilots' numbers, as anime lists wrote
    return None


def _tag_group(match: re.Match, found: dict[str, list[str]]) -> str:
    """A bracketed group of a title line: taken out when it is all ratings and pairings."""
    parts = [p for p in match.group(1).split(",") if p.strip()]
    kinds = [_subject_part(p) for p in parts]
    if len(parts) > 1 and kinds[-1] == "rating" and all(map(_names_or_kind, parts, kinds)):
        # "[Ivanova, G]", "(Jim, Blair, NC17)": who is in it, then the rating last.
        kinds = [kind or "names" for kind in kinds]
    if parts and all(kinds):
        for part, kind in zip(parts, kinds, strict=True):
            if kind:  # always, as all(kinds) says; the test narrows the type
                found.setdefault(kind, []).append(part.strip(" ."))
        return " "
    return match.group(0)


NAMES_PART = re.compile(r"^\s*[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,2}\s*$")


def _names_or_kind(part: str, kind: str | None) -> bool:
    """A piece of a bracketed group that is a rating or pairing, or a name of a few words."""
    return kind is not None or NAMES_PART.match(part) is not None


def _store_tags(values: Values, found: dict[str, list[str]]) -> None:
    """Pairings and a rating from a title or subject line, when no field gives them."""
    if found["pairing"] and not _texts(values, "pairing"):
        values["pairing"] = [Field("pairing", "Title line", ", ".join(found["pairing"]))]
    if found["rating"] and not _texts(values, "rating"):
        values["rating"] = [Field("rating", "Title line", found["rating"][0])]


def rule_subject(work: ParsedWork, values: Values, doc: Document, kb: KnowledgeBase) -> None:
    """A mailing-list subject: "[FIC] Title (1/3) [PG-13] Mulder/Scully" gives a pairing, a
    rating and a chapter.

    List tags and "Re:"/"FIC:" prefixes go; bracketed groups and dash-separated pieces that are
    all ratings or pairings are read as such; what is left is the title line. A Pairing or
    Rating field, or a Title field's numbering (read after), wins over the subject.
    """
    subject = _first(values, "subject")
    if not subject:
        return
    authors = values.get("author", [])
    poster = " ".join(f.value for f in authors if f.label.casefold() == "from")
    rest, author = subject_byline(TRAILING_NOTE.sub("", subject[:MAX_SUBJECT]), poster)
    if author and all(f.label.casefold() == "from" for f in authors):
        # The subject's byline names the author over the poster; a byline in the text wins.
        values["author"] = [Field("author", "Subject", author, source="subject")]
    while True:
        stripped = SUBJECT_PREFIX.sub("", rest, count=1)
        if stripped == rest:
            break
        rest = stripped
    fandom_tag = SUBJECT_FANDOM_TAG.match(rest)
    if fandom_tag:
        tag = fandom_tag.group(1)
        known = kb.fandom(tag)
        if known or tag.isupper():
            # "MFU: Title", "BtVS: Title": the list's fandom tag, not the title.
            rest = rest[fandom_tag.end() :]
            if known and not _texts(values, "fandom"):
                values["fandom"] = [Field("fandom", "Subject", known.name)]
    found: dict[str, list[str]] = {"rating": [], "pairing": []}
    rest = SUBJECT_GROUP.sub(lambda m: _tag_group(m, found), rest).strip()
    pieces = SUBJECT_DASHED.split(rest)
    while len(pieces) > 1 and (kind := _subject_part(pieces[-1])):
        found.setdefault(kind, []).append(pieces.pop().strip(" ."))
    rest = " - ".join(pieces).strip(" -:")
    trailing = SUBJECT_PAIRING.search(rest)
    if trailing and trailing.start() > 0:
        found["pairing"].append(trailing.group(1))
        rest = rest[: trailing.start()].strip()
    _store_tags(values, found)
    line = read_title_line(rest)
    if line.chapter:
        work.chapter = line.chapter
    if line.series and work.series is None:
        work.series = line.series
    if not _texts(values, "title") and line.title:
        values["title"] = [Field("title", "Subject", line.title)]


# "~~ Harvest Moon ~~", "**Title**", '"Title" --' (a byline's dash): decoration, not title.
# A trailing run is tried from its first character only (the look-behind): tried from each of
# its characters, a long run inside the title would cost its length squared.
TITLE_DECORATION = re.compile(
    r"^[\s~*=#_•·|]+|(?<![\s~*=#_•·|,;])[\s~*=#_•·|,;]+$|(?<!\s)\s+(?:--|–|—|-)$"
)


def rule_title(work: ParsedWork, values: Values, doc: Document, kb: KnowledgeBase) -> None:
    """Title, with chapter numbering and series taken off the title line."""
    # A labelled Title wins over a line above the labels (a page's "Welcome to my site!").
    titles = values.get("title", [])
    labelled = [f.value for f in titles if f.label and f.value.strip()]
    text = labelled[0] if labelled else _first(values, "title")
    subject = _first(values, "subject")
    if not text and subject:
        # A mailing-list post without a Title field: the subject line, without its tags.
        text = SUBJECT_NOISE.sub(" ", subject[:MAX_SUBJECT]).strip(" -:")
    if not text:
        return
    if "(" in text or "[" in text:
        # "Crossroads (Spike/Xander, NC-17)": groups that are all pairings and ratings.
        found: dict[str, list[str]] = {"rating": [], "pairing": []}
        cleaned = SUBJECT_GROUP.sub(lambda m: _tag_group(m, found), text).strip()
        if cleaned:
            text = cleaned
            _store_tags(values, found)
    line = read_title_line(BRACKETED_RATING.sub("", text).strip() or text)
    work.title = unquote(TITLE_DECORATION.sub("", line.title)) or line.title
    if line.chapter:
        known = work.chapter  # the subject's "Part 2 of 4" counts the parts the title line does not
        if known and line.chapter.total is None and known.number == line.chapter.number:
            work.chapter = ChapterNumber(known.number, known.total)
        else:
            work.chapter = line.chapter
    if line.series:
        work.series = line.series


def rule_authors(work: ParsedWork, values: Values, doc: Document, kb: KnowledgeBase) -> None:
    """Authors from every byline field."""
    fields = [f for f in values.get("author", []) if f.value.strip()]
    if any(f.label.casefold() != "from" for f in fields):
        # A mail header's "From:" names the poster; the story's own Author field wins.
        fields = [f for f in fields if f.label.casefold() != "from"]
    for f in fields:
        # A source's single name (a site account's pen name) is never split into co-authors.
        for name in [" ".join(f.value.split())] if f.item else read_authors(f.value):
            if name not in work.authors:
                work.authors.append(name)


def rule_rating(work: ParsedWork, values: Values, doc: Document, kb: KnowledgeBase) -> None:
    """Rating as written and on AO3's scale."""
    text = _pick_rating(values)
    if not text:
        # "Title (PG-13)" or a subject line's "[NC-17]": a bracketed rating and nothing else.
        for line in _texts(values, "title") + _texts(values, "subject"):
            match = BRACKETED_RATING.search(line)
            if match:
                text = match.group(1) or match.group(2)
                break
    if text and " - " in text:
        text = _read_rating_line(text, values)
    if text:
        work.rating_original = original_rating(text)
        work.rating = normalize_rating(text)


def _pick_rating(values: Values) -> str | None:
    """The rating field that reads as a rating; an explicit "Rating:" wins over "Classification:".

    A classification that is no rating ("Slash, first time", "V, angst") holds categories.
    """
    labelled, classified = [], []
    for f in values.get("rating", []):
        text = f.value.strip()
        if not text:
            continue
        if not f.label.casefold().startswith("classif"):
            labelled.append(text)
        elif normalize_rating(text) != NOT_RATED:
            classified.append(text)
        else:
            values.setdefault("category", []).append(Field("category", f.label, text))
    return next(iter(labelled or classified), None)


def _read_rating_line(text: str, values: Values) -> str:
    """FanFiction.Net's "Rated: T - English - Romance/Drama - Harry P., Hermione G." line.

    The rating comes first; a language, genres and characters follow, each going to its field.
    """
    parts = [p.strip() for p in text.split(" - ") if p.strip()]
    for part in parts[1:]:
        words = [w.strip().casefold() for w in re.split(r"[/&]", part)]
        if language_from_name(part) and "language" not in values:
            values["language"] = [Field("language", "Language", part)]
        elif all(w in GENRE_WORDS for w in words):
            values.setdefault("genre", []).append(Field("genre", "Genre", part.replace("/", ", ")))
        elif part[:1].isupper() and not re.search(r"\d", part):
            values.setdefault("characters", []).append(Field("characters", "Characters", part))
    return parts[0]


def rule_cast(work: ParsedWork, values: Values, doc: Document, kb: KnowledgeBase) -> None:
    """Fandoms, relationships, characters and categories."""
    cast = read_cast(
        fandom_values=_texts(values, "fandom"),
        pairing_values=_texts(values, "pairing"),
        character_values=_texts(values, "characters"),
        category_values=_texts(values, "category"),
        kb=kb,
        categories_are_fandoms=doc.categories_are_fandoms,
        tags_as_written=doc.tags_as_written,
        clue_texts=[
            t
            for name in ("subtitle", "disclaimer", "summary", "notes", "spoilers", "title")
            for t in _texts(values, name)
        ],
    )
    work.fandoms = cast.fandoms
    work.relationships = cast.relationships
    work.relationships_original = cast.relationships_original
    work.characters = cast.characters
    work.categories = cast.categories
    work.freeform.extend(t for t in cast.freeform if t not in work.freeform)


def rule_warnings(work: ParsedWork, values: Values, doc: Document, kb: KnowledgeBase) -> None:
    """Archive warnings; other warnings become additional tags."""
    texts = _texts(values, "warnings")
    prose = [t for t in texts if is_prose_warning(t)]
    warnings, freeform = read_warnings([t for t in texts if t not in prose])
    if prose:
        # "Warning: this story contains ... If that's not your thing, ...": a note, whose words
        # still name the archive warnings it gives.
        warnings = warnings + [w for w in read_warnings(prose)[0] if w not in warnings]
        if len(warnings) > 1 and CHOSE_NOT in warnings:
            warnings.remove(CHOSE_NOT)  # the default of the part that named none
        values.setdefault("notes", []).extend(
            f for f in values["warnings"] if f.value.strip() in prose
        )
    work.warnings = warnings
    work.freeform.extend(t for t in freeform if t not in work.freeform)


def rule_tags(work: ParsedWork, values: Values, doc: Document, kb: KnowledgeBase) -> None:
    """Genres and tags as additional tags."""
    seen = set(work.freeform)
    for name in ("genre", "tags"):
        for f in values.get(name, []):
            for item in [f.value.strip()] if f.item else split_list(f.value):
                if item and not EMPTY.match(item) and item not in seen:
                    seen.add(item)
                    work.freeform.append(item)


def rule_texts(work: ParsedWork, values: Values, doc: Document, kb: KnowledgeBase) -> None:
    """Summary, notes, end notes, disclaimer, spoilers: text kept as written."""
    work.summary = "\n\n".join(_texts(values, "summary")) or None
    work.notes = "\n\n".join(_texts(values, "notes")) or None
    work.end_notes = "\n\n".join(_texts(values, "end_notes")) or None
    # A disclaimer found in prose keeps its disclaiming sentences, not the rating or setting
    # written in the same paragraph.
    disclaimers = [
        disclaimer_part(f.value.strip()) if f.source == "prose" else f.value.strip()
        for f in values.get("disclaimer", [])
        if f.value.strip()
    ]
    work.disclaimer = "\n\n".join(disclaimers) or None
    spoilers = [t for t in _texts(values, "spoilers") if not EMPTY.match(t)]
    work.spoilers = "\n\n".join(spoilers) or None


def rule_series(work: ParsedWork, values: Values, doc: Document, kb: KnowledgeBase) -> None:
    """A Series field (the title line's series, when there is one, keeps its part if the field has
    none); without one, a note or summary that names the series and the part in words."""
    text = _first(values, "series")
    if not text:
        if work.series is None:
            prose = (
                series_in_prose(t) for t in _texts(values, "notes") + _texts(values, "summary")
            )
            work.series = next((found for found in prose if found), None)
        return
    series = read_series_value(text)
    if series is None:
        return
    if work.series and series.part is None:
        series.part = work.series.part
    work.series = series


def rule_chapter(work: ParsedWork, values: Values, doc: Document, kb: KnowledgeBase) -> None:
    """eFiction "Chapters: 1 Completed: Yes" when the title line said nothing."""
    if work.chapter is not None:
        return
    text = _first(values, "chapters")
    current = _first(values, "chapter_number")
    if text and current and current.isdigit() and text.strip().isdigit():
        # A story page: "Chapters: 3" counts them, the page's chapter menu says which this is.
        work.chapter = ChapterNumber(int(current), int(text.strip()))
    elif text:
        work.chapter = read_chapters_value(text, _first(values, "status"))


def rule_distribution(work: ParsedWork, values: Values, doc: Document, kb: KnowledgeBase) -> None:
    """Archives named and the permission given."""
    texts = _texts(values, "distribution")
    if texts:
        work.distribution = read_distribution(" ".join(texts))


def rule_feedback(work: ParsedWork, values: Values, doc: Document, kb: KnowledgeBase) -> None:
    """Whether the author wants feedback."""
    # "Reviews: 12" on an archive's info line counts reviews; it asks for nothing.
    texts = [t for t in _texts(values, "feedback") if not t.strip().replace(",", "").isdigit()]
    if texts:
        work.feedback = read_feedback(" ".join(texts))


def rule_language(work: ParsedWork, values: Values, doc: Document, kb: KnowledgeBase) -> None:
    """A language the header names."""
    text = _first(values, "language")
    if text:
        work.language = language_from_name(text)


def rule_songs(work: ParsedWork, values: Values, doc: Document, kb: KnowledgeBase) -> None:
    """Songs named in a Song field."""
    for text in _texts(values, "song"):
        song = read_song_field(text)
        if song and song not in work.songs:
            work.songs.append(song)


def rule_extra(work: ParsedWork, values: Values, doc: Document, kb: KnowledgeBase) -> None:
    """Fields with no home in the contract are kept by label; unknown labels are reported."""
    homeless = (
        "subject",
        "dedication",
        "beta",
        "word_count",
        "status",
        "published",
        "updated",
        "email",
        "read",
        "mood",
        "chapters",
        "info",
    )
    for name in homeless:
        texts = _texts(values, name)
        if texts:
            work.extra[name] = "\n".join(texts)
    for f in values.get("unknown", []):
        work.extra[f.label] = f.value
        work.diagnostics.append(
            Diagnostic("warning", f"unknown header label {f.label!r} kept as extra", f.line)
        )


# The header values each contract field is read from, most telling first.
FIELD_SOURCES: dict[str, tuple[str, ...]] = {
    "title": ("title", "subject"),
    "authors": ("author",),
    "rating": ("rating", "title", "subject"),
    "rating_original": ("rating", "title", "subject"),
    "fandoms": ("fandom", "category"),
    "relationships": ("pairing", "characters"),
    "relationships_original": ("pairing", "characters"),
    "characters": ("characters", "pairing"),
    "warnings": ("warnings",),
    "categories": ("category", "pairing"),
    "freeform": ("genre", "tags", "warnings", "category"),
    "summary": ("summary",),
    "notes": ("notes",),
    "end_notes": ("end_notes",),
    "disclaimer": ("disclaimer",),
    "spoilers": ("spoilers",),
    "series": ("series", "title", "subject"),
    "chapter": ("chapters", "title", "subject"),
    "distribution": ("distribution",),
    "feedback": ("feedback",),
    "language": ("language",),
    "songs": ("song",),
}
# How sure a value is, by where it was found (a rule may say otherwise on its field).
SOURCE_CONFIDENCE: dict[str, float] = {
    "label": 0.95,
    "front-matter": 0.95,
    "page-title": 0.8,
    "byline": 0.85,
    "title-line": 0.8,
    "subject": 0.7,
    "newsgroup": 0.8,
    "prose": 0.6,
    "inferred": 0.35,
}


# Fields a rule may fill with no header value behind them (from names in the story, say).
INFERRED_FIELDS = {"fandoms", "characters", "relationships", "categories"}


def _filled(work: ParsedWork, name: str) -> bool:
    value = getattr(work, name)
    if name == "rating":
        return value != NOT_RATED
    if name == "distribution":
        return value.text is not None
    if name == "feedback":
        return value.text is not None
    return bool(value)


def _confidence(f: Field) -> float:
    if f.confidence is not None:
        return f.confidence
    if f.name == "author" and f.label.casefold() == "from":
        return 0.55  # a mail's From names the poster, who is often not the author
    return SOURCE_CONFIDENCE.get(f.source, 0.5)


def rule_provenance(work: ParsedWork, values: Values, doc: Document, kb: KnowledgeBase) -> None:
    """Where each filled field was found and how sure the reader is of it."""
    present = {g for g, found in values.items() if any(f.value.strip() for f in found)}
    for name, groups in FIELD_SOURCES.items():
        if not _filled(work, name) or name in work.provenance:
            continue
        group = next((g for g in groups if g in present), None)
        if group is None:
            if name in INFERRED_FIELDS:
                work.note_source(name, "inferred", 0.35)
            continue
        found = max((f for f in values[group] if f.value.strip()), key=_confidence)
        source = found.source if found.source in SOURCE_CONFIDENCE else "label"
        confidence = _confidence(found)
        if found.name == "subject" and name != "title":
            confidence = min(confidence, 0.7)
        work.note_source(name, source, confidence)  # type: ignore[arg-type]


RULES: list[tuple[str, Callable[[ParsedWork, Values, Document, KnowledgeBase], None]]] = [
    ("subject", rule_subject),
    ("title", rule_title),
    ("authors", rule_authors),
    ("rating", rule_rating),
    ("cast", rule_cast),
    ("warnings", rule_warnings),
    ("tags", rule_tags),
    ("texts", rule_texts),
    ("series", rule_series),
    ("chapter", rule_chapter),
    ("distribution", rule_distribution),
    ("feedback", rule_feedback),
    ("language", rule_language),
    ("songs", rule_songs),
    ("extra", rule_extra),
    ("provenance", rule_provenance),
]


def apply_fields(work: ParsedWork, fields: list[Field], doc: Document, kb: KnowledgeBase) -> None:
    """Run every field rule; a rule that fails leaves a diagnostic and the others still run.

    Each contract field the rules filled is then recorded in `work.provenance` with the source
    of the header field it was read from.
    """
    values = group_fields(fields)
    for name, rule in RULES:
        run_rule(work, name, rule, work, values, doc, kb)
