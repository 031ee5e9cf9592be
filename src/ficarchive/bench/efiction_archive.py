"""A generated eFiction 3.5 archive for the rescue benchmark, and the same stories as files.

`efiction_archive_write(folder, stories=10_000, chapters=30_000)` writes, from a fixed seed:

- `folder/efiction/archive.sql`: a `mysqldump`-style dump (DROP/CREATE TABLE, LOCK TABLES,
  extended INSERTs of about 1 MB, conditional comments, `SET NAMES utf8` over latin1 tables) of
  the tables a rescue reads: settings, authors, categories (a tree of fandoms), characters,
  class types and classes (genres, warnings, pairings), ratings, stories, chapters, series and
  their entries, reviews (with author responses, guests, rating-only), co-authors;
- `folder/efiction/stories/<uid>/<chapid>.txt`: the chapter texts (`store = 'files'`);
- `folder/files/<sid>.txt`: every public story again as one legacy text file (a header, then
  its chapters under "Chapter N: title" headings), for `ficarchive import` of the same stories.

A few stories are still in the submission queue (never public) and so have no file. Every name
and sentence is made up from the word lists below. Pure Python, no Django.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ARCHIVE_URL = "http://bench-archive.example.net/efiction"
ARCHIVE_NAME = "Lamplight Bench Archive"
INSERT_BYTES = 1_000_000  # mysqldump's default net_buffer_length makes statements about this big

WORDS = [
    "lamp",
    "harbour",
    "tide",
    "keeper",
    "rain",
    "quay",
    "boat",
    "shore",
    "light",
    "wind",
    "salt",
    "rope",
    "bell",
    "stone",
    "water",
    "door",
    "window",
    "morning",
    "evening",
    "silence",
    "voice",
    "hand",
    "river",
    "road",
    "sea",
    "gull",
    "cloud",
    "letter",
    "map",
    "garden",
    "kettle",
    "candle",
    "ledger",
    "lantern",
    "compass",
    "winter",
    "summer",
    "orchard",
    "bridge",
    "tower",
    "field",
    "mill",
    "chapel",
    "market",
    "station",
    "platform",
    "carriage",
    "ticket",
    "pocket",
    "button",
    "thread",
    "needle",
    "ribbon",
    "basket",
    "apple",
    "bread",
    "honey",
    "cellar",
    "attic",
    "stair",
    "landing",
    "corridor",
    "library",
    "shelf",
    "drawer",
    "key",
    "lock",
    "hinge",
]
VERBS = [
    "walked",
    "waited",
    "listened",
    "turned",
    "laughed",
    "whispered",
    "carried",
    "opened",
    "closed",
    "counted",
    "remembered",
    "forgot",
    "watched",
    "folded",
    "wrote",
    "read",
    "answered",
    "asked",
    "noticed",
    "kept",
    "lost",
    "found",
]
GIVEN = [
    "Ada",
    "Bram",
    "Cora",
    "Dov",
    "Elin",
    "Fenn",
    "Greer",
    "Hale",
    "Ilse",
    "Joss",
    "Kit",
    "Lark",
    "Mira",
    "Nell",
    "Oren",
    "Pim",
    "Quill",
    "Rhea",
    "Sable",
    "Tam",
    "Una",
    "Vale",
    "Wren",
    "Xan",
    "Yara",
    "Zeb",
]
FAMILY = [
    "Ashdown",
    "Birchall",
    "Coldwell",
    "Dunmore",
    "Elswick",
    "Fairlie",
    "Garrow",
    "Hawkes",
    "Ingram",
    "Jessop",
    "Kettering",
    "Lowther",
    "Marlow",
    "Norcott",
    "Orme",
    "Penhallow",
    "Quarry",
    "Rowe",
    "Skelton",
    "Thorne",
    "Upton",
    "Varley",
    "Wickham",
]
# Fandom names as archives spelt them; the knowledge base maps most of them.
FANDOMS = (
    "SG1",
    "due South",
    "Sentinel, The",
    "Harry Potter",
    "Buffy the Vampire Slayer",
    "Star Trek: TOS",
    "X-Files",
    "Due South",
    "Blake's 7",
    "Professionals, The",
    "Sherlock Holmes",
    "Original Fiction",
)
GENRES = ("Angst", "Humor", "Romance", "Hurt/Comfort", "Drama", "Adventure", "First Time")
WARNINGS = ("None", "Major Character Death", "Graphic Violence", "Adult Language")
RATINGS = ("G", "PG", "PG-13", "R", "NC-17")


@dataclass
class Story:
    sid: int
    uid: int
    title: str
    summary: str
    catid: int
    charids: list[int]
    classes: list[int]
    rid: int
    date: str
    updated: str
    completed: bool
    validated: bool = True
    coauthors: list[int] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)


@dataclass
class Chapter:
    chapid: int
    sid: int
    uid: int
    inorder: int
    title: str
    notes: str
    paragraphs: list[str]

    def html(self) -> str:
        return "".join(f"<p>{p}</p>\n" for p in self.paragraphs)


@dataclass
class GeneratedArchive:
    """Where it was written and what it holds."""

    efiction: Path
    files: Path
    stories: int
    public_stories: int
    chapters: int
    authors: int
    series: int
    reviews: int
    dump_bytes: int
    text_bytes: int


def _sentence(rng: random.Random, names: Sequence[str]) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(5, 14))]
    words.insert(rng.randint(0, len(words)), rng.choice(VERBS))
    if rng.random() < 0.5:
        words.insert(0, rng.choice(names))
    text = " ".join(words)
    text = text[0].upper() + text[1:]
    if rng.random() < 0.1:
        return f"“{text},” said {rng.choice(names)}."
    return text + "."


def _paragraphs(rng: random.Random, words: int, names: Sequence[str]) -> list[str]:
    paragraphs, count = [], 0
    while count < words:
        paragraph = " ".join(_sentence(rng, names) for _ in range(rng.randint(2, 6)))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return paragraphs


def _date(rng: random.Random) -> str:
    return (
        f"{rng.randint(2001, 2012)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} "
        f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
    )


def _chapter_counts(rng: random.Random, stories: int, chapters: int) -> list[int]:
    """`stories` counts of 1..9 that add up to exactly `chapters`."""
    if not stories <= chapters <= 9 * stories:
        raise ValueError("chapters must be between 1 and 9 per story")
    counts = [chapters // stories] * stories
    for i in range(chapters - sum(counts)):
        counts[i] += 1
    for _ in range(stories):  # spread them: move a chapter from one story to another
        a, b = rng.randrange(stories), rng.randrange(stories)
        if counts[a] > 1 and counts[b] < 9:
            counts[a] -= 1
            counts[b] += 1
    return counts


def sql_quote(value) -> str:
    """A value as mysqldump writes it."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    for raw, escaped in (
        ("\\", "\\\\"),
        ("'", "\\'"),
        ('"', '\\"'),
        ("\n", "\\n"),
        ("\r", "\\r"),
        ("\0", "\\0"),
        ("\x1a", "\\Z"),
    ):
        text = text.replace(raw, escaped)
    return f"'{text}'"


