"""eFiction stories, chapters and reviews as the rescue's `Story` (every version's layout).

3.x: `stories` (classes, charid and rid as ids), `chapters`, `coauthors`, `reviews` by
`item`/`type`. 2.0: genre, warning and character *names* in `gid`, `wid`, `charid`, the
rating's name in `rid`, reviews by `sid`. 1.1: no chapters table, each `stories` row is a
chapter of the story `psid`, numbered from 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ficarchive.legacy.normalize.language import language_from_name
from ficarchive.rescue.efiction.chapter_text import ChapterFiles, chapter_text
from ficarchive.rescue.efiction.schema import Tables
from ficarchive.rescue.efiction.values import field as text_field
from ficarchive.rescue.efiction.values import flag, ids, key, names, num, prose, short, when
from ficarchive.rescue.source import Category, Chapter, Member, Problem, Review, Story

# "<br><br><i>Author's Response: ...</i>" appended to a review when the author answered.
RESPONSE = re.compile(
    r"(?is)(?:\s*<br\s*/?>)*\s*(?:<(?:i|em)>\s*)?(?:<b>\s*)?author'?s\s+response\s*:\s*(?:</b>)?"
    r"\s*(.*?)\s*(?:</(?:i|em)>)?\s*$"
)
RATING_ONLY = {"", "no review", "none", "-"}


@dataclass
class Vocabulary:
    """The archive's own lists: categories, characters, classes and ratings, by id."""

    categories: dict[str, tuple[str, str | None, bool]] = field(default_factory=dict)
    characters: dict[str, str] = field(default_factory=dict)
    classes: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (role, name)
    ratings: dict[str, str] = field(default_factory=dict)
    genres: dict[str, str] = field(default_factory=dict)  # 1.x/2.0 `genres` table, by gid
    warnings: dict[str, str] = field(default_factory=dict)  # 1.x/2.0 `warnings`, by wid
    warnings_cover_all: bool = False

    def category_path(self, catid: str) -> list[Category]:
        """The category and the ones above it, top first; `catid` may also be a category's
        name (older sites listed names)."""
        if catid not in self.categories:
            by_name = {n.casefold(): c for c, (n, _, _) in self.categories.items()}
            catid = by_name.get(catid.casefold(), catid)
        path, seen = [], set()
        while catid in self.categories and catid not in seen:
            seen.add(catid)
            name, parent, locked = self.categories[catid]
            path.append(Category(name, locked))
            catid = parent or ""
        return list(reversed(path))


def _listed(value, by_id: dict[str, str]) -> list[str]:
    """The names a comma list stands for: ids of the table `by_id` when all of them are in
    it, else the names as written (eFiction 1.x/2.0 kept names; some sites kept ids)."""
    found = ids(value)
    if found and all(i in by_id for i in found):
        return [by_id[i] for i in found]
    return names(value)


def class_role(type_name: str) -> str:
    """What a class type holds: warnings, pairings, categories or (anything else) genres."""
    name = type_name.casefold()
    if "warn" in name:
        return "warnings"
    if any(w in name for w in ("pair", "ship", "relationship", "romance")):
        return "pairings"
    if name in ("categories", "category", "orientation", "type"):
        return "categories"
    if "character" in name:
        return "characters"
    if "lang" in name:
        return "languages"
    return "genres"


def _chapter_writer(written: str, story: Story, round_robin: bool) -> str:
    """Whom a chapter is by (see `StoryReader.chapters`)."""
    if written in ("", "0"):
        return story.owner_id or ""
    if round_robin or written == story.owner_id or written in story.coauthor_ids:
        return written
    return story.owner_id or written


