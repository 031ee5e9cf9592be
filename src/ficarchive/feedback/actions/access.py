"""Fetches named for the permission they check."""

from __future__ import annotations

from django.http import Http404

from ficarchive.feedback.actions import FeedbackDenied
from ficarchive.feedback.models import Comment
from ficarchive.works.models import Work
from ficarchive.works.readers import Reader
from ficarchive.works.selectors import user_is_work_creator, work_get_for_reader


def access_work(*, user: Reader, work_id: int) -> Work:
    """The work if `user` may read it; Http404 otherwise (restricted, hidden, drafts never leak)."""
    return work_get_for_reader(user=user, work_id=work_id)


def access_comment(*, user: Reader, comment_id: int) -> Comment:
    """The comment if `user` may see its work; 404 otherwise."""
    comment = Comment.objects.filter(pk=comment_id).select_related("work").first()
    if comment is None:
        raise Http404("No such comment.")
    access_work(user=user, work_id=comment.work_id)
    return comment


def access_comment_for_delete(*, user: Reader, comment_id: int) -> Comment:
    """The comment if `user` wrote it, owns the work it is on, or is staff."""
    comment = access_comment(user=user, comment_id=comment_id)
    if not user.is_authenticated:
        raise FeedbackDenied("Log in to delete comments.")
    if comment.user_id == user.pk or user.is_staff:
        return comment
    if user_is_work_creator(user=user, work=comment.work):
        return comment
    raise FeedbackDenied("Only the comment's author or the work's creators may delete it.")


def access_comment_for_edit(*, user: Reader, comment_id: int) -> Comment:
    """The comment if `user` wrote it (and it is not deleted)."""
    comment = access_comment(user=user, comment_id=comment_id)
    if not user.is_authenticated or comment.user_id != user.pk or comment.deleted:
        raise FeedbackDenied("Only the comment's author may edit it.")
    return comment
