"""Writing one rescued story at a time: its work, creators, chapters, reviews, images and old
pages in one transaction; then the series. Everything goes through the project's own services
(works, feedback, accounts); the items and hashes of `keys` make the runs idempotent.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass, field

from django.db import transaction

from ficarchive.feedback.actions.comments import work_comments_count_refresh
from ficarchive.feedback.actions.imported import do_comment_import
from ficarchive.feedback.models import Comment
from ficarchive.rescue.mapping import MappedWork
from ficarchive.rescue.models import ItemKind, ItemStatus, RescuedArchive, RescueFile, RescueItem
from ficarchive.rescue.source import Member, Problem, Review, Series, Story
from ficarchive.rescue.writing.creators import CreatorBook
from ficarchive.rescue.writing.keys import content_hash, items_put, work_hash
from ficarchive.works.models import Series as WorksSeries
from ficarchive.works.models import Work
from ficarchive.works.services import (
    creator_find_or_create,
    series_parts_set,
    series_write,
    work_create_from_parsed,
    work_update_from_parsed,
)


@dataclass
class WriteResult:
    status: str  # created | updated | unchanged
    work: Work
    problems: list[Problem] = field(default_factory=list)


class ArchiveWriter:
    """Writes the items of one rescued archive; creators are made on first need."""

    def __init__(self, archive: RescuedArchive, members: dict[str, Member], authors: set[str]):
        self.archive = archive
        self.members = members
        self.authors = authors  # members who wrote stories: their reviews are signed by their pseud
        self.creators = CreatorBook(archive, members)
        self.creator = self.creators.creator

    # Works --------------------------------------------------------------------------------------

    def work_item_for(self, old_id: str) -> RescueItem | None:
        return (
            RescueItem.objects.filter(archive=self.archive, kind=ItemKind.WORK, old_id=old_id)
            .select_related("work")
            .first()
        )

    def work_write(
        self, story: Story, mapped: MappedWork, reviews: list[Review], images: dict[str, bytes]
    ) -> WriteResult:
        """Create or update the work of `story` with everything it holds, all or nothing."""
        digest = work_hash(story, mapped, reviews, self.members)
        item = self.work_item_for(story.old_id)
        if item is not None and item.work is not None and item.content_hash == digest:
            return WriteResult("unchanged", item.work)
        with transaction.atomic():
            creators = [c for c in (self.creator(m) for m in mapped.member_ids) if c]
            if not creators:
                # The story's member is gone from the archive's members: shown as Anonymous.
                creators = [creator_find_or_create(name="Anonymous")]
            parsed = mapped.parsed
            parsed.authors = [c.name for c in creators]
            for chapter, member_id in zip(parsed.chapters, mapped.chapter_member_ids, strict=True):
                writer = self.creator(member_id)
                chapter.authors = [writer.name] if writer else list(parsed.authors[:1])
            if item is not None and item.work is not None:
                work = work_update_from_parsed(
                    work=item.work,
                    parsed=parsed,
                    source_name=parsed.source,
                    creators=creators,
                    published=story.published,
                    updated=story.updated,
                )
                status = "updated"
            else:
                work = work_create_from_parsed(
                    parsed=parsed,
                    source_name=parsed.source,
                    creators=creators,
                    published=story.published,
                    updated=story.updated,
                )
                status = "created"
            positions = self._chapters_and_pages(story, work, mapped)
            self._reviews_write(work, story, reviews, positions)
            for path, data in images.items():
                self._file_keep(path, data)
            RescueItem.objects.update_or_create(
                archive=self.archive,
                kind=ItemKind.WORK,
                old_id=story.old_id,
                defaults={
                    "status": ItemStatus.IMPORTED,
                    "reason": "",
                    "work": work,
                    "content_hash": digest,
                },
            )
        return WriteResult(status, work)

    def _chapters_and_pages(self, story: Story, work: Work, mapped: MappedWork) -> dict[str, int]:
        """Items for the story's chapters and old pages; returns chapter positions by old id."""
        by_id = {c.old_id: c for c in story.chapters}
        chapters, pages, positions = {}, {}, {}
        for position, old_id in enumerate(mapped.chapter_old_ids, start=1):
            chapter = by_id[old_id]
            positions[old_id] = position
            chapters[old_id] = {
                "status": ItemStatus.IMPORTED,
                "work_id": work.pk,
                "position": position,
                "parent_old_id": story.old_id,
                "old_number": chapter.number,
            }
            for path in chapter.paths:
                pages[path] = {
                    "status": ItemStatus.IMPORTED,
                    "work_id": work.pk,
                    "position": position,
                }
        for path in story.paths:
            if "?" not in path or not path.startswith("viewstory.php"):
                pages.setdefault(
                    path, {"status": ItemStatus.IMPORTED, "work_id": work.pk, "position": None}
                )
        items_put(self.archive, ItemKind.CHAPTER, chapters)
        items_put(self.archive, ItemKind.PAGE, pages)
        return positions

    def page_link(self, path: str, work: Work | None, position: int | None, status=None) -> None:
        """Remember that the old page `path` showed `work` (its chapter `position`)."""
        status = status or (ItemStatus.IMPORTED if work else ItemStatus.SKIPPED)
        items_put(
            self.archive,
            ItemKind.PAGE,
            {path: {"status": status, "work_id": work.pk if work else None, "position": position}},
        )

    def _reviews_write(
        self, work: Work, story: Story, reviews: list[Review], positions: dict[str, int]
    ) -> None:
        existing = {
            i.old_id: i
            for i in RescueItem.objects.filter(
                archive=self.archive, kind=ItemKind.COMMENT, work=work
            ).select_related("comment")
        }
        if not reviews and not existing:
            return
        by_position = {c.position: c for c in work.chapters.all()}
        items: dict[str, dict] = {}
        owner = self.creator(story.owner_id)
        for review in reviews:
            chapter = by_position.get(positions.get(review.chapter_old_id or "", 0))
            pseud = self.creator(review.member_id) if review.member_id in self.authors else None
            top = self._comment_put(
                existing, review.old_id, work, review.html, review, chapter, None, pseud
            )
            items[review.old_id] = {
                "status": ItemStatus.IMPORTED,
                "work_id": work.pk,
                "comment_id": top.pk,
            }
            if review.response_html:
                key = f"{review.old_id}:response"
                reply = self._comment_put(
                    existing, key, work, review.response_html, review, chapter, top, owner
                )
                items[key] = {
                    "status": ItemStatus.IMPORTED,
                    "work_id": work.pk,
                    "comment_id": reply.pk,
                }
        for key, item in existing.items():
            if key not in items:
                if item.comment is not None:
                    item.comment.delete()
                item.delete()
        items_put(self.archive, ItemKind.COMMENT, items)
        work_comments_count_refresh(work_id=work.pk)

    def _comment_put(self, existing, key, work, body, review, chapter, parent, pseud) -> Comment:
        item = existing.get(key)
        return do_comment_import(
            work=work,
            body=body,
            created_at=review.date,
            chapter=chapter,
            parent=parent,
            pseud=pseud,
            guest_name=review.name,
            comment=item.comment if item is not None else None,
        )

    def _file_keep(self, path: str, data: bytes) -> None:
        digest = hashlib.sha256(data).hexdigest()
        kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
        RescueFile.objects.update_or_create(
            archive=self.archive,
            path=path,
            defaults={"data": data, "sha256": digest, "content_type": kind},
        )

    def work_not_imported(
        self, story: Story, status: str, reason: str, work: Work | None = None
    ) -> bool:
        """Record a story that did not become a work of its own (gone, skipped, or linked to
        `work`, the one it duplicates). A work an earlier run made of it goes when its author
        has since asked not to be imported (and has not claimed it); returns whether one went."""
        removed = False
        with transaction.atomic():
            earlier = self.work_item_for(story.old_id)
            if (
                status == ItemStatus.GONE
                and earlier is not None
                and earlier.status == ItemStatus.IMPORTED
                and earlier.work is not None
                and not earlier.work.creators.filter(user__isnull=False).exists()
            ):
                earlier.work.delete()
                removed = True
            RescueItem.objects.update_or_create(
                archive=self.archive,
                kind=ItemKind.WORK,
                old_id=story.old_id,
                defaults={"status": status, "reason": reason, "work": work, "content_hash": ""},
            )
            for path in story.paths:
                if "?" not in path or not path.startswith("viewstory.php"):
                    self.page_link(path, work, None, status=status)
            for chapter in story.chapters:
                for path in chapter.paths:
                    self.page_link(path, work, None, status=status)
        return removed

    # Series -------------------------------------------------------------------------------------

    def series_write(self, series: Series) -> tuple[str, WorksSeries | None]:
        """Write one series (its works in order, parts renumbered); returns (status, series)."""
        items = {
            i.old_id: i
            for i in RescueItem.objects.filter(
                archive=self.archive, kind=ItemKind.WORK, old_id__in=series.story_ids
            ).select_related("work")
        }
        works = []
        for sid in series.story_ids:
            item = items.get(sid)
            if (
                item is not None
                and item.work is not None
                and item.status
                in (
                    ItemStatus.IMPORTED,
                    ItemStatus.LINKED,
                )
            ):
                works.append(item.work)
        item = RescueItem.objects.filter(
            archive=self.archive, kind=ItemKind.SERIES, old_id=series.old_id
        ).first()
        if not works:
            if item is None:
                RescueItem.objects.create(
                    archive=self.archive,
                    kind=ItemKind.SERIES,
                    old_id=series.old_id,
                    status=ItemStatus.SKIPPED,
                    reason="no_works",
                )
            return "skipped", None
        with transaction.atomic():
            owner = self.creator(series.owner_id) if series.owner_id in self.authors else None
            digest = content_hash(
                [series.title, series.summary, owner.pk if owner else None, [w.pk for w in works]]
            )
            earlier = item.series if item is not None else None
            unchanged = earlier is not None and item is not None and item.content_hash == digest
            if earlier is not None and unchanged:
                written = earlier
            else:
                written = series_write(
                    series=earlier,
                    title=series.title,
                    summary=series.summary,
                    creators=[owner] if owner else [],
                )
            series_parts_set(series=written, works=works)
            RescueItem.objects.update_or_create(
                archive=self.archive,
                kind=ItemKind.SERIES,
                old_id=series.old_id,
                defaults={"status": ItemStatus.IMPORTED, "series": written, "content_hash": digest},
            )
        if unchanged:
            return "unchanged", written
        return ("updated" if item is not None and item.series_id else "created"), written
