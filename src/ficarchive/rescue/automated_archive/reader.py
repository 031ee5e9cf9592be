"""An Automated Archive: `ARCHIVE_DB.pl` and the story files of its `archive/` folder.

Field names are the archive's own choice; the usual ones are read by role (Title, Author,
Email, Rating, Category, Pairing, Characters, Warnings, Summary, Notes, Location, FileType,
PrintTime, LocationURL). A story posted as "Title (1/2)" and "Title (2/2)" is one work with two
chapters. The archive's one fandom is rarely written down: it is told from the characters.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import PurePosixPath

from ficarchive.legacy import parse_bytes
from ficarchive.legacy.decode import decode_bytes
from ficarchive.legacy.knowledge import load_knowledge
from ficarchive.legacy.normalize.cast import (
    PAIR_SEPARATOR,
    infer_fandoms,
    split_list,
    split_pairings,
)
from ficarchive.legacy.normalize.permissions import read_distribution
from ficarchive.legacy.sources.markup import looks_like_html
from ficarchive.rescue.automated_archive.perl_db import PerlDb, Record, perl_db_parse
from ficarchive.rescue.page_body import END_MARKER, page_body_html
from ficarchive.rescue.source import ArchiveInfo, Chapter, Member, Problem, Series, Story
from ficarchive.rescue.text import EMAIL, one_line, plain_text
from ficarchive.works.services import blocks_to_html

ROLES = {
    "title": ("title", "storytitle", "name"),
    "author": ("author", "authors", "authorname", "penname"),
    "email": ("email", "emailauthor", "authoremail", "authormail"),
    "rating": ("rating", "rated"),
    "category": ("category", "categories", "genre", "genres", "type"),
    "fandom": ("fandom", "fandoms", "series", "universe"),
    "pairing": ("pairing", "pairings", "relationship", "relationships", "ship"),
    "characters": ("characters", "character", "chars"),
    "warnings": ("warnings", "warning"),
    "summary": ("summary", "description", "blurb"),
    "notes": ("notes", "note", "authornotes"),
    "location": ("location", "file", "filename"),
    "filetype": ("filetype", "type_of_file", "extension"),
    "date": ("printtime", "dateprint", "date", "posted", "added"),
    "url": ("locationurl", "storyurl", "url", "offsite"),
    "keywords": ("keywords", "tags"),
    "permission": ("archive", "archiving", "permission", "distribution"),
}
PART = re.compile(
    r"(?i)^(?P<title>.*?)[\s,:;-]*(?:[(\[]\s*(?:part\s*)?(?P<n1>\d+)\s*(?:/|of)\s*(?P<t1>\d+)\s*[)\]]"
    r"|\b(?:part|chapter|ch\.)\s*(?P<n2>\d+)(?:\s*(?:/|of)\s*(?P<t2>\d+))?)\s*$"
)

# The share of records whose characters must belong to one fandom for it to be the archive's.
SINGLE_FANDOM_SHARE = 0.8
# Between the names of a story's several authors ("Kestrel & Ondine", "A and B", "A; B").
# Story files under archive/ that no record names are listed, this many at the most.
STORY_FILES = (".html", ".htm", ".txt", ".shtml")
MAX_UNNAMED_REPORTED = 200
AUTHOR_SEPARATOR = re.compile(r"(?i)\s*(?:&|\band\b|;|,)\s*")


def _role(record: Record, role: str) -> str:
    fields = {k.casefold(): v for k, v in record.fields.items()}
    for name in ROLES[role]:
        if fields.get(name, "").strip():
            return fields[name].strip()
    return ""


# PrintTime as archives wrote it: the script's mm/dd/yy first, then what people typed (a
# day past 12 tells dd/mm/yy).
DATE_FORMATS = (
    "%m/%d/%y", "%m/%d/%Y", "%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%B %d %Y", "%d %b %Y",
    "%b %d, %Y", "%m-%d-%y", "%m-%d-%Y", "%Y/%m/%d", "%d/%m/%y", "%d/%m/%Y", "%d.%m.%Y",
    "%Y-%m-%d %H:%M:%S",
)  # fmt: skip


def _date(text: str) -> datetime | None:
    """A record's date from PrintTime (or the like), or None."""
    text = " ".join(text.split())
    if text.isdigit() and len(text) >= 9:
        return datetime.fromtimestamp(int(text), tz=UTC)
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def _member_key(name: str, email: str) -> str:
    """A number for an author (the archive has none): the same name and address, the same number,
    whatever else the file holds (so that runs on a grown archive keep their keys)."""
    digest = hashlib.sha256(f"{name.casefold()}|{email.strip().casefold()}".encode()).hexdigest()
    return str(int(digest[:10], 16))


