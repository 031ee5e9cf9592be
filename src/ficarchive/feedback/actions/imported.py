"""Comments carried over from an old archive (its reviews): written as they were, told to nobody."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from ficarchive.feedback.models import Comment, CommentStatus
from ficarchive.sanitize.html import comment_html_clean
from ficarchive.works.models import Chapter, Creator, Work

GUEST_NAME_MAX = Comment._meta.get_field("guest_name").max_length


@transaction.atomic
def do_comment_import(
    *,
    work: Work,
    body: str,
    created_at: datetime | None,
    chapter: Chapter | None = None,
    parent: Comment | None = None,
    pseud: Creator | None = None,
    guest_name: str = "",
    comment: Comment | None = None,
) -> Comment:
    """Store an old archive's review as a published comment, or bring `comment` (one stored by
    an earlier run) up to date. Nothing is checked or sent: the review was posted and read
    long ago. Its date is kept; a guest keeps the name they signed with, never an address.
    Call `work_comments_count_refresh` once the work's comments are all written.
    """
    comment = comment or Comment(work=work)
    comment.work = work
    comment.chapter = chapter
    comment.parent = parent
    comment.depth = (parent.depth + 1) if parent else 0
    comment.pseud = pseud
    comment.guest_name = "" if pseud else (guest_name.strip() or "Anonymous")[:GUEST_NAME_MAX]
    comment.guest_email = ""
    comment.body_html = comment_html_clean(body)
    comment.status = CommentStatus.PUBLISHED
    comment.full_clean()
    comment.save()
    if created_at is not None:
        Comment.objects.filter(pk=comment.pk).update(created_at=created_at)
        comment.created_at = created_at
    return comment
