"""Upload or paste a legacy story, preview what was read, post it. The upload waits on the
server as a pending ImportRecord (never in hidden form fields), owned by the uploader."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from ficarchive.importing.models import ImportRecord, ImportStatus
from ficarchive.importing.services import content_claim, content_hash_of, parse_for_import
from ficarchive.legacy.model import ParsedWork
from ficarchive.posting.services import work_create
from ficarchive.works.models import Work
from ficarchive.works.readers import Member
from ficarchive.works.selectors import work_list_visible
from ficarchive.works.services import ChapterInput, WorkInput, work_input_from_parsed
from ficarchive.works.services.permission import check_permission_record

PENDING_LIFETIME = timedelta(days=2)


def upload_receive(*, user: Member, source: str, data: bytes) -> ImportRecord:
    """Check an uploaded story and keep it, pending, for its uploader's preview.

    Raises ValidationError (one line) when it is not a story or already in the archive.
    """
    _parsed, problem = parse_for_import(source=source, data=data)
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
        ImportRecord.objects.filter(
            status=ImportStatus.PENDING, updated_at__lt=timezone.now() - PENDING_LIFETIME
        ).delete()
        return ImportRecord.objects.create(
            source=source[:500],
            content_hash=content_hash,
            status=ImportStatus.PENDING,
            user=user,
            data=data,
        )


def upload_get_pending(*, user: Member, record_id: int) -> tuple[ImportRecord, ParsedWork]:
    """The user's own pending upload and what the reader finds in it; Http404 for anyone else."""
    record = ImportRecord.objects.filter(
        pk=record_id, user=user, status=ImportStatus.PENDING
    ).first()
    if record is None or record.data is None:
        raise Http404("No such upload.")
    parsed, problem = parse_for_import(source=record.source, data=bytes(record.data))
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
    record.status, record.work, record.data, record.error = ImportStatus.CREATED, work, None, ""
    record.save()
    return work
