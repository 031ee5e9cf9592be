"""An eFiction archive (1.1, 2.0, 3.x) from its database dump and its `stories/` folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from dataclasses import field as dc_field
from pathlib import Path, PurePosixPath

from ficarchive.legacy.normalize.warnings import read_warnings
from ficarchive.rescue.dump import Stage, stage_open
from ficarchive.rescue.efiction.chapter_text import ChapterFiles
from ficarchive.rescue.efiction.layouts import KNOWN_TABLES
from ficarchive.rescue.efiction.schema import Install, Tables, efiction_version, installs
from ficarchive.rescue.efiction.stories import StoryReader, Vocabulary, class_role
from ficarchive.rescue.efiction.values import field, flag, key, num, prose, short
from ficarchive.rescue.source import ArchiveInfo, Member, Problem, Series, Story
from ficarchive.rescue.tree import DUMP_SUFFIXES, SourceTree

AO3_WARNINGS = {
    "Graphic Depictions Of Violence",
    "Major Character Death",
    "Rape/Non-Con",
    "Underage Sex",
}
FAVORITE_TABLES = ("favorites", "favstor", "favauth", "favseries")
# Tables whose rows are the site's own pages and talk, not stories: listed, not carried over.
SITE_CONTENT = {
    "news": "site news",
    "comments": "comments on site news",
    "challenges": "challenges",
    "recommendations": "recommendations of stories elsewhere",
    "shoutbox": "shoutbox messages",
    "poll": "polls",
    "poll_votes": "poll votes",
    "tracker": "members' reading trackers",
    "trackers": "members' reading trackers",
    "messages": "the site's own texts (welcome, rules, copyright)",
}


def _site_key(url: str) -> str:
    return url.lower().split("://", 1)[-1].removeprefix("www.").rstrip("/")


def _site_root(tree: SourceTree, dump_path: str, storiespath: str) -> str:
    """The folder the site's files were in: the nearest one, from the dump's up, that holds
    the stories folder; else the shallowest folder holding one (a dump handed over in a
    folder of its own, beside the site's); else the dump's."""
    wanted = PurePosixPath(storiespath.replace("\\", "/").rstrip("/") or "stories").name.casefold()
    folder = PurePosixPath(dump_path).parent
    for candidate in [folder, *folder.parents]:
        prefix = "" if candidate.as_posix() == "." else candidate.as_posix() + "/"
        if any(p.casefold().startswith(f"{prefix.casefold()}{wanted}/") for p in tree.paths):
            return prefix.rstrip("/")
    roots: set[str] = set()
    for path in tree.paths:
        parts = path.split("/")[:-1]
        roots.update(
            "/".join(parts[:i]) for i, part in enumerate(parts) if part.casefold() == wanted
        )
    if roots:
        return min(roots, key=lambda r: (r.count("/") if r else -1, r))
    return "" if folder.as_posix() == "." else folder.as_posix()


def _choose(found: list[Install], wanted: str | None, old_url: str | None = None) -> Install:
    """The install named by `wanted` (its prefix or name), else the one whose address is
    `old_url`, else the one with the most stories."""
    if not wanted and old_url:
        for install in found:
            if _site_key(field(install.settings.get("url"))) == _site_key(old_url):
                return install
    if wanted:
        for install in found:
            names = {install.prefix, install.prefix.removesuffix("fanfiction_"), install.name}
            if wanted in names or wanted.casefold() in {n.casefold() for n in names}:
                return install
        raise ValueError(
            f"no eFiction install {wanted!r} in the dump; it holds: "
            + ", ".join(f"{i.prefix} ({i.name}, {i.stories} stories)" for i in found)
        )
    return found[0]


@dataclass
class _SeriesFrame:
    """One series being flattened: its entries still to read and its stories so far; `low`,
    the earliest series on the walk that a loop in it led back to."""

    series: str
    entries: Iterator
    place: int
    stories: list[str] = dc_field(default_factory=list)
    listed: set[str] = dc_field(default_factory=set)
    low: int = 1 << 30

    def add(self, stories: list[str]) -> None:
        for story in stories:
            if story not in self.listed:
                self.listed.add(story)
                self.stories.append(story)


class EfictionArchive:
    """The rescue's view of one eFiction install (see `ficarchive.rescue.source`)."""

    def __init__(
        self,
        tree: SourceTree,
        dump_path: str,
        *,
        stage_folder: Path,
        install: str | None = None,
        old_url: str | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.tree = tree
        total = tree.size(dump_path)
        self.stage: Stage = stage_open(
            key=tree.identity(dump_path),
            open_stream=lambda: tree.stream(dump_path),
            folder=stage_folder,
            progress=(lambda done: progress(done, total)) if progress else None,
        )
        found = installs(self.stage)
        if not found:
            raise ValueError(f"{dump_path} holds no eFiction tables (stories and authors)")
        chosen = _choose(found, install, old_url)
        self.tables = Tables(self.stage, chosen)
        self.version = efiction_version(self.tables)
        settings = chosen.settings
        storiespath = field(settings.get("storiespath")) or "stories"
        site_root = _site_root(tree, dump_path, storiespath)
        self.info = ArchiveInfo(
            name=short(settings.get("sitename")) or tree.name,
            software="eFiction",
            version=self.version,
            url=field(settings.get("url")).strip(),
            language=field(settings.get("language")).strip() or "en",
            site_root=site_root,
        )
        self.problems: list[Problem] = []
        self._problems_of_dump(found, chosen)
        self._members = self._read_members()
        self.vocabulary = self._read_vocabulary()
        store = field(settings.get("store")).strip().lower()
        self.reader = StoryReader(
            tables=self.tables,
            version=self.version,
            vocabulary=self.vocabulary,
            members=self._members,
            files=ChapterFiles(tree, site_root, storiespath),
            store=store if store in ("files", "mysql") else "",
        )

    # The archive as a whole ------------------------------------------------------------------

    def _problems_of_dump(self, found: list[Install], chosen: Install) -> None:
        for note in self.stage.notes:
            if note.kind != "set_names":
                self.problems.append(Problem(note.kind, note.detail, {"offset": note.offset}))
        for other in found:
            if other is not chosen:
                self.problems.append(
                    Problem(
                        "other_install",
                        f"another eFiction site in the same database: {other.name}, tables "
                        f"{other.prefix}* ({other.stories} stories); rescue it with "
                        f"--table-prefix {other.prefix}",
                        {"table": other.prefix, "table_prefix": other.prefix},
                    )
                )
        prefixes = [i.prefix for i in found]
        for table in sorted(self.stage.columns):
            owner = next((p for p in prefixes if table.startswith(p)), None)
            name = table[len(owner) :] if owner is not None else None
            if owner is None or name not in KNOWN_TABLES:
                if table.endswith("fanfiction_settings"):
                    continue
                self.problems.append(
                    Problem(
                        "unknown_table",
                        f"{table} ({self.stage.count(table)} rows) is not eFiction's: not read",
                        {"table": table},
                    )
                )
        for table in self.tables.unreadable:
            self.problems.append(
                Problem(
                    "unreadable_table", f"{table}: its columns could not be told", {"table": table}
                )
            )
        favorites = sum(self.tables.count(t) for t in FAVORITE_TABLES)
        if favorites:
            self.problems.append(
                Problem(
                    "favorites_not_imported",
                    f"{favorites} favorites (members' bookmarks of stories, series and authors) "
                    "are not carried over: bookmarks belong to accounts the members do not have yet",
                    {"count": favorites},
                )
            )
        for name, what in SITE_CONTENT.items():
            rows = self.tables.count(name)
            if rows:
                self.problems.append(
                    Problem(
                        "table_not_imported",
                        f"{chosen.prefix}{name}: {rows} rows of {what}, not carried over",
                        {"table": chosen.prefix + name},
                    )
                )

    def _read_members(self) -> dict[str, Member]:
        members = {}
        for row in self.tables.rows("authors", order_by="uid"):
            uid = key(row.get("uid"))
            members[uid] = Member(
                old_id=uid,
                name=short(row.get("penname")),
                email=field(row.get("email")).strip(),
                real_name=short(row.get("realname")),
                bio=prose(row.get("bio")),
                ids={"old_uid": num(uid) if num(uid) is not None else uid},
            )
        return members

    def _read_vocabulary(self) -> Vocabulary:
        vocabulary = Vocabulary()
        for row in self.tables.rows("categories"):
            parent = key(row.get("parentcatid"))
            vocabulary.categories[key(row.get("catid"))] = (
                short(row.get("category")),
                None if parent in ("-1", "0", "") else parent,
                (num(row.get("locked")) or 0) > 0,
            )
        for row in self.tables.rows("characters"):
            vocabulary.characters[key(row.get("charid"))] = short(row.get("charname"))
        types = {
            key(r.get("classtype_id")): class_role(
                f"{field(r.get('classtype_name'))} {field(r.get('classtype_title'))}"
            )
            for r in self.tables.rows("classtypes")
        }
        for row in self.tables.rows("classes"):
            role = types.get(key(row.get("class_type")), "genres")
            vocabulary.classes[key(row.get("class_id"))] = (role, short(row.get("class_name")))
        for row in self.tables.rows("ratings"):
            vocabulary.ratings[key(row.get("rid"))] = short(row.get("rating"))
        for row in self.tables.rows("genres"):
            vocabulary.genres[key(row.get("gid"))] = short(row.get("genre"))
        for row in self.tables.rows("warnings"):
            vocabulary.warnings[key(row.get("wid"))] = short(row.get("warning"))
        warning_names = [n for role, n in vocabulary.classes.values() if role == "warnings"]
        warning_names += list(vocabulary.warnings.values())
        covered = {w for name in warning_names for w in read_warnings([name])[0]}
        vocabulary.warnings_cover_all = covered >= AO3_WARNINGS
        return vocabulary

    # What the rescue asks -------------------------------------------------------------------

    def members(self) -> dict[str, Member]:
        return self._members

    def author_ids(self) -> set[str]:
        """Members who wrote a story or a chapter the site published."""
        found = set()
        for row in self.tables.rows("stories", columns=["uid", "validated"]):
            if flag(row.get("validated")):
                found.add(key(row.get("uid")))
        for row in self.tables.rows("coauthors"):
            found.add(key(row.get("uid")))
        for row in self.tables.rows("chapters", columns=["uid", "validated"]):
            if flag(row.get("validated")):
                found.add(key(row.get("uid")))
        return found - {"", "0"}

    def story_count(self) -> int:
        return self.tables.count("stories")

    def stories(self) -> Iterator[Story]:
        if self.version == "1.1":
            yield from self._stories_in_one_table()
            return
        for row in self.tables.rows("stories", order_by="sid"):
            chapters = self.tables.rows_where("chapters", "sid", key(row.get("sid")))
            yield self.reader.story(row, chapters)

    def _stories_in_one_table(self) -> Iterator[Story]:
        """eFiction 1.1: a story is its first row (sid = psid) and its chapters are the rows
        with its psid, numbered from 0."""
        for row in self.tables.rows("stories", order_by="sid"):
            sid, psid = key(row.get("sid")), key(row.get("psid"))
            if psid and psid != "0" and psid != sid:
                continue
            rows = self.tables.rows_where("stories", "psid", sid) or [row]
            chapters = [
                {
                    "chapid": r.get("sid"),
                    "title": r.get("chapter") or r.get("title"),
                    "inorder": r.get("inorder"),
                    "storytext": r.get("storytext"),
                    "validated": r.get("validated"),
                    "uid": r.get("uid"),
                    "notes": r.get("notes"),
                }
                for r in rows
            ]
            yield self.reader.story({**row, "psid": sid}, chapters, first_number=1)

    def series(self) -> list[Series]:
        rows = {key(r.get("seriesid")): r for r in self.tables.rows("series", order_by="seriesid")}
        self._entries: dict[str, list[tuple[str, dict]]] = {}
        self._series_problems: set[tuple] = set()
        self._flattened: dict[str, list[str]] = {}
        found = []
        for series_id, row in rows.items():
            found.append(
                Series(
                    old_id=series_id,
                    title=short(row.get("title")),
                    summary=prose(row.get("summary")),
                    owner_id=key(row.get("uid") if "uid" in row else row.get("owner")),
                    story_ids=self._series_stories(series_id),
                )
            )
        self._series_reviews()
        return found

    def _series_entries(self, series_id: str) -> list[tuple[str, dict]]:
        """(series id, row) of the series' entries in order, read once per run."""
        cached = self._entries.get(series_id)
        if cached is None:
            rows = self.tables.rows_where("inseries", "seriesid", series_id)
            rows.sort(key=lambda r: (num(r.get("inorder")) or 0, num(r.get("sid")) or 0))
            cached = self._entries[series_id] = [(series_id, r) for r in rows]
        return cached

    def _series_stories(self, series_id: str) -> list[str]:
        """The confirmed stories of a series in order, sub-series flattened in place (each
        story once; a series inside itself is reported). Walked without recursion, and each
        series once for the whole archive (but those on a loop): any depth, any number."""
        frames: list[_SeriesFrame] = []
        on_walk: dict[str, int] = {}  # series being walked -> its frame's place

        def enter(series: str) -> None:
            on_walk[series] = len(frames)
            frames.append(_SeriesFrame(series, iter(self._series_entries(series)), len(frames)))

        if series_id not in self._flattened:
            enter(series_id)
        while frames:
            frame = frames[-1]
            step = next(frame.entries, None)
            if step is None:
                frames.pop()
                del on_walk[frame.series]
                if frame.low >= frame.place:  # no loop back past it: its list is whole
                    self._flattened[frame.series] = frame.stories
                if frames:
                    frames[-1].add(frame.stories)
                    frames[-1].low = min(frames[-1].low, frame.low)
                continue
            parent, entry = step
            sid, sub = key(entry.get("sid")), key(entry.get("subseriesid"))
            if "confirmed" in entry and not num(entry.get("confirmed")):
                self._series_problem("unconfirmed_series_entry", parent, sid)
            elif sub and sub != "0":
                if sub in on_walk:
                    self._series_problem("series_loop", parent, sub)
                    frame.low = min(frame.low, on_walk[sub])
                    continue
                self._series_problem("nested_series", parent, sub)
                if sub in self._flattened:
                    frame.add(self._flattened[sub])
                else:
                    enter(sub)
            elif sid and sid != "0":
                frame.add([sid])
        return list(self._flattened.get(series_id, []))

    def _series_problem(self, kind: str, parent: str, item: str) -> None:
        """Report once what every series holding `parent` would find again."""
        if (kind, parent, item) in self._series_problems:
            return
        self._series_problems.add((kind, parent, item))
        ids = {"old_seriesid": num(parent) or parent}
        if kind == "unconfirmed_series_entry":
            detail = "added to a moderated series but never confirmed: left out"
            ids["old_sid"] = num(item) or item
        elif kind == "series_loop":
            detail = f"series {item} sits inside series {parent} again (a loop): listed once"
            ids["sub_seriesid"] = num(item) or item
        else:
            detail = (
                f"series {item} sits inside series {parent}: its stories are put in its place, "
                "and it stays a series of its own"
            )
            ids["sub_seriesid"] = num(item) or item
        self.problems.append(Problem(kind, detail, ids))

    def _series_reviews(self) -> None:
        if "type" in self.tables.columns("reviews"):
            rows = [
                r
                for r in self.tables.rows("reviews")
                if field(r.get("type")).strip().upper() == "SE"
            ]
            item = "item"
        else:
            rows = [r for r in self.tables.rows("reviews") if num(r.get("seriesid"))]
            item = "seriesid"
        for row in rows:
            self.problems.append(
                Problem(
                    "series_review",
                    f"type SE review of series {key(row.get(item))}: no place on a work",
                    {
                        "reviewid": num(row.get("reviewid")) or key(row.get("reviewid")),
                        "old_seriesid": num(row.get(item)),
                    },
                )
            )

    def file(self, path: str) -> bytes | None:
        base = self.info.site_root
        return self.tree.read(f"{base}/{path}" if base else path)

    def close(self) -> None:
        self.stage.close()


def detect(tree: SourceTree) -> str | None:
    """The dump of an eFiction site in `tree` (a .sql file, perhaps compressed, that creates or
    fills `...fanfiction_stories`), or None."""
    candidates = [p for p in tree.paths if p.lower().endswith(DUMP_SUFFIXES)]
    for path in sorted(candidates, key=lambda p: -tree.size(p)):
        try:
            with tree.stream(path) as stream:
                head = stream.read(4 * 1024 * 1024)
        except OSError:
            continue
        if b"fanfiction_stories" in head or b"fanfiction_authors" in head:
            return path
    return candidates[0] if len(candidates) == 1 else None