# Each table: its CREATE TABLE body (eFiction 3.5's columns, trimmed of the ones the archive
# software alone uses) and the order of its values.
TABLES = {
    "settings": (
        "`sitekey` varchar(50) NOT NULL DEFAULT '1',\n  `sitename` varchar(200) NOT NULL DEFAULT"
        " 'Your Site',\n  `url` varchar(200) NOT NULL DEFAULT 'http://www.yoursite.com',\n"
        "  `siteemail` varchar(200) NOT NULL DEFAULT 'you@yoursite.com',\n  `tableprefix`"
        " varchar(50) NOT NULL DEFAULT '',\n  `language` varchar(10) NOT NULL DEFAULT 'en',\n"
        "  `storiespath` varchar(20) NOT NULL DEFAULT 'stories',\n  `store` varchar(5) NOT NULL"
        " DEFAULT 'files',\n  `version` varchar(10) NOT NULL DEFAULT '3.5.3',\n"
        "  PRIMARY KEY (`sitekey`)"
    ),
    "authors": (
        "`uid` int(11) NOT NULL AUTO_INCREMENT,\n  `penname` varchar(200) NOT NULL DEFAULT '',\n"
        "  `realname` varchar(200) NOT NULL DEFAULT '',\n  `email` varchar(200) NOT NULL DEFAULT"
        " '',\n  `website` varchar(200) NOT NULL DEFAULT '',\n  `bio` text NOT NULL,\n  `image`"
        " varchar(200) NOT NULL DEFAULT '',\n  `date` datetime NOT NULL DEFAULT '0000-00-00"
        " 00:00:00',\n  `admincreated` char(1) NOT NULL DEFAULT '0',\n  `password` varchar(40)"
        " NOT NULL DEFAULT '0',\n  PRIMARY KEY (`uid`)"
    ),
    "categories": (
        "`catid` int(11) NOT NULL AUTO_INCREMENT,\n  `parentcatid` int(11) NOT NULL DEFAULT"
        " '-1',\n  `category` varchar(60) NOT NULL DEFAULT '',\n  `description` text NOT NULL,\n"
        "  `image` varchar(100) NOT NULL DEFAULT '',\n  `locked` char(1) NOT NULL DEFAULT '0',\n"
        "  `leveldown` tinyint(4) NOT NULL DEFAULT '0',\n  `displayorder` int(11) NOT NULL"
        " DEFAULT '0',\n  `numitems` int(11) NOT NULL DEFAULT '0',\n  PRIMARY KEY (`catid`)"
    ),
    "characters": (
        "`charid` int(11) NOT NULL AUTO_INCREMENT,\n  `catid` int(11) NOT NULL DEFAULT '0',\n"
        "  `charname` varchar(60) NOT NULL DEFAULT '',\n  `bio` text NOT NULL,\n  `image`"
        " varchar(200) NOT NULL DEFAULT '',\n  PRIMARY KEY (`charid`)"
    ),
    "classtypes": (
        "`classtype_id` int(11) NOT NULL AUTO_INCREMENT,\n  `classtype_name` varchar(50) NOT"
        " NULL DEFAULT '',\n  `classtype_title` varchar(50) NOT NULL DEFAULT '',\n  PRIMARY KEY"
        " (`classtype_id`)"
    ),
    "classes": (
        "`class_id` int(11) NOT NULL AUTO_INCREMENT,\n  `class_type` int(11) NOT NULL DEFAULT"
        " '0',\n  `class_name` varchar(100) NOT NULL DEFAULT '',\n  PRIMARY KEY (`class_id`)"
    ),
    "ratings": (
        "`rid` int(11) NOT NULL AUTO_INCREMENT,\n  `rating` varchar(60) NOT NULL DEFAULT '',\n"
        "  `ratingwarning` char(1) NOT NULL DEFAULT '0',\n  `warningtext` text NOT NULL,\n"
        "  PRIMARY KEY (`rid`)"
    ),
    "stories": (
        "`sid` int(11) NOT NULL AUTO_INCREMENT,\n  `title` varchar(200) NOT NULL DEFAULT '',\n"
        "  `summary` text,\n  `storynotes` text,\n  `catid` varchar(100) NOT NULL DEFAULT '0',\n"
        "  `classes` varchar(200) DEFAULT NULL,\n  `charid` varchar(250) NOT NULL DEFAULT '0',\n"
        "  `rid` varchar(25) NOT NULL DEFAULT '0',\n  `date` datetime NOT NULL DEFAULT"
        " '0000-00-00 00:00:00',\n  `updated` datetime NOT NULL DEFAULT '0000-00-00 00:00:00',\n"
        "  `uid` int(11) NOT NULL DEFAULT '0',\n  `coauthors` varchar(200) DEFAULT NULL,\n"
        "  `featured` char(1) NOT NULL DEFAULT '0',\n  `validated` char(1) NOT NULL DEFAULT"
        " '0',\n  `completed` char(1) NOT NULL DEFAULT '0',\n  `rr` char(1) NOT NULL DEFAULT"
        " '0',\n  `wordcount` int(11) NOT NULL DEFAULT '0',\n  `rating` tinyint(4) NOT NULL"
        " DEFAULT '0',\n  `reviews` smallint(6) NOT NULL DEFAULT '0',\n  `count` int(11) NOT"
        " NULL DEFAULT '0',\n  `challenges` varchar(200) NOT NULL DEFAULT '0',\n  PRIMARY KEY"
        " (`sid`)"
    ),
    "chapters": (
        "`chapid` int(11) NOT NULL AUTO_INCREMENT,\n  `title` varchar(250) NOT NULL DEFAULT"
        " '',\n  `inorder` int(11) NOT NULL DEFAULT '0',\n  `notes` text NOT NULL,\n"
        "  `storytext` text NOT NULL,\n  `endnotes` text,\n  `validated` char(1) NOT NULL"
        " DEFAULT '0',\n  `wordcount` int(11) NOT NULL DEFAULT '0',\n  `rating` tinyint(4) NOT"
        " NULL DEFAULT '0',\n  `reviews` smallint(6) NOT NULL DEFAULT '0',\n  `sid` int(11) NOT"
        " NULL DEFAULT '0',\n  `uid` int(11) NOT NULL DEFAULT '0',\n  `count` int(11) NOT NULL"
        " DEFAULT '0',\n  PRIMARY KEY (`chapid`)"
    ),
    "series": (
        "`seriesid` int(11) NOT NULL AUTO_INCREMENT,\n  `title` varchar(200) NOT NULL DEFAULT"
        " '',\n  `summary` text,\n  `uid` int(11) NOT NULL DEFAULT '0',\n  `isopen` tinyint(4)"
        " NOT NULL DEFAULT '0',\n  `catid` varchar(200) NOT NULL DEFAULT '0',\n  `rating`"
        " tinyint(4) NOT NULL DEFAULT '0',\n  `classes` varchar(200) DEFAULT NULL,\n"
        "  `characters` varchar(250) NOT NULL DEFAULT '',\n  `reviews` smallint(6) NOT NULL"
        " DEFAULT '0',\n  `numstories` int(11) NOT NULL DEFAULT '0',\n  PRIMARY KEY (`seriesid`)"
    ),
    "inseries": (
        "`seriesid` int(11) NOT NULL DEFAULT '0',\n  `sid` int(11) NOT NULL DEFAULT '0',\n"
        "  `subseriesid` int(11) NOT NULL DEFAULT '0',\n  `confirmed` int(11) NOT NULL DEFAULT"
        " '0',\n  `inorder` int(11) NOT NULL DEFAULT '0',\n  PRIMARY KEY"
        " (`sid`,`seriesid`,`subseriesid`)"
    ),
    "reviews": (
        "`reviewid` int(11) NOT NULL AUTO_INCREMENT,\n  `item` int(11) NOT NULL DEFAULT '0',\n"
        "  `chapid` int(11) NOT NULL DEFAULT '0',\n  `reviewer` varchar(60) NOT NULL DEFAULT"
        " '0',\n  `uid` int(11) NOT NULL DEFAULT '0',\n  `review` text NOT NULL,\n  `date`"
        " datetime NOT NULL DEFAULT '0000-00-00 00:00:00',\n  `rating` int(11) NOT NULL DEFAULT"
        " '0',\n  `respond` char(1) NOT NULL DEFAULT '0',\n  `type` char(2) NOT NULL DEFAULT"
        " 'ST',\n  PRIMARY KEY (`reviewid`)"
    ),
    "coauthors": (
        "`sid` int(11) NOT NULL DEFAULT '0',\n  `uid` int(11) NOT NULL DEFAULT '0',\n"
        "  PRIMARY KEY (`sid`,`uid`)"
    ),
}


