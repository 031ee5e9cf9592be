"""Reads that need permission. Every page, feed, API and download asks these which works it may show."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from ficarchive.works.models import TagType, Work
from ficarchive.works.readers import Reader
from ficarchive.works.services.work_write import WorkInput


def work_visibility_q(user: Reader | None) -> Q:
    """The works `user` may see: posted, not hidden by staff, not held for the author's
    permission, not restricted for anonymous readers.

    A work's own creators, and the archivist who brought it in for its author, see it in any
    state (a draft, hidden, held for permission); staff see everything.
    """
    if user is not None and user.is_authenticated and user.is_staff:
        return Q()
    public = Q(draft=False, hidden_by_staff=False, permission_held=False)
    if user is None or not user.is_authenticated:
        return public & Q(restricted=False)
    return public | Q(creators__user=user) | Q(archived_by=user)


def work_list_visible(*, user: Reader) -> QuerySet[Work]:
    """All works `user` may see (distinct, unordered beyond the model's default)."""
    return Work.objects.filter(work_visibility_q(user)).distinct()


def work_get_for_reader(*, user: Reader, work_id: int) -> Work:
    """The work if `user` may read it; Http404 otherwise (never reveals that it exists)."""
    work = work_list_visible(user=user).filter(pk=work_id).first()
    if work is None:
        raise Http404("No such work.")
    return work


class NotACreator(PermissionDenied):
    """The reader may see the work but is not one of its creators (HTTP 403)."""


def user_is_work_creator(*, user: Reader | None, work: Work) -> bool:
    """True when `user` owns one of the work's pseuds."""
    if user is None or not user.is_authenticated:
        return False
    return work.creators.filter(user=user).exists()


def access_work_as_creator(*, user: Reader, work_id: int) -> Work:
    """The work if `user` is one of its creators (staff too); Http404 if they may not see it,
    NotACreator if they may see it but it is not theirs."""
    work = work_get_for_reader(user=user, work_id=work_id)
    if not (
        user.is_authenticated and (user.is_staff or user_is_work_creator(user=user, work=work))
    ):
        raise NotACreator("Only the work's creators may do this.")
    return work


def work_input_for_edit(work: Work) -> WorkInput:
    """What `work` says about itself, as the work form and the one write path take it."""
    tags = list(work.tags.all())

    def of(tag_type: str) -> list[str]:
        return [t.name for t in tags if t.type == tag_type]

    part = work.series_parts.select_related("series").first()
    return WorkInput(
        title=work.title,
        pseuds=list(work.creators.order_by("authorship__position")),
        rating=(of(TagType.RATING) or ["Not Rated"])[0],
        warnings=of(TagType.WARNING),
        categories=of(TagType.CATEGORY),
        fandoms=of(TagType.FANDOM),
        relationships=of(TagType.RELATIONSHIP),
        characters=of(TagType.CHARACTER),
        freeform=of(TagType.FREEFORM),
        summary=work.summary,
        notes=work.notes,
        end_notes=work.end_notes,
        disclaimer=work.disclaimer,
        spoilers=work.spoilers,
        distribution_text=work.distribution_text,
        distribution_archives=list(work.distribution_archives or []),
        distribution_permission=work.distribution_permission,
        feedback_text=work.feedback_text,
        feedback_wanted=work.feedback_wanted,
        songs=list(work.songs or []),
        extra_fields=dict(work.extra_fields or {}),
        series_title=part.series.title if part else "",
        series_part=part.position if part else None,
        language=work.language,
        restricted=work.restricted,
        expected_chapters=work.expected_chapters,
    )
