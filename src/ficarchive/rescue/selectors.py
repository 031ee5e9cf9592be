"""Reads about rescued archives."""

from __future__ import annotations

from ficarchive.rescue.models import ItemKind, ItemStatus, RescueItem
from ficarchive.works.models import Work


def work_provenance(work: Work) -> dict:
    """Where a work came from: {archive, old_id, old_url}; all None for works that were not
    rescued from an old archive (`source_name` says which file those came from)."""
    item = (
        RescueItem.objects.filter(work=work, kind=ItemKind.WORK, status=ItemStatus.IMPORTED)
        .select_related("archive")
        .order_by("id")
        .first()
    )
    if item is None:
        return {"archive": None, "old_id": None, "old_url": None}
    old_id = int(item.old_id) if item.old_id.isdigit() else item.old_id
    return {"archive": item.archive.name, "old_id": old_id, "old_url": work.source_name or None}