class AutomatedArchive:
    """The rescue's view of an Automated Archive (see `ficarchive.rescue.source`)."""

    def __init__(self, tree, db_path: str, fandom: str | None = None) -> None:
        self.tree = tree
        self.root = _site_root(tree, db_path)
        self._by_name: dict[str, list[str]] | None = None  # files by their name (any case)
        self.db: PerlDb = perl_db_parse(tree.read(db_path, limit=1 << 30) or b"")
        self.problems: list[Problem] = list(self.db.problems)
        self._sole_authors = self._sole_authors_read()
        self._members: dict[str, Member] = {}
        for record in self.db.records:
            for name, email in self._authors(record):
                key = _member_key(name, email)
                self._members.setdefault(key, Member(key, name, email, ids={"author": name}))
        self.default_fandoms = [fandom] if fandom else self._infer_fandom()
        self.info = ArchiveInfo(
            name=self._site_name() or tree.name,
            software="Automated Archive",
            site_root=self.root,
        )
        self.groups = self._group_parts()
        self._unread_report(db_path)

    def _unread_report(self, db_path: str) -> None:
        """Say when the database held no record at all, and which story files under
        `archive/` no record names (they are not imported: nothing tells their author)."""
        if not self.db.records:
            self.problems.append(
                Problem(
                    "no_records",
                    f"{db_path} holds no record this reader could read: nothing was imported "
                    "from it",
                    {"path": db_path},
                )
            )
        named = {self._file_of(r) for r in self.db.records}
        folder = f"{self.root}/archive/" if self.root else "archive/"
        unnamed = [
            p
            for p in self.tree.paths
            if p.startswith(folder) and p.lower().endswith(STORY_FILES) and p not in named
        ]
        for path in unnamed[:MAX_UNNAMED_REPORTED]:
            self.problems.append(
                Problem(
                    "file_not_in_records",
                    f"{path} is a story file no record of the database names: not imported",
                    {"path": path},
                )
            )
        if len(unnamed) > MAX_UNNAMED_REPORTED:
            more = len(unnamed) - MAX_UNNAMED_REPORTED
            self.problems.append(
                Problem("file_not_in_records", f"and {more} more files no record names", {})
            )

    def _sole_authors_read(self) -> dict[str, str]:
        """The address of every author the records name for sure (alone, or with one address
        per name), by folded name."""
        found: dict[str, str] = {}
        for record in self.db.records:
            names = _author_names(record)
            emails = EMAIL.findall(_role(record, "email"))
            if len(names) == 1:
                found.setdefault(names[0].casefold(), _role(record, "email"))
            elif len(emails) == len(names):
                for name, email in zip(names, emails, strict=True):
                    found.setdefault(name.casefold(), email)
        return found

    def _authors(self, record: Record) -> list[tuple[str, str]]:
        """The record's authors as (name, address). One field may name several ("A & B",
        "A and B"): it is split when it gives one address per name, or when every name is an
        author the archive knows; otherwise it is one penname ("Salt and Pepper")."""
        names, email = _author_names(record), _role(record, "email")
        if len(names) > 1:
            emails = EMAIL.findall(email)
            if len(emails) == len(names):
                return list(zip(names, emails, strict=True))
            if all(n.casefold() in self._sole_authors for n in names):
                return [(n, self._sole_authors[n.casefold()]) for n in names]
        name = one_line(_role(record, "author"))
        return [(name, email)] if name else []

    def _path(self, relative: str) -> str:
        return f"{self.root}/{relative}" if self.root else relative

    def _infer_fandom(self) -> list[str]:
        """The archive's one fandom, when the records name none: the fandom the characters
        and pairings of nearly every record belong to. An archive whose records point to
        several fandoms (a multi-fandom archive filing them under Category) has none: each
        story's own tags tell its fandom."""
        if any(_role(r, "fandom") for r in self.db.records):
            return []
        knowledge = load_knowledge()
        votes: Counter[str] = Counter()
        for record in self.db.records:
            names = split_list(_role(record, "characters"))
            for pairing in split_pairings(_role(record, "pairing")):
                names += [n.strip() for n in PAIR_SEPARATOR.split(pairing) if n.strip()]
            found = infer_fandoms(sorted(set(names)), knowledge) if names else []
            if found:
                votes[found[0]] += 1
        if not votes:
            return []
        fandom, count = votes.most_common(1)[0]
        return [fandom] if count >= SINGLE_FANDOM_SHARE * sum(votes.values()) else []

    def _site_name(self) -> str:
        """The archive's name: its index page's title, or the text of the links to it."""
        index = self.tree.read(self._path("index.html")) or self.tree.read(self._path("index.htm"))
        if index:
            found = re.search(r"(?is)<title>(.*?)</title>", decode_bytes(index).text)
            if found and one_line(found.group(1)):
                return one_line(found.group(1))
        names: Counter[str] = Counter()
        for path in self.tree.paths[:200]:
            if path.lower().endswith((".html", ".htm")):
                text = decode_bytes(self.tree.read(path, limit=1 << 20) or b"").text
                for label in re.findall(
                    r'(?is)<a\s[^>]*href="(?:\.\./)*index\.html?"[^>]*>(.*?)</a>', text
                ):
                    if one_line(label) and not one_line(label).lower().startswith("back"):
                        names[one_line(label)] += 1
        return names.most_common(1)[0][0] if names else ""

    def _group_parts(self) -> list[list[Record]]:
        """Records in order, the parts of one story ("Title (1/2)", "(2/2)") together."""
        groups: dict[tuple[str, ...], list[Record]] = {}
        order = []
        for record in self.db.records:
            title = one_line(_role(record, "title"))
            part = PART.match(title)
            author = _role(record, "author").casefold()
            key: tuple[str, ...] = (record.old_id,)
            if part and part.group("title").strip():
                key = (author, part.group("title").casefold().strip(), "parts")
            if key not in groups:
                groups[key] = []
                order.append(key)
            groups[key].append(record)
        found = []
        for key in order:
            records = groups[key]
            records.sort(key=lambda r: _part_number(one_line(_role(r, "title"))))
            found.append(records)
            if len(records) > 1:
                ids = [int(r.old_id) if r.old_id.isdigit() else r.old_id for r in records]
                self.problems.append(
                    Problem(
                        "parts_merged",
                        f"records {', '.join(map(str, ids))} are the parts of one story: one work",
                        {"old_ids": ids},
                    )
                )
        return found

    def members(self) -> dict[str, Member]:
        return self._members

    def author_ids(self) -> set[str]:
        return set(self._members)

    def story_count(self) -> int:
        return len(self.groups)

    def stories(self) -> Iterator[Story]:
        for records in self.groups:
            yield self._story(records)

    def _story(self, records: list[Record]) -> Story:
        first = records[0]
        title = one_line(_role(first, "title"))
        part = PART.match(title)
        authors = [_member_key(name, email) for name, email in self._authors(first)]
        story = Story(
            old_id=first.old_id,
            title=part.group("title").strip() if part and len(records) > 1 else title,
            owner_id=authors[0] if authors else None,
            coauthor_ids=authors[1:],
            summary=plain_text(_role(first, "summary")),
            notes=plain_text(_role(first, "notes")),
            rating=_role(first, "rating"),
            fandoms=split_list(_role(first, "fandom")),
            categories=[c for c in re.split(r"\s*[,;/]\s*", _role(first, "category")) if c],
            characters=split_list(_role(first, "characters")),
            pairings=split_pairings(_role(first, "pairing")),
            warnings=[_role(first, "warnings")] if _role(first, "warnings") else [],
            genres=split_list(_role(first, "keywords")),
            published=_date(_role(first, "date")),
            updated=_date(_role(records[-1], "date")) or _date(_role(first, "date")),
            complete=True,
            ids={"old_id": int(first.old_id) if first.old_id.isdigit() else first.old_id},
        )
        if _role(first, "permission"):
            story.permission = read_distribution(_role(first, "permission")).permission
        for number, record in enumerate(records, start=1):
            path = self._file_of(record)
            if path is None:
                url = _role(record, "url")
                if url.lower().startswith(("http://", "https://")):
                    story.external_url = url
                else:
                    wanted = _file_name(record)
                    detail = f"{wanted} is missing" if wanted else "the record names no file"
                    story.problems.append(
                        Problem(
                            "missing_chapter_text",
                            f"{detail} (record {record.old_id})",
                            {**story.ids, "file": wanted},
                        )
                    )
                continue
            relative = path[len(self.root) + 1 :] if path.startswith(f"{self.root}/") else path
            story.chapters.append(
                Chapter(
                    old_id=record.old_id,
                    title="",
                    html=self._text(path, title),
                    number=number,
                    member_id=story.owner_id,
                    paths=[relative],
                    base=PurePosixPath(relative).parent.as_posix(),
                )
            )
            if number == 1:
                story.paths = [relative]
        return story

    def _file_of(self, record: Record) -> str | None:
        name = _file_name(record)
        if not name:
            return None
        for candidate in (f"archive/{name}", name):
            found = self.tree.actual(self._path(candidate))
            if found:
                return found
        if self._by_name is None:
            self._by_name = {}
            for path in self.tree.paths:
                self._by_name.setdefault(PurePosixPath(path).name.casefold(), []).append(path)
        tail = "/" + name.casefold()
        matches = self._by_name.get(PurePosixPath(name).name.casefold(), [])
        return next((p for p in matches if p.casefold().endswith(tail)), None)

    def _text(self, path: str, title: str) -> str:
        """A story file's text as HTML: a page without its chrome, a text file without its
        header (read by the legacy reader) and the archive's END marker."""
        data = self.tree.read(path) or b""
        text = decode_bytes(data).text
        if looks_like_html(text, path):
            return page_body_html(text, title)
        parsed = parse_bytes(data, path)
        blocks = [b for b in parsed.blocks if not END_MARKER.match(b.text)]
        return blocks_to_html(blocks)

    def series(self) -> list[Series]:
        return []

    def file(self, path: str) -> bytes | None:
        return self.tree.read(self._path(path))

    def close(self) -> None:
        pass


