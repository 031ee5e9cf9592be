"""Reads that need permission. Every page, feed, API and download asks these which works it may show."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from ficarchive.works.models import Work


def work_visibility_q(user) -> Q:
    """The works `user` may see: posted, not hidden by staff, not held for the author's
    permission, not restricted for anonymous readers.

    A work's own creators see their drafts and hidden works; staff see everything.
    """
    if user is not None and user.is_authenticated and user.is_staff:
        return Q()
    public = Q(draft=False, hidden_by_staff=False, permission_held=False)
    if user is None or not user.is_authenticated:
        return public & Q(restricted=False)
    return public | Q(creators__user=user)


def work_list_visible(*, user) -> QuerySet[Work]:
    """All works `user` may see (distinct, unordered beyond the model's default)."""
    return Work.objects.filter(work_visibility_q(user)).distinct()


def work_get_for_reader(*, user, work_id: int) -> Work:
    """The work if `user` may read it; Http404 otherwise (never reveals that it exists)."""
    work = work_list_visible(user=user).filter(pk=work_id).first()
    if work is None:
        raise Http404("No such work.")
    return work