class DumpWriter:
    """Writes tables as `mysqldump` 10.13 does, extended INSERTs split at about 1 MB."""

    def __init__(self, out, prefix: str = "fanfiction_"):
        self.out = out
        self.prefix = prefix
        self.bytes = 0

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        self.bytes += len(data)
        self.out.write(data)

    def header(self) -> None:
        self.write(
            "-- MySQL dump 10.13  Distrib 5.1.73, for redhat-linux-gnu (x86_64)\n--\n"
            "-- Host: localhost    Database: bench_efic\n"
            "-- ------------------------------------------------------\n"
            "-- Server version\t5.1.73-log\n\n"
            "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n"
            "/*!40101 SET NAMES utf8 */;\n"
            "/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;\n"
            "/*!40103 SET TIME_ZONE='+00:00' */;\n"
            "/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;\n"
            "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n\n"
        )

    def table(self, name: str, rows: Iterable[Sequence]) -> None:
        full = f"{self.prefix}{name}"
        self.write(
            f"--\n-- Table structure for table `{full}`\n--\n\n"
            f"DROP TABLE IF EXISTS `{full}`;\n"
            "/*!40101 SET @saved_cs_client     = @@character_set_client */;\n"
            "/*!40101 SET character_set_client = utf8 */;\n"
            f"CREATE TABLE `{full}` (\n  {TABLES[name]}\n) ENGINE=MyISAM DEFAULT CHARSET=latin1;\n"
            "/*!40101 SET character_set_client = @saved_cs_client */;\n\n"
            f"--\n-- Dumping data for table `{full}`\n--\n\n"
            f"LOCK TABLES `{full}` WRITE;\n"
            f"/*!40000 ALTER TABLE `{full}` DISABLE KEYS */;\n"
        )
        start = f"INSERT INTO `{full}` VALUES "
        parts: list[str] = []
        size = 0
        for row in rows:
            values = "(" + ",".join(sql_quote(v) for v in row) + ")"
            if parts and size + len(values) > INSERT_BYTES:
                self.write(start + ",".join(parts) + ";\n")
                parts, size = [], 0
            parts.append(values)
            size += len(values) + 1
        if parts:
            self.write(start + ",".join(parts) + ";\n")
        self.write(f"/*!40000 ALTER TABLE `{full}` ENABLE KEYS */;\nUNLOCK TABLES;\n\n")

    def footer(self) -> None:
        self.write(
            "/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;\n"
            "/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;\n"
            "/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;\n"
            "/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;\n\n"
            "-- Dump completed\n"
        )


