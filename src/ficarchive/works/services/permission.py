"""Archiving permission: the one home of the rule that holds works back from the public.

A work that someone other than its author brings in (a rescue, `ficarchive import`, an upload
naming other authors) is *held* (`Work.permission_held`: not public) when its author asked to be
asked first or said no (`distribution_permission` "ask" or "no", from her header or her old
archive). It stays held until one of its creators belongs to an account (the author claimed it,
or posted it herself) or staff record that permission was obtained (`permission_note`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ficarchive.works.models import Creator, Permission, Work
from ficarchive.works.readers import Reader

# The author's wishes that mean "not without asking me".
ASKS_FIRST = frozenset({Permission.ASK, Permission.NO})
NOTE_MAX = 2000


def permission_needed(*, wish: str) -> bool:
    """True when an author's distribution wish ("yes", "ask", "no", "unknown") means that
    someone else may archive her work only with her permission."""
    return wish in ASKS_FIRST


def permission_note_clean(note: str | None) -> str:
    """The note on one line, bounded; empty when there is none."""
    return " ".join((note or "").split())[:NOTE_MAX]


def work_permission_held(*, work: Work, creators: Sequence[Creator] | None = None) -> bool:
    """Whether the rule holds this saved work back: the author's wish asks first, no permission
    is on record, and none of its creators belongs to an account. `creators`: the work's
    creators when the caller holds them (saves a query)."""
    if not permission_needed(wish=work.distribution_permission):
        return False
    if work.permission_recorded_at is not None:
        return False
    if creators is not None:
        return not any(c.user_id is not None for c in creators)
    return not work.creators.filter(user__isnull=False).exists()


def work_permission_settle(
    *,
    work: Work,
    granted_note: str = "",
    recorded_by=None,
    creators: Sequence[Creator] | None = None,
) -> Work:
    """Apply the rule to a saved work whose creators are set, recording `granted_note` (how
    permission was obtained) first when one is given. Saves only when something changed, so a
    re-import that changes nothing writes nothing here. `creators`: the work's creators, when
    the caller holds them."""
    fields = work_permission_apply(
        work=work, granted_note=granted_note, recorded_by=recorded_by, creators=creators
    )
    if fields:
        work.save(update_fields=[*fields, "modified_at"])
    return work


def work_permission_apply(
    *,
    work: Work,
    granted_note: str = "",
    recorded_by=None,
    creators: Sequence[Creator] | None = None,
) -> list[str]:
    """`work_permission_settle` without the save: the rule applied to `work` in memory (a work
    about to be inserted, with `creators` its creators); returns the fields it changed."""
    fields = []
    note = permission_note_clean(granted_note)
    if note and note != work.permission_note:
        work.permission_note = note
        work.permission_recorded_at = timezone.now()
        work.permission_recorded_by = recorded_by
        fields += ["permission_note", "permission_recorded_at", "permission_recorded_by"]
    held = work_permission_held(work=work, creators=creators)
    if held != work.permission_held:
        work.permission_held = held
        fields.append("permission_held")
    return fields


def check_permission_record(*, user: Reader, note: str) -> str:
    """Only staff record an author's permission, and they say how it was obtained.

    Returns the cleaned note; raises PermissionDenied or ValidationError."""
    if user is None or not user.is_authenticated or not user.is_staff:
        raise PermissionDenied("Only staff can record an author's permission.")
    cleaned = permission_note_clean(note)
    if not cleaned:
        raise ValidationError("Say how permission was obtained (for example, by e-mail, when).")
    return cleaned


@transaction.atomic
def work_permission_record(*, work: Work, user: Reader, note: str) -> Work:
    """Staff record that the author gave permission: the note shows on the work, and a work
    held for permission becomes public (unless it is a draft or hidden for another reason)."""
    cleaned = check_permission_record(user=user, note=note)
    return work_permission_settle(work=work, granted_note=cleaned, recorded_by=user)


def works_permission_settle_for(*, creators: Iterable[Creator]) -> int:
    """Re-apply the rule to the held works of these creators (one of them was just claimed);
    returns how many works were released."""
    released = 0
    for work in Work.objects.filter(creators__in=list(creators), permission_held=True).distinct():
        work_permission_settle(work=work)
        released += not work.permission_held
    return released
