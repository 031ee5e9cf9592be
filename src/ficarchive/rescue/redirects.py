"""Old links: where an old archive's page now is, or that it is gone.

eFiction's pages are named by their query (`viewstory.php?sid=6&chapter=2`, with every variant
it served: `chapter=all`, `action=printable`, `textsize`, `reviews.php?type=ST&item=6`,
`viewseries.php?seriesid=1`, `viewuser.php?uid=2`); other archives' pages by their path
(`archive/moth/gp2.txt`). Files the stories show are served as they were.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import parse_qs

from django.urls import reverse

from ficarchive.rescue.models import ItemKind, ItemStatus, RescuedArchive, RescueFile, RescueItem


@dataclass(frozen=True)
class OldLinkAnswer:
    """A redirect (`location`), a kept file (`file`), `gone` (410), or nothing known (404)."""

    location: str | None = None
    gone: bool = False
    file: RescueFile | None = None


NOT_FOUND = OldLinkAnswer()
GONE = OldLinkAnswer(gone=True)


def _item(archive: RescuedArchive, kind: str, old_id: str) -> RescueItem | None:
    return (
        RescueItem.objects.filter(archive=archive, kind=kind, old_id=old_id)
        .select_related("work", "series", "creator")
        .first()
    )


def _work_answer(item: RescueItem | None, position: int | None = None) -> OldLinkAnswer:
    if item is None:
        return NOT_FOUND
    if item.status == ItemStatus.GONE:
        return GONE
    if item.work is None or item.status not in (ItemStatus.IMPORTED, ItemStatus.LINKED):
        return NOT_FOUND
    if position and position > 1 and item.status == ItemStatus.IMPORTED:
        return OldLinkAnswer(location=reverse("reading:chapter", args=[item.work_id, position]))
    return OldLinkAnswer(location=item.work.get_absolute_url())


def _story(archive: RescuedArchive, sid: str, chapter: str | None) -> OldLinkAnswer:
    item = _item(archive, ItemKind.WORK, sid)
    if item is None and archive.version == "1.1":
        # eFiction 1.1 gave every chapter a sid of its own.
        chapter_item = _item(archive, ItemKind.CHAPTER, sid)
        if chapter_item is not None and chapter_item.work is not None:
            return _work_answer(
                _item(archive, ItemKind.WORK, chapter_item.parent_old_id), chapter_item.position
            )
    if item is None:
        return NOT_FOUND
    position = None
    if chapter and chapter.strip().isdigit() and item.status == ItemStatus.IMPORTED:
        found = (
            RescueItem.objects.filter(
                archive=archive,
                kind=ItemKind.CHAPTER,
                parent_old_id=sid,
                old_number=int(chapter),
            )
            .order_by("position")
            .first()
        )
        position = found.position if found is not None else None
    return _work_answer(item, position)


def _first(query: dict[str, list[str]], *names: str) -> str | None:
    for name in names:
        values = query.get(name) or query.get(name.lower())
        if values and values[0].strip():
            return values[0].strip()
    return None


def old_link_resolve(archive: RescuedArchive, path: str, query_string: str = "") -> OldLinkAnswer:
    """What the old page `path` (relative to the old site, with its query) is now."""
    path = PurePosixPath("/" + path).as_posix().lstrip("/")
    query = parse_qs(query_string, keep_blank_values=True)
    page = PurePosixPath(path).name.lower()
    if page in ("viewstory.php", "printable.php", "print.php"):
        sid = _first(query, "sid", "psid")
        return _story(archive, sid, _first(query, "chapter")) if sid else NOT_FOUND
    if page == "reviews.php":
        item = _first(query, "item", "sid", "psid")
        kind = (_first(query, "type") or "ST").upper()
        if item and kind == "SE":
            return _series(archive, item)
        return _story(archive, item, None) if item else NOT_FOUND
    if page == "viewseries.php":
        series = _first(query, "seriesid")
        return _series(archive, series) if series else NOT_FOUND
    if page == "viewuser.php":
        uid = _first(query, "uid")
        return _member(archive, uid) if uid else NOT_FOUND
    file = RescueFile.objects.filter(archive=archive, path=path).first()
    if file is not None:
        return OldLinkAnswer(file=file)
    page_item = _item(archive, ItemKind.PAGE, path) or _item(
        archive, ItemKind.PAGE, f"{path}?{query_string}" if query_string else path
    )
    if page_item is not None:
        if page_item.status == ItemStatus.GONE:
            return GONE
        if page_item.work is None:
            return NOT_FOUND
        return OldLinkAnswer(
            location=(
                reverse("reading:chapter", args=[page_item.work_id, page_item.position])
                if page_item.position and page_item.position > 1
                else page_item.work.get_absolute_url()
            )
        )
    return NOT_FOUND


def _series(archive: RescuedArchive, old_id: str) -> OldLinkAnswer:
    item = _item(archive, ItemKind.SERIES, old_id)
    if item is None or item.series is None:
        return NOT_FOUND
    return OldLinkAnswer(location=item.series.get_absolute_url())


def _member(archive: RescuedArchive, old_id: str) -> OldLinkAnswer:
    item = _item(archive, ItemKind.CREATOR, old_id)
    if item is None:
        return NOT_FOUND
    if item.status == ItemStatus.GONE:
        return GONE
    if item.creator is None:
        return NOT_FOUND
    return OldLinkAnswer(location=item.creator.get_absolute_url())


class _OldHosts:
    """The old sites' hosts, asked on every request: each process keeps them half a minute."""

    lifetime = 30.0

    def __init__(self) -> None:
        self.read_at = float("-inf")
        self.hosts: frozenset[str] = frozenset()

    def get(self) -> frozenset[str]:
        now = time.monotonic()
        if now - self.read_at > self.lifetime:
            found = RescuedArchive.objects.exclude(old_host="").values_list("old_host", flat=True)
            self.hosts, self.read_at = frozenset(found), now
        return self.hosts

    def forget(self) -> None:
        """Read them again on the next request (this process has just rescued an archive)."""
        self.read_at = float("-inf")


old_hosts = _OldHosts()


def archive_for_host(host: str, path: str) -> tuple[RescuedArchive, str] | None:
    """The rescued archive whose old site was at `host` and `path`, and the path on it."""
    host = host.lower()
    if host not in old_hosts.get():
        return None
    for archive in RescuedArchive.objects.filter(old_host=host).order_by("-old_path"):
        prefix = archive.old_path or "/"
        if path.startswith(prefix) or path + "/" == prefix:
            return archive, path[len(prefix) :]
    return None