def _site_root(tree, db_path: str) -> str:
    """The folder the old site served its pages from: the nearest folder, from the database
    file's up, that holds `archive/` (the script and its database often sat in `cgi-bin/`)."""
    folder = PurePosixPath(db_path).parent
    for candidate in [folder, *folder.parents]:
        prefix = "" if candidate.as_posix() == "." else candidate.as_posix() + "/"
        if any(p.lower().startswith(prefix.lower() + "archive/") for p in tree.paths):
            return prefix.rstrip("/")
    return "" if folder.as_posix() == "." else folder.as_posix()


def _author_names(record: Record) -> list[str]:
    """The names in a record's Author field, split at "&", "and", ";" and ","."""
    return [n for n in AUTHOR_SEPARATOR.split(one_line(_role(record, "author"))) if n]


def _file_name(record: Record) -> str:
    """The story file a record names: `Location` + "." + `FileType`; without a Location, a
    `LocationURL` that is a path on the archive itself (not another site's address)."""
    location, filetype = _role(record, "location"), _role(record, "filetype")
    if not location:
        url = _role(record, "url")
        if re.match(r"(?i)^(?:[a-z][a-z0-9+.-]*:|//)", url) or not re.search(r"[./]", url):
            return ""  # another site's address, or a flag ("Offsite => 'none'")
        location = url
    location = location.replace("\\", "/").lstrip("/")
    if filetype and not location.lower().endswith(f".{filetype.lower()}"):
        return f"{location}.{filetype}"
    return location


def _part_number(title: str) -> int:
    part = PART.match(title)
    if not part:
        return 0
    return int(part.group("n1") or part.group("n2") or 0)
