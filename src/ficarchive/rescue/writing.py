"""Writing one rescued item at a time: a work with its creators, chapters, reviews, images and
old pages in one transaction; a series; a member. Everything goes through the project's own
services (works, feedback, accounts); this module keeps the (archive, old id) keys and the
content hashes that make runs idempotent.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from ficarchive.accounts.models import ClaimInvitation
from ficarchive.accounts.services import claim_invitation_send
from ficarchive.feedback.actions.comments import work_comments_count_refresh
from ficarchive.feedback.actions.imported import do_comment_import
from ficarchive.feedback.models import Comment
from ficarchive.rescue.mapping import MappedWork
from ficarchive.rescue.models import ItemKind, ItemStatus, RescuedArchive, RescueFile, RescueItem
from ficarchive.rescue.source import Member, Problem, Review, Series, Story
from ficarchive.works.models import Creator, Work
from ficarchive.works.services import (
    creator_find_or_create,
    creator_for_imported_author,
    series_parts_set,
    series_write,
    work_create_from_parsed,
    work_update_from_parsed,
)


def content_hash(value) -> str:
    """SHA-256 of a value's canonical JSON: the same content always gives the same hash."""
    data = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def display_name(member: Member) -> str:
    """The name a member is shown by: a penname that is an e-mail address by its local part."""
    name = member.name.strip()
    if "@" in name and " " not in name:
        name = name.split("@", 1)[0]
    return name or f"Member {member.old_id}"


def usable_email(address: str) -> str:
    """The address if it is one, else ""."""
    address = address.strip()
    try:
        validate_email(address)
    except ValidationError:
        return ""
    return address