def _legacy_file(story: Story, names: dict, lookup: dict) -> str:
    """The story as a legacy text file: header, then its chapters under headings."""
    classes = [lookup["classes"][c] for c in story.classes]
    pairings = [name for kind, name in classes if kind == "pairings"]
    lines = [
        f"Title: {story.title}",
        f"Author: {', '.join(names[u] for u in [story.uid, *story.coauthors])}",
        f"Fandom: {lookup['categories'][story.catid]}",
        f"Rating: {RATINGS[story.rid - 1]}",
    ]
    if pairings:
        lines.append(f"Pairing: {', '.join(pairings)}")
    characters = [lookup["characters"][c] for c in story.charids]
    if characters:
        lines.append(f"Characters: {', '.join(characters)}")
    genres = [name for kind, name in classes if kind == "genres"]
    if genres:
        lines.append(f"Genre: {', '.join(genres)}")
    warnings = [name for kind, name in classes if kind == "warnings"]
    if warnings:
        lines.append(f"Warnings: {', '.join(warnings)}")
    lines.append(f"Summary: {story.summary}")
    lines.append("")
    for chapter in story.chapters:
        if len(story.chapters) > 1:
            lines += [f"Chapter {chapter.inorder}: {chapter.title}", ""]
        for paragraph in chapter.paragraphs:
            lines += [paragraph, ""]
    return "\n".join(lines)


