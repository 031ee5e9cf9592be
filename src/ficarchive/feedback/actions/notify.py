"""Inbox items and emails for subscribers, authors and the people replied to."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q

from ficarchive.feedback.models import (
    Comment,
    InboxItem,
    InboxKind,
    Subscription,
    UserMute,
)
from ficarchive.works.models import Chapter, Work
from ficarchive.works.readers import Member


def _deliver(*, user_ids: set[int], kind: str, work: Work, text: str, chapter=None, comment=None):
    """One inbox item per user, and an email after the transaction commits to those with one."""
    from django.contrib.auth import get_user_model

    if not user_ids:
        return
    InboxItem.objects.bulk_create(
        [
            InboxItem(
                user_id=uid, kind=kind, work=work, chapter=chapter, comment=comment, text=text[:500]
            )
            for uid in sorted(user_ids)
        ]
    )
    emails = list(
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if emails:
        url = (comment or chapter or work).get_absolute_url()

        def send() -> None:
            for email in emails:
                send_mail(
                    f"[ficarchive] {text}"[:200],
                    f"{text}\n\n{url}\n",
                    settings.DEFAULT_FROM_EMAIL,
                    [email],
                    fail_silently=True,
                )

        transaction.on_commit(send)


def _visible_to(user_ids: set[int], work: Work) -> set[int]:
    """Drop users who may not read the work (drafts, hidden and held works notify nobody)."""
    if work.draft or work.hidden_by_staff or work.permission_held:
        return set()
    return user_ids


def _work_subscriber_ids(work: Work) -> set[int]:
    series_ids = list(work.series_parts.values_list("series_id", flat=True))
    creator_ids = list(work.creators.values_list("pk", flat=True))
    ids = Subscription.objects.filter(
        Q(work=work) | Q(series_id__in=series_ids) | Q(creator_id__in=creator_ids)
    ).values_list("user_id", flat=True)
    own = set(work.creators.exclude(user=None).values_list("user_id", flat=True))
    return set(ids) - own


def notify_new_chapter(chapter: Chapter) -> None:
    """Tell subscribers of the work, its series and its creators about a newly posted chapter."""
    work = chapter.work
    text = f"New chapter in “{work.title}”: {chapter}"
    _deliver(
        user_ids=_visible_to(_work_subscriber_ids(work), work),
        kind=InboxKind.CHAPTER,
        work=work,
        chapter=chapter,
        text=text,
    )


def notify_new_work(work: Work) -> None:
    """Tell subscribers of the work's series and creators about a newly posted work."""
    series_ids = list(work.series_parts.values_list("series_id", flat=True))
    creator_ids = list(work.creators.values_list("pk", flat=True))
    ids = set(
        Subscription.objects.filter(
            Q(series_id__in=series_ids) | Q(creator_id__in=creator_ids)
        ).values_list("user_id", flat=True)
    )
    ids -= set(work.creators.exclude(user=None).values_list("user_id", flat=True))
    _deliver(
        user_ids=_visible_to(ids, work),
        kind=InboxKind.WORK,
        work=work,
        text=f"New work: {work.title}",
    )


def notify_comment(comment: Comment) -> None:
    """Tell the work's creators about a published comment, and the author of the comment
    replied to that it is a reply to theirs (one item each, never to the commenter)."""
    work = comment.work
    creators = set(work.creators.exclude(user=None).values_list("user_id", flat=True))
    replied = (
        comment.parent.user_id if comment.parent is not None and comment.parent.user_id else None
    )
    skip = _not_told_of(comment)
    title = f"“{work.title}”"
    if replied is not None and replied not in skip:
        _deliver(
            user_ids={replied},
            kind=InboxKind.REPLY,
            work=work,
            comment=comment,
            text=f"{comment.author_name} replied to your comment on {title}",
        )
    _deliver(
        user_ids=creators - skip - {replied},
        kind=InboxKind.COMMENT,
        work=work,
        comment=comment,
        text=f"{comment.author_name} commented on {title}",
    )


def notify_comment_pending(comment: Comment) -> None:
    """Tell the work's creators that a comment waits for their approval."""
    work = comment.work
    creators = set(work.creators.exclude(user=None).values_list("user_id", flat=True))
    _deliver(
        user_ids=creators - _not_told_of(comment),
        kind=InboxKind.MODERATION,
        work=work,
        comment=comment,
        text=f"A comment by {comment.author_name} on “{work.title}” waits for your approval",
    )


def _not_told_of(comment: Comment) -> set[int]:
    """The commenter, and those who muted them."""
    if not comment.user_id:
        return set()
    muting = UserMute.objects.filter(muted_id=comment.user_id).values_list("muter_id", flat=True)
    return {comment.user_id, *muting}


def do_inbox_read_all(*, user: Member) -> None:
    """Mark every unread item in the user's inbox read."""
    InboxItem.objects.filter(user=user, read=False).update(read=True)
