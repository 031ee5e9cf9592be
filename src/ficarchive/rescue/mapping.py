"""An old story in ficarchive's vocabulary: the `ParsedWork` the works services write.

Categories (a tree), characters, ratings, classes (genres, warnings, pairings) and the
fields of other archives map onto canonical tags through the knowledge base that the legacy
reader uses (`ficarchive.legacy.knowledge`); a person's tag map (`--tag-map`) comes first.
What neither knows is kept as written and listed for the report and its CSV.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from ficarchive.legacy.knowledge import load_knowledge, name_key
from ficarchive.legacy.model import (
    ChapterNumber,
    Diagnostic,
    Distribution,
    ParsedChapter,
    ParsedWork,
)
from ficarchive.legacy.normalize.cast import CATEGORY_WORDS, NONE_VALUES, PAIR_SEPARATOR, read_cast
from ficarchive.legacy.normalize.permissions import read_distribution
from ficarchive.legacy.normalize.rating import NOT_RATED, normalize_rating, rating_key, rating_table
from ficarchive.legacy.normalize.warnings import CHOSE_NOT, NO_WARNINGS, read_warnings
from ficarchive.rescue.links import OldSite, RewrittenLinks, links_rewrite
from ficarchive.rescue.source import Category, Member, Problem, Story
from ficarchive.rescue.tag_map import TagMap
from ficarchive.rescue.text import chapter_html, emails_redact, html_blocks

CROSSOVER = re.compile(r"(?i)^\s*(?:cross[- ]?overs?|x-?overs?)\s*$")
# "Archive: ask me first" written in a story's notes: the author's archiving wish.
ARCHIVING_LINE = re.compile(
    r"(?im)^\W{0,3}(?:archiv(?:e|ing)|distribution|permission to archive)\s*:\s*(\S.{0,200})$"
)


def archiving_wish(story: Story) -> Distribution | None:
    """The author's archiving wish, when her notes or summary state one in a labelled line."""
    for text in (story.notes, story.end_notes, story.summary):
        found = ARCHIVING_LINE.search(text or "")
        if found:
            return read_distribution(found.group(1))
    return None