@dataclass
class Vocabulary:
    """The archive's categories, characters, classes and ratings: dump rows and look-ups."""

    rows: dict[str, list] = field(default_factory=dict)
    lookup: dict[str, dict] = field(default_factory=dict)
    fandom_ids: list[int] = field(default_factory=list)
    characters_of: dict[int, list[int]] = field(default_factory=dict)
    classes_of: dict[str, list[int]] = field(default_factory=dict)
    pairings_of: dict[int, list[int]] = field(default_factory=dict)


def _authors(rng: random.Random, stories: int) -> tuple[dict[int, str], list[tuple]]:
    """Members (about one for six stories; one in eleven without an address)."""
    authors_count = max(2, stories // 6)
    pennames: dict[int, str] = {}
    author_rows = []
    for uid in range(1, authors_count + 1):
        name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)} {uid}"
        pennames[uid] = name
        email = f"member{uid}@example.net" if uid % 11 else ""
        author_rows.append(
            (uid, name, "", email, "", "", "", _date(rng), "0" if email else "1", "0" * 32)
        )

    return pennames, author_rows


def _vocabulary(rng: random.Random) -> Vocabulary:
    """Two locked containers holding the fandoms; characters and pairings belong to a fandom."""
    category_rows = [
        (1, -1, "Television", "", "", "1", 0, 1, 0),
        (2, -1, "Books", "", "", "1", 0, 2, 0),
    ]
    lookup: dict[str, dict] = {"categories": {}, "characters": {}, "classes": {}}
    fandom_ids = []
    for i, fandom in enumerate(FANDOMS, start=3):
        category_rows.append((i, 1 if i % 2 else 2, fandom, "", "", "0", 1, i, 0))
        lookup["categories"][i] = fandom
        fandom_ids.append(i)
    character_rows: list[tuple] = []
    characters_of: dict[int, list[int]] = {}
    charid = 0
    for catid in fandom_ids:
        for _ in range(8):
            charid += 1
            name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
            character_rows.append((charid, catid, name, "", ""))
            lookup["characters"][charid] = name
            characters_of.setdefault(catid, []).append(charid)
    classtype_rows = [
        (1, "genres", "Genres"),
        (2, "warnings", "Warnings"),
        (3, "pairings", "Pairings"),
    ]
    class_rows, class_id = [], 0
    classes_of: dict[str, list[int]] = {}
    for type_id, kind, names in ((1, "genres", GENRES), (2, "warnings", WARNINGS)):
        for name in names:
            class_id += 1
            class_rows.append((class_id, type_id, name))
            lookup["classes"][class_id] = (kind, name)
            classes_of.setdefault(kind, []).append(class_id)
    pairings_of: dict[int, list[int]] = {}
    for catid in fandom_ids:
        cast = characters_of[catid]
        for a, b in ((0, 1), (2, 3)):
            class_id += 1
            first, second = (lookup["characters"][cast[n]].split()[0] for n in (a, b))
            class_rows.append((class_id, 3, f"{first}/{second}"))
            lookup["classes"][class_id] = ("pairings", f"{first}/{second}")
            pairings_of.setdefault(catid, []).append(class_id)
    rating_rows = [(i, name, "0", "") for i, name in enumerate(RATINGS, start=1)]

    return Vocabulary(
        rows={
            "categories": category_rows,
            "characters": character_rows,
            "classtypes": classtype_rows,
            "classes": class_rows,
            "ratings": rating_rows,
        },
        lookup=lookup,
        fandom_ids=fandom_ids,
        characters_of=characters_of,
        classes_of=classes_of,
        pairings_of=pairings_of,
    )


