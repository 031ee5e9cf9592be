"""Upload or paste a legacy story, preview what was read, post it. The upload waits on the
server as a pending ImportRecord (never in hidden form fields), owned by the uploader."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from ficarchive.importing.models import ImportRecord, ImportStatus
from ficarchive.importing.services import content_claim, content_hash_of, parse_for_import
from ficarchive.legacy.model import (
    ChapterNumber,
    Distribution,
    Feedback,
    ParsedWork,
    Series,
)
from ficarchive.works.models import Creator, Work
from ficarchive.works.readers import Member
from ficarchive.works.selectors import work_list_visible
from ficarchive.works.services import creator_find_or_create, work_create_from_parsed
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


def parsed_apply_edits(parsed: ParsedWork, edits: dict) -> ParsedWork:
    """A copy of `parsed` with the preview form's cleaned values in place of what was read.

    Spellings as written (relationships_original) are kept only while the list they go with
    is left as read, so they never become synonyms of tags the user typed instead.
    """
    relationships = list(edits["relationships"])
    wanted = {"yes": True, "no": False}.get(edits.get("feedback_wanted") or "")
    series_title = (edits.get("series_title") or "").strip()
    number = parsed.chapter.number if parsed.chapter else None
    changed = dataclasses.replace(
        parsed,
        title=edits["title"],
        authors=list(edits["authors"]),
        rating=edits["rating"],
        warnings=list(edits["warnings"]),
        categories=list(edits["categories"]),
        fandoms=list(edits["fandoms"]),
        relationships=relationships,
        relationships_original=(
            parsed.relationships_original if relationships == parsed.relationships else []
        ),
        characters=list(edits["characters"]),
        freeform=list(edits["freeform"]),
        summary=edits["summary"],
        notes=edits["notes"],
        end_notes=edits["end_notes"],
        disclaimer=edits["disclaimer"],
        spoilers=edits["spoilers"],
        distribution=Distribution(
            text=edits["distribution_text"],
            archives=list(edits["distribution_archives"]),
            permission=edits["distribution_permission"],
        ),
        feedback=Feedback(text=edits["feedback_text"], wanted=wanted),
        series=Series(title=series_title, part=edits.get("series_part")) if series_title else None,
        chapter=ChapterNumber(number=number or 1, total=edits.get("expected_chapters"))
        if edits.get("expected_chapters") or parsed.chapter
        else None,
        language=edits["language"],
    )
    return changed


def _creators_for(user: Member, names: list[str]) -> list[Creator]:
    """Creators for the posted work: the names given (imported authors stay account-less),
    or the uploader's own pseud. A name that belongs to another member is refused."""
    if not names:
        own = Creator.objects.filter(user=user).order_by("id").first()
        return [own or creator_find_or_create(name=user.get_username(), user=user)]
    creators = []
    for name in names:
        creator = creator_find_or_create(name=name)
        if creator.user_id is not None and creator.user_id != user.pk:
            raise ValidationError(f"The name {creator.name!r} belongs to another member.")
        creators.append(creator)
    return creators


def _permission_note(user: Member, edits: dict) -> str:
    """The note saying how the author's permission was obtained, when staff ticked the box.

    Only staff record permission (the form shows the box to them alone; this is the check)."""
    if not edits.get("permission_granted"):
        return ""
    return check_permission_record(user=user, note=edits.get("permission_note") or "")


@transaction.atomic
def upload_post(*, user: Member, record: ImportRecord, parsed: ParsedWork, edits: dict) -> Work:
    """Post the pending upload as a work with the user's edits; the record becomes `created`.

    A story by other authors whose wish is "ask first" or "no" is held from the public
    (works/services/permission.py) unless staff record the permission (`permission_granted`
    and `permission_note` in `edits`); an author posting her own story needs neither.
    """
    if record.user_id != user.pk or record.status != ImportStatus.PENDING:
        raise Http404("No such upload.")
    content_claim(record.content_hash)
    if Work.objects.filter(content_hash=record.content_hash).exists():
        raise ValidationError("This file is already in the archive.")
    work = work_create_from_parsed(
        parsed=parsed_apply_edits(parsed, edits),
        content_hash=record.content_hash,
        source_name=record.source,
        creators=_creators_for(user, list(edits["authors"])),
        permission_granted=_permission_note(user, edits),
        permission_recorded_by=user,
    )
    record.status, record.work, record.data, record.error = ImportStatus.CREATED, work, None, ""
    record.save()
    return work
