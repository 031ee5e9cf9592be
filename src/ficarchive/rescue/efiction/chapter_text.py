"""Where an eFiction chapter's text is: its file under `storiespath`, or `chapters.storytext`.

`settings.store` says which the site used ('files' or 'mysql'); a site that switched keeps
both, and the other copy is stale. Files are `<storiespath>/<uid>/<chapid>.txt` (eFiction 1.1
used the penname for the folder); a story handed to another member keeps its file in the
first member's folder, so every folder is searched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ficarchive.legacy.decode import decode_bytes
from ficarchive.rescue.source import Problem
from ficarchive.rescue.tree import SourceTree

_CHAPTER_FILE = re.compile(r"(?:^|/)([^/]+)/(\d+)\.(?:txt|htm|html)$", re.I)


@dataclass
class ChapterText:
    text: str
    source: str
    problems: list[Problem] = field(default_factory=list)


class ChapterFiles:
    """Every `<folder>/<number>.txt` of the stories folder, by number."""

    def __init__(self, tree: SourceTree, site_root: str, storiespath: str) -> None:
        self.tree = tree
        wanted = PurePosixPath(storiespath.replace("\\", "/").rstrip("/") or "stories").name
        self.root = f"{site_root.rstrip('/')}/{wanted}" if site_root else wanted
        self.by_number: dict[str, list[str]] = {}
        inside = [p for p in tree.paths if p.casefold().startswith(self.root.casefold() + "/")]
        if not inside:
            # The folder has another name than the settings say: any numbered chapter files.
            inside = tree.paths
        for path in inside:
            match = _CHAPTER_FILE.search(path)
            if match:
                self.by_number.setdefault(match.group(2), []).append(path)

    def expected(self, folder: str, chapid: str) -> str:
        return f"{self.root}/{folder}/{chapid}.txt"

    def find(self, chapid: str, folders: list[str]) -> tuple[str | None, str | None]:
        """(path found, path expected): the file in the first of `folders` that has it, else
        in any folder."""
        candidates = self.by_number.get(chapid, [])
        expected = self.expected(folders[0], chapid) if folders else None
        for folder in folders:
            for path in candidates:
                if PurePosixPath(path).parent.name.casefold() == folder.casefold():
                    return path, expected
        return (candidates[0] if candidates else None), expected

    def read(self, path: str) -> str:
        data = self.tree.read(path) or b""
        return decode_bytes(data).text


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def chapter_text(
    *,
    files: ChapterFiles,
    store: str,
    chapid: str,
    sid: str,
    folders: list[str],
    stored: str,
) -> ChapterText:
    """The chapter's text as the site showed it, and what the report must say about it.

    `folders` are the folder names to look in first (the chapter's uid, then the penname);
    `stored` is `chapters.storytext` (already decoded).
    """
    ids = {"old_chapid": int(chapid) if chapid.isdigit() else chapid, "old_sid": _int(sid)}
    found, expected = files.find(chapid, folders)
    path = found or ""
    file_text = files.read(path) if path else ""
    if store == "mysql":
        chosen = _text_stored_in_database(stored, file_text, path, ids)
    else:
        chosen = _text_stored_in_files(store, stored, file_text, path, expected, ids)
    if chosen is not None:
        return chosen
    detail = f"{expected} is missing and storytext is empty" if expected else "no text stored"
    return ChapterText("", "", [Problem("missing_chapter_text", detail, ids)])


def _text_stored_in_database(
    stored: str, file_text: str, path: str, ids: dict
) -> ChapterText | None:
    """store = mysql: the database's text wins; a file stands in only when it is empty."""
    if stored.strip():
        problems = []
        if file_text.strip() and not _same(file_text, stored):
            problems.append(
                Problem("stale_file_ignored", f"store = mysql: {path} is an old copy", ids)
            )
        return ChapterText(stored, "chapters.storytext", problems)
    if file_text.strip():
        problem = Problem("chapter_text_from_file", f"storytext is empty; {path} used", ids)
        return ChapterText(file_text, path, [problem])
    return None


def _text_stored_in_files(
    store: str, stored: str, file_text: str, path: str, expected: str | None, ids: dict
) -> ChapterText | None:
    """store = files (or unknown): the file wins; the database's copy stands in when it is gone."""
    problems = []
    if file_text.strip():
        if stored.strip() and not _same(file_text, stored):
            problems.append(
                Problem(
                    "stale_db_text_ignored",
                    "store = files: the file wins over the old draft left in storytext",
                    ids,
                )
            )
        if expected and path.casefold() != expected.casefold():
            problems.append(
                Problem("chapter_file_elsewhere", f"found at {path}, not {expected}", ids)
            )
        return ChapterText(file_text, path, problems)
    if stored.strip():
        if store == "files":
            problems.append(
                Problem(
                    "chapter_text_from_database",
                    f"{expected} is missing; the text in storytext was used",
                    ids,
                )
            )
        return ChapterText(stored, "chapters.storytext", problems)
    return None


def _int(value: str):
    return int(value) if value.isdigit() else value