def _story_new(rng: random.Random, sid: int, vocabulary: Vocabulary, authors_count: int) -> Story:
    """One story's metadata; its chapters are added by _chapters_write."""
    characters_of, classes_of = vocabulary.characters_of, vocabulary.classes_of
    catid = rng.choice(vocabulary.fandom_ids)
    story = Story(
        sid=sid,
        uid=rng.randint(1, authors_count),
        title=" ".join(w.capitalize() for w in rng.sample(WORDS, rng.randint(2, 4))) + f" {sid}",
        summary=_sentence(rng, _cast_names(vocabulary, catid)),
        catid=catid,
        charids=rng.sample(characters_of[catid], rng.randint(1, 3)),
        classes=[rng.choice(classes_of["genres"]), rng.choice(classes_of["warnings"])]
        + ([rng.choice(vocabulary.pairings_of[catid])] if rng.random() < 0.6 else []),
        rid=rng.randint(1, len(RATINGS)),
        date=_date(rng),
        updated="",
        completed=rng.random() < 0.8,
        validated=rng.random() >= 0.01,
    )
    story.updated = story.date
    if rng.random() < 0.02:
        coauthor = rng.randint(1, authors_count)
        story.coauthors = [] if coauthor == story.uid else [coauthor]
    return story


def _cast_names(vocabulary: Vocabulary, catid: int) -> list[str]:
    return [vocabulary.lookup["characters"][c] for c in vocabulary.characters_of[catid]]


