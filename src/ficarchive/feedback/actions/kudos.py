"""Kudos and hits: counted once per account or per hashed address (per day, for hits)."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ficarchive.feedback.actions import FeedbackDenied
from ficarchive.feedback.models import Hit, Kudos
from ficarchive.site.database_errors import error_is_disk_full
from ficarchive.site.plain_reads import row_exists
from ficarchive.works.models import Work
from ficarchive.works.readers import Reader
from ficarchive.works.selectors import user_is_work_creator
from ficarchive.works.signals import work_counts_changed


def check_kudos_give(*, user: Reader, work: Work) -> None:
    """Authors do not leave kudos on their own works."""
    if user_is_work_creator(user=user, work=work):
        raise FeedbackDenied("You cannot leave kudos on your own work.")


def do_kudos_give(*, user: Reader, work: Work, guest_hash: str) -> bool:
    """Leave kudos once; returns False when this account or guest already did."""
    try:
        with transaction.atomic():
            if user.is_authenticated:
                Kudos.objects.create(work=work, user=user)
            else:
                Kudos.objects.create(work=work, guest_hash=guest_hash)
            # Under the work's row lock, concurrent kudos on PostgreSQL count one after another.
            list(Work.objects.select_for_update().filter(pk=work.pk).values_list("pk", flat=True))
            Work.objects.filter(pk=work.pk).update(
                kudos_count=Kudos.objects.filter(work=work).count()
            )
            work_counts_changed.send(sender=Work, work_id=work.pk)
    except IntegrityError:
        return False
    return True


def kudos_given(*, user: Reader, work: Work, guest_hash: str) -> bool:
    """True when this account (or guest) already left kudos on the work."""
    if work.kudos_count == 0:
        # Kudos are only added with the count, in one transaction (do_kudos_give): none here.
        return False
    if user.is_authenticated:
        return row_exists(Kudos, work_id=work.pk, user_id=user.pk)
    return row_exists(Kudos, work_id=work.pk, user_id=None, guest_hash=guest_hash)


def hit_register(*, work: Work, visitor: str) -> bool:
    """Count one hit per visitor per day; returns True when this visit counted."""
    today = timezone.now().date()
    # Repeat visits only read: on SQLite every write transaction takes the database's write lock.
    if row_exists(Hit, work_id=work.pk, visitor_hash=visitor, day=today):
        return False
    try:
        with transaction.atomic():
            Hit.objects.create(work=work, visitor_hash=visitor, day=today)
            Work.objects.filter(pk=work.pk).update(hits=F("hits") + 1)
            if random.random() < 0.001:
                # Only today's rows decide uniqueness; older ones are swept now and then.
                Hit.objects.filter(day__lt=today - timedelta(days=1)).delete()
    except IntegrityError:
        return False
    except DatabaseError as exc:
        if error_is_disk_full(exc):
            return False  # a full disk must not stop anyone reading: the hit goes uncounted
        raise
    return True
