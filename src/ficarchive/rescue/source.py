"""What an old archive holds, as its reader found it: plain dataclasses, no Django.

Every reader (eFiction, Automated Archive, static site) turns its files into these; the
mapping then puts them into the archive's vocabulary and the services write them. Texts are
already decoded and repaired; tags are as the archive wrote them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from ficarchive.legacy.model import ParsedWork, Permission


@dataclass
class Problem:
    """Something the report lists: a kind, a sentence, and the old ids it is about
    (`old_sid`, `old_chapid`, `old_uid`, `old_id`, `table`, `reviewid`, ...)."""

    kind: str
    detail: str = ""
    ids: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"kind": self.kind, "detail": self.detail, **self.ids}


@dataclass
class ArchiveInfo:
    name: str
    software: str
    version: str = ""
    url: str = ""
    language: str = ""
    # Where the old site's pages lived relative to the files handed over ("" = the root).
    site_root: str = ""


@dataclass
class Member:
    """A member (or, for archives without accounts, an author named in the records)."""

    old_id: str
    name: str
    email: str = ""
    real_name: str = ""
    bio: str = ""
    ids: dict = field(default_factory=dict)  # how the report names them ({"old_uid": 7})


@dataclass
class Review:
    old_id: str
    name: str
    html: str
    chapter_old_id: str | None = None
    member_id: str | None = None
    response_html: str = ""
    date: datetime | None = None
    rating_only: bool = False


@dataclass
class Chapter:
    old_id: str
    title: str
    html: str
    number: int | None = None  # the number the old site's links used (&chapter=N)
    notes: str = ""
    end_notes: str = ""
    member_id: str | None = None
    validated: bool = True
    paths: list[str] = field(default_factory=list)  # old pages that showed it (file archives)
    base: str = ""  # the folder its relative links and images start from


@dataclass
class Category:
    """One step of an archive's category tree; `locked` containers only hold others."""

    name: str
    locked: bool = False


@dataclass
class Story:
    old_id: str
    title: str
    owner_id: str | None
    coauthor_ids: list[str] = field(default_factory=list)
    summary: str = ""
    notes: str = ""
    end_notes: str = ""
    rating: str = ""
    rating_known: bool = True
    category_paths: list[list[Category]] = field(default_factory=list)
    fandoms: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    pairings: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # The archive's warning list names all four of AO3's: choosing none of them means none apply.
    warnings_cover_all: bool = False
    genres: list[str] = field(default_factory=list)
    published: datetime | None = None
    updated: datetime | None = None
    complete: bool | None = None
    validated: bool = True
    language: str = ""
    chapters: list[Chapter] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)  # old pages of the whole story
    external_url: str = ""
    permission: Permission = "unknown"  # the author's archiving wish
    parsed: ParsedWork | None = None  # what the legacy reader found, when it read the story
    problems: list[Problem] = field(default_factory=list)
    ids: dict = field(default_factory=dict)  # how the report names it ({"old_sid": 7})


@dataclass
class Series:
    old_id: str
    title: str
    summary: str = ""
    owner_id: str | None = None
    story_ids: list[str] = field(default_factory=list)  # flattened, in order


class ArchiveSource(Protocol):
    """What every reader gives the rescue."""

    info: ArchiveInfo
    problems: list[Problem]

    def members(self) -> dict[str, Member]: ...

    def author_ids(self) -> set[str]: ...

    def story_count(self) -> int: ...

    def stories(self) -> Iterator[Story]: ...

    def series(self) -> list[Series]: ...

    def file(self, path: str) -> bytes | None: ...

    def close(self) -> None: ...