def _chapters_write(
    rng: random.Random,
    story: Story,
    chapids: range,
    words_per_chapter: int,
    names: list[str],
    efiction: Path,
) -> int:
    """Give the story one chapter per id and write each chapter's file; returns bytes written."""
    text_bytes = 0
    for position, chapid in enumerate(chapids, start=1):
        words = max(50, int(rng.gauss(words_per_chapter, words_per_chapter / 4)))
        chapter = Chapter(
            chapid=chapid,
            sid=story.sid,
            uid=story.uid,
            inorder=position,
            title=" ".join(w.capitalize() for w in rng.sample(WORDS, 2)),
            notes=_sentence(rng, names) if rng.random() < 0.2 else "",
            paragraphs=_paragraphs(rng, words, names),
        )
        story.chapters.append(chapter)
        folder_of = efiction / "stories" / str(chapter.uid)
        folder_of.mkdir(exist_ok=True)
        data = chapter.html().encode("utf-8")
        text_bytes += len(data)
        (folder_of / f"{chapid}.txt").write_bytes(data)
    return text_bytes


def _stories(
    rng: random.Random,
    vocabulary: Vocabulary,
    pennames: dict[int, str],
    efiction: Path,
    files: Path,
    sizes: tuple[int, int, int],
    progress,
) -> tuple[list[Story], int]:
    """Every story with its chapters; chapter files and story files written. (stories, text bytes)"""
    stories, chapters, words_per_chapter = sizes
    counts = _chapter_counts(rng, stories, chapters)
    story_list: list[Story] = []
    next_chapid = 1
    text_bytes = 0
    for sid in range(1, stories + 1):
        story = _story_new(rng, sid, vocabulary, len(pennames))
        chapids = range(next_chapid, next_chapid + counts[sid - 1])
        next_chapid = chapids.stop
        names = _cast_names(vocabulary, story.catid)
        text_bytes += _chapters_write(rng, story, chapids, words_per_chapter, names, efiction)
        if story.validated:
            legacy = _legacy_file(story, pennames, vocabulary.lookup)
            (files / f"{sid}.txt").write_text(legacy, "utf-8")
        story_list.append(story)
        if progress is not None and sid % 100 == 0:
            progress(sid, stories)

    return story_list, text_bytes


def _series(rng: random.Random, story_list: list[Story]) -> tuple[list[tuple], list[tuple]]:
    """A series for about a third of the members with three stories or more."""
    series_rows, inseries_rows = [], []
    by_author: dict[int, list[Story]] = {}
    for story in story_list:
        by_author.setdefault(story.uid, []).append(story)
    seriesid = 0
    for uid, own in sorted(by_author.items()):
        if len(own) >= 3 and rng.random() < 0.3:
            seriesid += 1
            title = f"The {rng.choice(WORDS).capitalize()} Cycle {seriesid}"
            series_rows.append(
                (seriesid, title, _sentence(rng, ["They"]), uid, 0, "", 0, "", "", 0, 0)
            )
            for order, story in enumerate(own[: rng.randint(2, min(5, len(own)))], start=1):
                inseries_rows.append((seriesid, story.sid, 0, 1, order))

    return series_rows, inseries_rows


def _reviews(rng: random.Random, story_list: list[Story], pennames: dict[int, str]) -> list[tuple]:
    """Reviews by members and guests; some rating-only, some with the author's response."""
    authors_count = len(pennames)
    review_rows, reviewid = [], 0
    for story in story_list:
        for _ in range(rng.choice((0, 0, 1, 2, 3))):
            reviewid += 1
            chapter = rng.choice(story.chapters)
            guest = rng.random() < 0.3
            uid = 0 if guest else rng.randint(1, authors_count)
            text = "No Review" if rng.random() < 0.1 else _sentence(rng, ["You"])
            respond = "0"
            if text != "No Review" and rng.random() < 0.15:
                text += f"<br><br><i>Author's Response: {_sentence(rng, ['I'])}</i>"
                respond = "1"
            reviewer = "Anonymous" if guest else pennames[uid]
            review_rows.append(
                (
                    reviewid,
                    story.sid,
                    chapter.chapid,
                    reviewer,
                    uid,
                    text,
                    _date(rng),
                    rng.randint(-1, 5),
                    respond,
                    "ST",
                )
            )

    return review_rows