@dataclass
class MappedWork:
    """A story ready to write: the parsed work and who wrote it, by member id."""

    parsed: ParsedWork
    member_ids: list[str]
    chapter_member_ids: list[str | None]
    chapter_old_ids: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class Mapper:
    """Maps the stories of one archive; collects what it could not map across all of them."""

    def __init__(
        self,
        *,
        site: OldSite,
        tag_map: TagMap,
        members: dict[str, Member],
        language: str = "en",
        default_fandoms: list[str] | None = None,
        image_present: Callable[[str], bool] | None = None,
    ) -> None:
        self.kb = load_knowledge()
        self.site = site
        self.image_present = image_present
        self.tag_map = tag_map
        self.language = language or "en"
        self.default_fandoms = default_fandoms or []
        self.addresses = {m.email.strip().lower() for m in members.values() if "@" in m.email}
        self.unmapped: dict[tuple[str, str], list[str]] = {}

    # Tags ---------------------------------------------------------------------------------------

    def _note_unmapped(self, tag_type: str, original: str, story: Story) -> None:
        stories = self.unmapped.setdefault((tag_type, original), [])
        if story.old_id not in stories:
            stories.append(story.old_id)

    def _mapped(self, tag_type: str, original: str) -> tuple[str, str] | Literal[False] | None:
        return self.tag_map.get(tag_type, original)

    def _keep_or_take(self, tag_type: str, written: str, kept: list[str], out: _Tags) -> None:
        """`written` goes to `kept` unless the tag map decided otherwise (then into `out`)."""
        decided = self._mapped(tag_type, written)
        if decided is False:
            kept.append(written)
        else:
            out.take(decided, tag_type)

    def _fandom(self, written: str) -> str | None:
        """The canonical fandom a written category or fandom name stands for, or None."""
        for candidate in (written, _uninverted(written), re.sub(r"\s*\([^)]*\)\s*$", "", written)):
            found = self.kb.fandom(candidate) if candidate else None
            if found is not None:
                return found.name
        return None

    def _from_category_path(self, path: list[Category], out: _Tags, story: Story) -> None:
        names = [c.name for c in path]
        for index in range(len(names) - 1, -1, -1):
            decided = self._mapped("fandom", names[index])
            if decided is not False:
                out.take(decided, "fandom")
                out.words += names[index + 1 :]
                return
            canonical = self._fandom(names[index])
            if canonical:
                out.fandoms.append(canonical)
                out.words += names[index + 1 :]
                return
        if any(CROSSOVER.match(n) for n in names):
            out.freeform.append("Crossover")
            return
        level = next((i for i, c in enumerate(path) if not c.locked), None)
        if level is None:
            return
        written = names[level]
        if CATEGORY_WORDS.get(written.casefold().replace(" ", "")):
            out.words.append(written)
            return
        out.unknown_fandoms.append(written)
        out.words += names[level + 1 :]
        self._note_unmapped("fandom", written, story)

    def tags(self, story: Story) -> _Tags:
        """Every tag of `story` in the archive's vocabulary."""
        out = _Tags()
        for path in story.category_paths:
            self._from_category_path(path, out, story)
        for written in story.fandoms:
            decided = self._mapped("fandom", written)
            canonical = self._fandom(written)
            if decided is not False:
                out.take(decided, "fandom")
            elif canonical:
                out.fandoms.append(canonical)
            elif CROSSOVER.match(written):
                out.freeform.append("Crossover")
            else:
                out.unknown_fandoms.append(written)
                self._note_unmapped("fandom", written, story)
        pairings: list[str] = []
        characters: list[str] = []
        for written in story.pairings:
            if CATEGORY_WORDS.get(written.casefold().replace(" ", "")):
                out.words.append(written)
            elif written.casefold() not in NONE_VALUES:
                self._keep_or_take("relationship", written, pairings, out)
        for written in story.characters:
            self._keep_or_take("character", written, characters, out)
        known = list(dict.fromkeys(out.fandoms or self.default_fandoms))
        cast = read_cast(
            fandom_values=known,
            pairing_values=pairings,
            character_values=characters,
            category_values=out.words + story.categories,
            kb=self.kb,
        )
        if cast.fandoms and not out.fandoms and out.unknown_fandoms:
            # The archive's one fandom, or the characters, name the fandom: unknown categories
            # only group stories within it ("Season 2", "Drabbles"), so they are additional
            # tags (and still listed for a person to map).
            out.freeform += out.unknown_fandoms
            out.unknown_fandoms = []
        out.fandoms = list(dict.fromkeys(cast.fandoms + out.unknown_fandoms))
        out.relationships += cast.relationships
        out.relationships_original += cast.relationships_original
        out.characters += [c for c in cast.characters if c not in out.characters]
        out.categories = list(dict.fromkeys(out.categories + cast.categories))
        out.freeform += cast.freeform
        self._note_unknown_cast(out, story)
        for written in story.genres:
            self._keep_or_take("freeform", written, out.freeform, out)
        self._warnings(story, out)
        self._rating(story, out)
        out.freeform = [f for f in dict.fromkeys(out.freeform) if f.casefold() not in NONE_VALUES]
        return out

    def _note_unknown_cast(self, out: _Tags, story: Story) -> None:
        context = [self.kb.fandoms[f] for f in out.fandoms if f in self.kb.fandoms]
        if not context:
            return
        known = {name_key(c.name) for f in context for c in f.characters}
        for name in out.characters:
            if name_key(name) not in known and name not in out.mapped_names:
                self._note_unmapped("character", name, story)

    def _warnings(self, story: Story, out: _Tags) -> None:
        written: list[str] = []
        for name in story.warnings:
            self._keep_or_take("warning", name, written, out)
        if not written and not out.warnings:
            out.warnings = [CHOSE_NOT]
            return
        warnings, freeform = read_warnings(written) if written else ([], [])
        warnings = [w for w in warnings if w != CHOSE_NOT or not out.warnings]
        if warnings == [CHOSE_NOT] and story.warnings_cover_all:
            # The archive offered all four archive warnings and the author chose none of them.
            warnings = [NO_WARNINGS]
        out.warnings = list(dict.fromkeys(out.warnings + warnings)) or [CHOSE_NOT]
        out.freeform += freeform

    def _rating(self, story: Story, out: _Tags) -> None:
        written = story.rating.strip()
        decided = self._mapped("rating", written) if written else False
        if decided is not False:
            out.rating = decided[1] if decided is not None else NOT_RATED
        elif not story.rating_known or not written:
            out.rating = NOT_RATED
        else:
            out.rating = normalize_rating(written)
            if out.rating == NOT_RATED and rating_key(written) not in rating_table():
                self._note_unmapped("rating", written, story)
        out.rating_original = written or None

    # Texts --------------------------------------------------------------------------------------

    def _redact(self, text: str, story: Story, problems: list[Problem], ids: dict) -> str:
        text, count = emails_redact(text, self.addresses)
        if count:
            problems.append(
                Problem("email_redacted", f"{count} member address(es) replaced in the text", ids)
            )
        return text

    def work(self, story: Story) -> MappedWork:
        """The `ParsedWork` of `story` with its writers by member id; raises ValueError when no
        chapter has text."""
        tags = (
            self.tags(story) if story.parsed is None else self._tags_of_parsed(story, story.parsed)
        )
        problems: list[Problem] = []
        chapters, images, chapter_members, chapter_ids = self._chapters(story, problems)
        if not chapters:
            raise ValueError("no chapter has any text")
        parsed = ParsedWork(
            source=self.site.url.rstrip("/")
            + "/"
            + (story.paths[0] if story.paths else story.old_id),
            title=story.title or "Untitled",
            rating=tags.rating,
            rating_original=tags.rating_original,
            fandoms=tags.fandoms,
            relationships=tags.relationships,
            relationships_original=tags.relationships_original,
            characters=tags.characters,
            warnings=tags.warnings,
            categories=tags.categories,
            freeform=tags.freeform,
            summary=self._redact(story.summary, story, problems, story.ids),
            notes=self._redact(story.notes, story, problems, story.ids),
            end_notes=self._redact(story.end_notes, story, problems, story.ids),
            language=story.language or self.language,
            chapters=chapters,
            chapter=ChapterNumber(len(chapters), len(chapters) if story.complete else None),
            distribution=Distribution(permission=story.permission),
        )
        if story.permission == "unknown" and story.parsed is None:
            wish = archiving_wish(story)
            if wish is not None:
                parsed.distribution = wish
        if story.parsed is not None:
            _header_fields_copy(story.parsed, parsed)
        members = [m for m in [story.owner_id, *story.coauthor_ids] if m]
        return MappedWork(
            parsed, list(dict.fromkeys(members)), chapter_members, chapter_ids, images, problems
        )

    def _chapters(
        self, story: Story, problems: list[Problem]
    ) -> tuple[list[ParsedChapter], list[str], list, list]:
        """(chapters with text, images they show, each chapter's member id, each one's old id)."""
        chapters: list[ParsedChapter] = []
        images: list[str] = []
        chapter_members: list = []
        chapter_ids: list = []
        for chapter in story.chapters:
            ids = {"old_chapid": _number(chapter.old_id), **story.ids}
            rewritten = links_rewrite(
                chapter.html, site=self.site, base=chapter.base, image_present=self.image_present
            )
            html = self._redact(chapter_html(rewritten.html), story, problems, ids)
            blocks = html_blocks(html)
            if not blocks:
                continue
            images += rewritten.images
            self._image_problems(rewritten, problems, ids)
            chapter_members.append(chapter.member_id)
            chapter_ids.append(chapter.old_id)
            chapters.append(
                ParsedChapter(
                    title=chapter.title or None,
                    blocks=blocks,
                    html=html,
                    notes=self._redact(chapter.notes, story, problems, ids),
                    end_notes=self._redact(chapter.end_notes, story, problems, ids),
                )
            )
        return chapters, images, chapter_members, chapter_ids

    def _image_problems(self, rewritten: RewrittenLinks, problems: list[Problem], ids: dict):
        """A report line for each image shown as a note instead (see `links_rewrite`)."""
        for path in dict.fromkeys(rewritten.missing):
            detail = f"{path} is not among the files: shown as a note with its alt text"
            problems.append(Problem("image_missing", detail, {**ids, "path": path}))
        elsewhere = list(dict.fromkeys(rewritten.elsewhere))
        if elsewhere:
            hosts = ", ".join(sorted({urlsplit(u).hostname or "?" for u in elsewhere}))
            detail = (
                f"{len(elsewhere)} image(s) shown from another site ({hosts}): not copied; "
                "shown as a note linking to the old address"
            )
            problems.append(Problem("image_elsewhere", detail, {**ids, "urls": elsewhere[:10]}))

    def _tags_of_parsed(self, story: Story, parsed: ParsedWork) -> _Tags:
        """Tags the legacy reader already put in the vocabulary; the tag map still applies."""
        out = _Tags(rating=parsed.rating, rating_original=parsed.rating_original)
        for tag_type, names, target in (
            ("fandom", parsed.fandoms, out.fandoms),
            ("relationship", parsed.relationships, out.relationships),
            ("character", parsed.characters, out.characters),
            ("warning", parsed.warnings, out.warnings),
            ("category", parsed.categories, out.categories),
            ("freeform", parsed.freeform, out.freeform),
        ):
            for name in names:
                self._keep_or_take(tag_type, name, target, out)
        out.relationships_original = list(parsed.relationships_original)
        if not out.fandoms and self.default_fandoms:
            out.fandoms = list(self.default_fandoms)
        for name in out.fandoms:
            if self.kb.fandom(name) is None and name not in out.mapped_names:
                self._note_unmapped("fandom", name, story)
        out.warnings = out.warnings or [CHOSE_NOT]
        return out


