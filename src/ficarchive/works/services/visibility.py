"""Staff decisions about who may see a work."""

from __future__ import annotations

from django.db import transaction

from ficarchive.works.models import Work


@transaction.atomic
def work_hidden_set(*, work: Work, hidden: bool) -> Work:
    """Hide a work from every reader but its creators and the staff, or show it again."""
    work.hidden_by_staff = hidden
    work.save(update_fields=["hidden_by_staff", "modified_at"])
    return work