SETTINGS_ROW = (
    "Bx7Lamp001",
    ARCHIVE_NAME,
    ARCHIVE_URL,
    "staff@example.net",
    "",
    "en",
    "stories",
    "files",
    "3.5.3",
)


def _words(paragraphs: Sequence[str]) -> int:
    return len(" ".join(paragraphs).split())


def _story_row(s: Story) -> tuple:
    """One row of the stories table, in eFiction 3's column order."""
    return (
        s.sid,
        s.title,
        s.summary,
        "",
        str(s.catid),
        ",".join(map(str, s.classes)),
        ",".join(map(str, s.charids)),
        str(s.rid),
        s.date,
        s.updated,
        s.uid,
        "1" if s.coauthors else "0",
        "0",
        "1" if s.validated else "0",
        "1" if s.completed else "0",
        "0",
        sum(_words(c.paragraphs) for c in s.chapters),
        0,
        0,
        0,
        "0",
    )


def _chapter_row(c: Chapter) -> tuple:
    """One row of the chapters table (the text lives in stories/, so its column is empty)."""
    return (
        c.chapid,
        c.title,
        c.inorder,
        c.notes,
        "",
        None,
        "1",
        _words(c.paragraphs),
        0,
        0,
        c.sid,
        c.uid,
        0,
    )


def _dump_write(
    dump_path: Path,
    author_rows: list[tuple],
    vocabulary: Vocabulary,
    story_list: list[Story],
    more_tables: dict[str, list[tuple]],
) -> int:
    """Write the mysqldump of every table; returns its size in bytes."""
    with dump_path.open("wb") as out:
        dump = DumpWriter(out)
        dump.header()
        dump.table("settings", [SETTINGS_ROW])
        dump.table("authors", author_rows)
        for name, rows in vocabulary.rows.items():
            dump.table(name, rows)
        dump.table("stories", (_story_row(s) for s in story_list))
        dump.table("chapters", (_chapter_row(c) for s in story_list for c in s.chapters))
        for name, rows in more_tables.items():
            dump.table(name, rows)
        dump.table("coauthors", ((s.sid, u) for s in story_list for u in s.coauthors))
        dump.footer()
    return dump.bytes


def efiction_archive_write(
    folder: Path,
    *,
    stories: int = 10_000,
    chapters: int = 30_000,
    words_per_chapter: int = 600,
    seed: int = 20260,
    progress=None,
) -> GeneratedArchive:
    """Write the archive (dump + stories/) and the same stories as files under `folder`.

    Deterministic for a given seed and sizes. `progress(done, total)` is called as stories are
    written. Returns what was written."""
    rng = random.Random(seed)
    efiction, files = Path(folder) / "efiction", Path(folder) / "files"
    (efiction / "stories").mkdir(parents=True, exist_ok=True)
    files.mkdir(parents=True, exist_ok=True)
    pennames, author_rows = _authors(rng, stories)
    authors_count = len(pennames)
    vocabulary = _vocabulary(rng)
    story_list, text_bytes = _stories(
        rng,
        vocabulary,
        pennames,
        efiction,
        files,
        (stories, chapters, words_per_chapter),
        progress,
    )
    series_rows, inseries_rows = _series(rng, story_list)
    review_rows = _reviews(rng, story_list, pennames)
    dump_bytes = _dump_write(
        efiction / "archive.sql",
        author_rows,
        vocabulary,
        story_list,
        {"series": series_rows, "inseries": inseries_rows, "reviews": review_rows},
    )
    return GeneratedArchive(
        efiction=efiction,
        files=files,
        stories=stories,
        public_stories=sum(s.validated for s in story_list),
        chapters=chapters,
        authors=authors_count,
        series=len(series_rows),
        reviews=len(review_rows),
        dump_bytes=dump_bytes,
        text_bytes=text_bytes,
    )