@dataclass
class _Tags:
    rating: str = NOT_RATED
    rating_original: str | None = None
    fandoms: list[str] = field(default_factory=list)
    unknown_fandoms: list[str] = field(default_factory=list)
    relationships: list[str] = field(default_factory=list)
    relationships_original: list[str] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    freeform: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # category words (Gen, Slash) still to read
    mapped_names: set[str] = field(default_factory=set)

    def take(self, decided: tuple[str, str] | None, tag_type: str) -> None:
        """Add a tag the tag map decided (None: dropped)."""
        if decided is None:
            return
        target_type, name = decided
        self.mapped_names.add(name)
        if target_type == "rating":
            self.rating = name
            return
        target = {
            "fandom": self.fandoms,
            "relationship": self.relationships,
            "character": self.characters,
            "warning": self.warnings,
            "category": self.categories,
        }.get(target_type, self.freeform)
        if name not in target:
            target.append(name)
        if target_type == "relationship":
            for member in PAIR_SEPARATOR.split(name):
                if member.strip() and member.strip() not in self.characters:
                    self.characters.append(member.strip())


def _uninverted(name: str) -> str:
    """ "Sentinel, The" → "The Sentinel" (how category lists sorted titles)."""
    match = re.fullmatch(r"\s*(.+?),\s*(the|a|an|le|la|les|der|die|das)\s*", name, re.I)
    return f"{match.group(2)} {match.group(1)}" if match else ""


def _number(value: str):
    return int(value) if value.isdigit() else value


def parsed_diagnostics(parsed: ParsedWork) -> list[Diagnostic]:
    """The legacy reader's warnings and errors about a story (for the report)."""
    return [d for d in parsed.diagnostics if d.level != "info"]


def _header_fields_copy(source: ParsedWork, target: ParsedWork) -> None:
    """What the legacy reader found in a story file's header that the archive's tables lack."""
    target.disclaimer = source.disclaimer
    target.spoilers = source.spoilers
    target.feedback = source.feedback
    target.distribution = source.distribution
    target.songs = source.songs
    target.extra = dict(source.extra)