def work_hash(
    story: Story, mapped: MappedWork, reviews: list[Review], members: dict[str, Member]
) -> str:
    """What is written for a story, hashed: a rerun with the same hash writes nothing."""
    names = [display_name(members[m]) for m in mapped.member_ids if m in members]
    return content_hash(
        {
            "parsed": mapped.parsed.to_json(),
            "members": mapped.member_ids,
            "names": names,
            "chapter_members": mapped.chapter_member_ids,
            "chapters": [(c.old_id, c.number, c.paths) for c in story.chapters],
            "reviews": [r.__dict__ for r in reviews],
            "paths": story.paths,
            "images": mapped.images,
            "dates": [story.published, story.updated],
        }
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
        self._creators: dict[str, Creator] = {}
        self._invited_emails: set[str] = set(
            ClaimInvitation.objects.filter(creator__rescue_items__archive=archive).values_list(
                "email", flat=True
            )
        )

    # Members ------------------------------------------------------------------------------------

    def creator(self, member_id: str | None) -> Creator | None:
        """The creator of member `member_id`, made (with its claim invitation) when missing.

        Call inside the transaction that needs it: a rollback takes the new creator with it.
        """
        if not member_id or member_id not in self.members:
            return None
        if member_id in self._creators:
            return self._creators[member_id]
        member = self.members[member_id]
        email = usable_email(member.email)
        name = display_name(member)
        item = RescueItem.objects.filter(
            archive=self.archive, kind=ItemKind.CREATOR, old_id=member_id
        ).first()
        creator = item.creator if item is not None else None
        if creator is None:
            creator = creator_for_imported_author(
                name=name, email=email, qualifier=self.archive.name
            )
            RescueItem.objects.update_or_create(
                archive=self.archive,
                kind=ItemKind.CREATOR,
                old_id=member_id,
                defaults={
                    "status": ItemStatus.IMPORTED,
                    "creator": creator,
                    "content_hash": content_hash([name, email]),
                },
            )
            self._invite(creator)
        elif email and creator.email != email and creator.user_id is None:
            creator.email = email
            creator.save(update_fields=["email"])
        self._creators[member_id] = creator
        return creator

    def _invite(self, creator: Creator) -> None:
        """One claim invitation per address (members sharing one are one person)."""
        if not creator.email or creator.user_id is not None:
            return
        key = creator.email.lower()
        if key in self._invited_emails:
            return
        claim_invitation_send(
            creator=creator,
            created_by=None,
            site_url=getattr(settings, "FICARCHIVE_SITE_URL", "http://127.0.0.1:8000/"),
        )
        self._invited_emails.add(key)

    def forget_unsaved(self) -> None:
        """After a rolled-back transaction: drop creators it made from the cache."""
        kept = set(
            RescueItem.objects.filter(
                archive=self.archive, kind=ItemKind.CREATOR, old_id__in=list(self._creators)
            ).values_list("old_id", flat=True)
        )
        self._creators = {k: v for k, v in self._creators.items() if k in kept}
        self._invited_emails = set(
            ClaimInvitation.objects.filter(creator__rescue_items__archive=self.archive).values_list(
                "email", flat=True
            )
        )

    def member_gone(self, member_id: str) -> None:
        """A member who asked not to be imported: their old page answers 410 Gone, and a
        creator an earlier run made for them goes (unless claimed, or with works left)."""
        earlier = RescueItem.objects.filter(
            archive=self.archive, kind=ItemKind.CREATOR, old_id=member_id
        ).first()
        creator = earlier.creator if earlier is not None else None
        if creator is not None and creator.user_id is None and not creator.works.exists():
            creator.delete()
        self._creators.pop(member_id, None)
        RescueItem.objects.update_or_create(
            archive=self.archive,
            kind=ItemKind.CREATOR,
            old_id=member_id,
            defaults={"status": ItemStatus.GONE, "reason": "do_not_import", "creator": None},
        )

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
        if item is not None and item.work_id and item.content_hash == digest:
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
            dates = {"published": story.published, "updated": story.updated}
            if item is not None and item.work is not None:
                work = work_update_from_parsed(
                    work=item.work,
                    parsed=parsed,
                    source_name=parsed.source,
                    creators=creators,
                    **dates,
                )
                status = "updated"
            else:
                work = work_create_from_parsed(
                    parsed=parsed, source_name=parsed.source, creators=creators, **dates
                )
                status = "created"
            self._chapters_and_pages(story, work, mapped)
            self._reviews_write(work, story, reviews)
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

    def _chapters_and_pages(self, story: Story, work: Work, mapped: MappedWork) -> None:
        by_id = {c.old_id: c for c in story.chapters}
        for position, old_id in enumerate(mapped.chapter_old_ids, start=1):
            chapter = by_id[old_id]
            RescueItem.objects.update_or_create(
                archive=self.archive,
                kind=ItemKind.CHAPTER,
                old_id=chapter.old_id,
                defaults={
                    "status": ItemStatus.IMPORTED,
                    "work": work,
                    "position": position,
                    "parent_old_id": story.old_id,
                    "old_number": chapter.number,
                },
            )
            for path in chapter.paths:
                self.page_link(path, work, position)
        for path in story.paths:
            if "?" not in path or not path.startswith("viewstory.php"):
                self.page_link(path, work, None)

    def page_link(self, path: str, work: Work | None, position: int | None, status=None) -> None:
        """Remember that the old page `path` showed `work` (its chapter `position`)."""
        RescueItem.objects.update_or_create(
            archive=self.archive,
            kind=ItemKind.PAGE,
            old_id=path,
            defaults={
                "status": status or (ItemStatus.IMPORTED if work else ItemStatus.SKIPPED),
                "work": work,
                "position": position,
            },
        )

    def _reviews_write(self, work: Work, story: Story, reviews: list[Review]) -> None:
        chapters = {
            i.old_id: i.position
            for i in RescueItem.objects.filter(
                archive=self.archive, kind=ItemKind.CHAPTER, parent_old_id=story.old_id
            )
        }
        by_position = {c.position: c for c in work.chapters.all()}
        existing = {
            i.old_id: i
            for i in RescueItem.objects.filter(
                archive=self.archive, kind=ItemKind.COMMENT, work=work
            ).select_related("comment")
        }
        wanted = set()
        owner = self.creator(story.owner_id)
        for review in reviews:
            chapter = by_position.get(chapters.get(review.chapter_old_id or ""))
            pseud = self.creator(review.member_id) if review.member_id in self.authors else None
            top = self._comment_put(
                existing, review.old_id, work, review.html, review, chapter, None, pseud
            )
            wanted.add(review.old_id)
            if review.response_html:
                key = f"{review.old_id}:response"
                self._comment_put(
                    existing, key, work, review.response_html, review, chapter, top, owner
                )
                wanted.add(key)
        for key, item in existing.items():
            if key not in wanted:
                if item.comment is not None:
                    item.comment.delete()
                item.delete()
        work_comments_count_refresh(work_id=work.pk)

    def _comment_put(self, existing, key, work, body, review, chapter, parent, pseud) -> Comment:
        item = existing.get(key)
        comment = do_comment_import(
            work=work,
            body=body,
            created_at=review.date,
            chapter=chapter,
            parent=parent,
            pseud=pseud,
            guest_name=review.name,
            comment=item.comment if item is not None else None,
        )
        RescueItem.objects.update_or_create(
            archive=self.archive,
            kind=ItemKind.COMMENT,
            old_id=key,
            defaults={"status": ItemStatus.IMPORTED, "work": work, "comment": comment},
        )
        return comment

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

    def series_write(self, series: Series) -> tuple[str, object]:
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
            unchanged = item is not None and item.series_id and item.content_hash == digest
            if not unchanged:
                written = series_write(
                    series=item.series if item is not None else None,
                    title=series.title,
                    summary=series.summary,
                    creators=[owner] if owner else [],
                )
            else:
                written = item.series
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