@dataclass
class StoryReader:
    tables: Tables
    version: str
    vocabulary: Vocabulary
    members: dict[str, Member]
    files: ChapterFiles
    store: str

    def rating(self, story: Story, raw) -> None:
        written = text_field(raw).strip()
        if written in self.vocabulary.ratings:
            story.rating = self.vocabulary.ratings[written]
            return
        by_name = {v.casefold(): v for v in self.vocabulary.ratings.values()}
        if written.casefold() in by_name:
            story.rating = by_name[written.casefold()]
        elif written and not written.isdigit():
            story.rating = written
        elif written and written != "0":
            story.rating, story.rating_known = written, False
            story.problems.append(
                Problem("unknown_rating", f"rid {written} is not in fanfiction_ratings", story.ids)
            )

    def tags(self, story: Story, row: dict) -> None:
        vocabulary = self.vocabulary
        for catid in ids(row.get("catid")):
            path = vocabulary.category_path(catid)
            if path:
                story.category_paths.append(path)
        story.characters += _listed(row.get("charid"), vocabulary.characters)
        for class_id in ids(row.get("classes")):
            role, name = vocabulary.classes.get(class_id, ("", ""))
            if role == "languages":
                story.language = story.language or language_from_name(name) or ""
            elif role and name:
                getattr(story, role).append(name)
        story.genres += _listed(row.get("gid"), vocabulary.genres)
        story.warnings += _listed(row.get("wid"), vocabulary.warnings)
        story.warnings_cover_all = vocabulary.warnings_cover_all

    def authors(self, story: Story, row: dict) -> None:
        story.owner_id = key(row.get("uid"))
        listed = []
        if self.tables.has("coauthors"):
            found = self.tables.rows_where("coauthors", "sid", story.old_id)
            listed = [key(r.get("uid")) for r in found]
        # Before the coauthors table (3.5), the column itself listed them; a site upgraded
        # half-way has both. A lone "1" is only the table's flag.
        in_column = [u for u in ids(row.get("coauthors")) if u in self.members]
        listed += [] if in_column == ["1"] else in_column
        for uid in listed:
            if uid != story.owner_id and uid not in story.coauthor_ids:
                story.coauthor_ids.append(uid)

    def chapters(
        self, story: Story, rows: list[dict], first_number: int, round_robin: bool = False
    ) -> None:
        """The story's published chapters in order. A chapter's writer is its `uid` in a
        round robin, or when that is one of the story's authors; otherwise (a story handed to
        another member, a `uid` of 0) the story's owner: the site showed no one else."""
        rows.sort(key=lambda r: (num(r.get("inorder")) or 0, num(r.get("chapid")) or 0))
        numbers = [num(r.get("inorder")) for r in rows if flag(r.get("validated"))]
        clashes = sorted({n for n in numbers if numbers.count(n) > 1 and n is not None})
        for number in clashes:
            same = [key(r.get("chapid")) for r in rows if num(r.get("inorder")) == number]
            story.problems.append(
                Problem(
                    "duplicate_chapter_order",
                    f"chapters {' and '.join(same)} both have inorder {number}; ordered by chapid",
                    story.ids,
                )
            )
        for row in rows:
            chapid = key(row.get("chapid"))
            chapter_ids = {"old_chapid": num(chapid) or chapid, **story.ids}
            if not flag(row.get("validated")):
                story.problems.append(
                    Problem("chapter_unvalidated", "still in the queue: not published", chapter_ids)
                )
                continue
            written = key(row.get("uid"))
            folder = written if written not in ("", "0") else story.owner_id or ""
            uid = _chapter_writer(written, story, round_robin)
            member = self.members.get(folder)
            folders = [folder] + ([member.name] if member else [])
            if uid != folder:
                folders.append(uid)
            found = chapter_text(
                files=self.files,
                store=self.store,
                chapid=chapid,
                sid=story.old_id,
                folders=folders,
                stored=text_field(row.get("storytext")),
            )
            story.problems += found.problems
            order = num(row.get("inorder"))
            story.chapters.append(
                Chapter(
                    old_id=chapid,
                    title=short(row.get("title") or row.get("chapter")),
                    html=found.text,
                    number=None if order is None else order + first_number,
                    notes=prose(row.get("notes")),
                    end_notes=prose(row.get("endnotes")),
                    member_id=uid or None,
                )
            )

    def reviews(self, story: Story) -> None:
        if self.version == "1.1":
            rows = self.tables.rows_where("reviews", "psid", story.old_id)
        elif "item" in self.tables.columns("reviews"):
            rows = [
                r
                for r in self.tables.rows_where("reviews", "item", story.old_id)
                if text_field(r.get("type")).strip().upper() in ("ST", "")
            ]
        else:
            rows = [
                r
                for r in self.tables.rows_where("reviews", "sid", story.old_id)
                if not num(r.get("seriesid"))
            ]
        for row in rows:
            text = text_field(row.get("review")).strip()
            response = ""
            match = RESPONSE.search(text)
            if match and (flag(row.get("respond")) or match.group(1)):
                response = match.group(1).strip()
                text = text[: match.start()].strip()
            member_id = key(row.get("uid") if "uid" in row else row.get("member"))
            chapter = row.get("chapid") if self.version != "1.1" else row.get("sid")
            story.reviews.append(
                Review(
                    old_id=key(row.get("reviewid")),
                    name=short(row.get("reviewer")),
                    html=text,
                    chapter_old_id=key(chapter) if num(chapter) else None,
                    member_id=member_id if num(member_id) else None,
                    response_html=response,
                    date=when(row.get("date")),
                    rating_only=text.casefold() in RATING_ONLY,
                )
            )

    def story(self, row: dict, chapter_rows: list[dict], first_number: int = 0) -> Story:
        """The story of one `stories` row, with its chapters and reviews."""
        sid = key(row.get("sid") if self.version != "1.1" else row.get("psid") or row.get("sid"))
        story = Story(
            old_id=sid,
            title=short(row.get("title")),
            owner_id=None,
            summary=prose(row.get("summary")),
            notes=prose(row.get("storynotes")),
            published=when(row.get("date")),
            updated=when(row.get("updated")),
            complete=flag(row.get("completed")),
            validated=flag(row.get("validated")),
            ids={"old_sid": num(sid) or sid},
        )
        story.updated = story.updated or story.published
        self.authors(story, row)
        self.rating(story, row.get("rid"))
        self.tags(story, row)
        self.chapters(story, chapter_rows, first_number, flag(row.get("rr")))
        for chapter in story.chapters:
            writer = chapter.member_id
            if writer and writer != story.owner_id and writer not in story.coauthor_ids:
                story.coauthor_ids.append(writer)
        self.reviews(story)
        story.paths = [f"viewstory.php?sid={sid}"]
        return story
