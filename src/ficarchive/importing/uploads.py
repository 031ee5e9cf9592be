"""Upload or paste a legacy story, preview what was read, post it. The upload waits on the
server as a pending ImportRecord (never in hidden form fields), owned by the uploader; its
bytes are kept once per content (`UploadBlob`), however many times they are uploaded.

What protects the disk and the workers: each member's uploads are throttled and counted against
a daily allowance (number and bytes), a pending upload expires after a few hours, and the story
is read in a child process under a hard time limit (`site.reading_limits.parse_for_visitor`).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from ficarchive.importing.checks import size_text
from ficarchive.importing.models import ImportRecord, ImportStatus, UploadBlob
from ficarchive.importing.services import content_claim, content_hash_of, parse_for_import
from ficarchive.legacy.model import ParsedWork
from ficarchive.posting.services import work_create
from ficarchive.site.throttles import throttle_allow, throttle_rate
from ficarchive.works.models import Work
from ficarchive.works.readers import Member
from ficarchive.works.selectors import work_list_visible
from ficarchive.works.services import ChapterInput, WorkInput, work_input_from_parsed
from ficarchive.works.services.permission import check_permission_record

DEFAULT_PENDING_HOURS = 3


class UploadRefused(ValidationError):
    """An upload past one of the member's allowances (answered 429, Too Many Requests)."""


def pending_lifetime() -> timedelta:
    """How long an upload waits for its preview to be posted (FICARCHIVE_PENDING_UPLOAD_HOURS,
    3 hours by default); after that it is deleted, bytes and all."""
    hours = float(getattr(settings, "FICARCHIVE_PENDING_UPLOAD_HOURS", DEFAULT_PENDING_HOURS))
    return timedelta(hours=hours)


def upload_allowance_check(*, user: Member, size: int) -> None:
    """Count one upload of `size` bytes against the member's allowances: a burst rate, and a
    number and a size per day (UTC). Raises UploadRefused, saying which is used up."""
    ident = f"user:{user.pk}"
    if not throttle_allow(scope="upload", ident=ident):
        raise UploadRefused(
            "You have uploaded many stories in the last few minutes; please wait a little."
        )
    if not throttle_allow(scope="upload_daily", ident=ident):
        count, _ = throttle_rate("upload_daily")
        raise UploadRefused(
            f"You have uploaded {count} stories today, as many as a day allows; "
            "please upload more after midnight (UTC)."
        )
    if not throttle_allow(scope="upload_kb_daily", ident=ident, cost=max(1, -(-size // 1024))):
        kilobytes, _ = throttle_rate("upload_kb_daily")
        raise UploadRefused(
            f"Today's uploads come to more than {size_text(kilobytes * 1024)}, as much as a day "
            "allows; please upload more after midnight (UTC)."
        )


def uploads_expire() -> int:
    """Delete pending uploads older than `pending_lifetime()`, and stored bytes that no pending
    upload needs any more; returns how many uploads were deleted."""
    cutoff = timezone.now() - pending_lifetime()
    deleted, _ = ImportRecord.objects.filter(
        status=ImportStatus.PENDING, updated_at__lt=cutoff
    ).delete()
    needed = ImportRecord.objects.filter(status=ImportStatus.PENDING).values("content_hash")
    UploadBlob.objects.exclude(content_hash__in=needed).delete()
    return deleted


def upload_receive(*, user: Member, source: str, data: bytes) -> ImportRecord:
    """Check an uploaded story and keep it, pending, for its uploader's preview.

    Counts against the member's allowances first (UploadRefused past one). The story is read
    under the hard time limit. The same file uploaded again by the same member is the same
    pending upload; its bytes are stored once, whoever uploads them. Raises ValidationError
    (one line) when it is not a story or already in the archive.
    """
    upload_allowance_check(user=user, size=len(data))
    _parsed, problem = parse_for_import(source=source, data=data, bounded=True)
    if problem:
        raise ValidationError(problem)
    content_hash = content_hash_of(data)
    existing = Work.objects.filter(content_hash=content_hash).first()
    if existing is not None and not work_list_visible(user=user).filter(pk=existing.pk).exists():
        # Never name a draft, hidden or restricted work to someone who may not read it.
        raise ValidationError("This file is already in the archive.")
    if existing is not None:
        raise ValidationError(
            f"This file is already in the archive: {existing.title} ({existing.get_absolute_url()})."
        )
    with transaction.atomic():
        uploads_expire()
        again = ImportRecord.objects.filter(
            user=user, status=ImportStatus.PENDING, content_hash=content_hash
        ).first()
        if again is not None:
            again.source = source[:500]
            again.save(update_fields=["source", "updated_at"])
            return again
        UploadBlob.objects.get_or_create(content_hash=content_hash, defaults={"data": data})
        return ImportRecord.objects.create(
            source=source[:500],
            content_hash=content_hash,
            status=ImportStatus.PENDING,
            user=user,
        )


def upload_get_pending(*, user: Member, record_id: int) -> tuple[ImportRecord, ParsedWork]:
    """The user's own pending upload and what the reader finds in it (read under the hard time
    limit); Http404 for anyone else, or once it has expired."""
    record = ImportRecord.objects.filter(
        pk=record_id,
        user=user,
        status=ImportStatus.PENDING,
        updated_at__gte=timezone.now() - pending_lifetime(),
    ).first()
    blob = (
        UploadBlob.objects.filter(content_hash=record.content_hash).first()
        if record is not None
        else None
    )
    if record is None or blob is None:
        raise Http404("No such upload.")
    parsed, problem = parse_for_import(source=record.source, data=bytes(blob.data), bounded=True)
    if parsed is None or problem:
        raise Http404("The upload can no longer be read.")
    return record, parsed


def upload_work_input(*, record: ImportRecord, parsed: ParsedWork) -> WorkInput:
    """What the upload says about its work (the one mapping), with the upload's provenance."""
    data = work_input_from_parsed(parsed)
    data.content_hash = record.content_hash
    data.source_name = record.source[:500]
    return data


@transaction.atomic
def upload_post(
    *,
    user: Member,
    record: ImportRecord,
    data: WorkInput,
    chapters: list[ChapterInput],
    draft: bool = False,
) -> Work:
    """Post the pending upload as a work (the work form's values in `data`, its text in
    `chapters`) through the one write path; the record becomes `created`.

    A story by other authors whose wish is "ask first" or "no" is held from the public
    (works/services/permission.py) unless staff record the permission
    (`data.permission_granted`: how it was obtained); an author posting her own story needs
    neither. Only staff may record it: anyone else's claim raises PermissionDenied.
    """
    if record.user_id != user.pk or record.status != ImportStatus.PENDING:
        raise Http404("No such upload.")
    content_claim(record.content_hash)
    if Work.objects.filter(content_hash=record.content_hash).exists():
        raise ValidationError("This file is already in the archive.")
    if data.permission_granted:
        data.permission_granted = check_permission_record(user=user, note=data.permission_granted)
        data.permission_recorded_by = user
    work = work_create(data=data, chapters=chapters, draft=draft)
    record.status, record.work, record.error = ImportStatus.CREATED, work, ""
    record.save()
    if not ImportRecord.objects.filter(
        status=ImportStatus.PENDING, content_hash=record.content_hash
    ).exists():
        UploadBlob.objects.filter(content_hash=record.content_hash).delete()
    return work
