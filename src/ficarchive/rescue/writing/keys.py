"""The keys that make rescue runs idempotent: content hashes and the (archive, kind, old id)
items, and how members are named."""

from __future__ import annotations

import hashlib
import json

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from ficarchive.rescue.mapping import MappedWork
from ficarchive.rescue.models import RescuedArchive, RescueItem
from ficarchive.rescue.source import Member, Review, Story


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


def items_put(archive: RescuedArchive, kind: str, rows: dict[str, dict]) -> None:
    """Create or bring up to date the items of `kind` keyed by old id, in a few queries."""
    if not rows:
        return
    existing = {
        i.old_id: i
        for i in RescueItem.objects.filter(archive=archive, kind=kind, old_id__in=list(rows))
    }
    created, changed, names = [], [], set()
    for old_id, fields in rows.items():
        item = existing.get(old_id)
        if item is None:
            created.append(RescueItem(archive=archive, kind=kind, old_id=old_id, **fields))
            continue
        different = {k for k, v in fields.items() if getattr(item, k) != v}
        if different:
            for name in different:
                setattr(item, name, fields[name])
            names |= different
            changed.append(item)
    RescueItem.objects.bulk_create(created)
    if changed:
        now = timezone.now()
        for item in changed:
            item.updated_at = now
        RescueItem.objects.bulk_update(changed, [*sorted(names), "updated_at"])
