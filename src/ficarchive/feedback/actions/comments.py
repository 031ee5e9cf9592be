"""Comments: add, edit, delete, moderate, and the per-work comment settings."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from ficarchive.feedback.actions import FeedbackDenied, FeedbackInvalid
from ficarchive.feedback.actions.notify import notify_comment, notify_comment_pending
from ficarchive.feedback.models import (
    Comment,
    CommentPolicy,
    CommentStatus,
    UserBlock,
    WorkFeedbackSettings,
)
from ficarchive.sanitize.html import comment_html_clean, html_to_text
from ficarchive.site.plain_reads import rows_values
from ficarchive.works.models import Chapter, Creator, Work
from ficarchive.works.readers import Member, Reader
from ficarchive.works.selectors import user_is_work_creator
from ficarchive.works.signals import work_counts_changed

MAX_COMMENT_CHARS = 10_000


@dataclass(frozen=True)
class CommentRules:
    policy: str
    moderated: bool


def comment_rules_for(work: Work) -> CommentRules:
    """Who may comment on `work` and whether comments wait for approval.

    Without the author's explicit choice, the legacy feedback wish decides: "feedback wanted: no"
    closes comments; otherwise logged-in users may comment.
    """
    chosen = rows_values(WorkFeedbackSettings, ("comment_policy", "moderated"), work_id=work.pk)
    if chosen:
        policy, moderated = chosen[0]
        return CommentRules(policy, bool(moderated))
    if work.feedback_wanted is False:
        return CommentRules(CommentPolicy.CLOSED, False)
    return CommentRules(CommentPolicy.USERS, False)


@dataclass(frozen=True)
class CommentDraft:
    work: Work
    chapter: Chapter | None
    parent: Comment | None
    pseud: Creator | None
    body_html: str
    guest_name: str
    guest_email: str
    status: str


def _blocked_by_any(*, user: Reader, owner_ids: set[int]) -> bool:
    return UserBlock.objects.filter(blocker_id__in=owner_ids, blocked_id=user.pk).exists()


def _check_member(*, user: Member, work: Work, pseud_id: int | None) -> Creator | None:
    """The pseud a member comments under; refused when it is not theirs or a creator blocked them."""
    if pseud_id:
        pseud = Creator.objects.filter(pk=pseud_id, user=user).first()
        if pseud is None:
            raise FeedbackDenied("That pseud is not yours.")
    else:
        pseud = Creator.objects.filter(user=user).order_by("id").first()
    owner_ids = set(work.creators.exclude(user=None).values_list("user_id", flat=True))
    if _blocked_by_any(user=user, owner_ids=owner_ids):
        raise FeedbackDenied("You cannot comment here.")
    return pseud


def _check_guest(*, rules, guest_name: str, guest_email: str) -> tuple[str, str]:
    """A guest's name and email, stripped; refused where guests may not comment."""
    if rules.policy != CommentPolicy.ANYONE:
        raise FeedbackDenied("Log in to comment on this work.")
    guest_name = guest_name.strip()
    guest_email = guest_email.strip()
    if not guest_name or not guest_email or "@" not in guest_email:
        raise FeedbackInvalid("Guests give a name and an email address.")
    if len(guest_name) > 100 or len(guest_email) > 254:
        raise FeedbackInvalid("Name or email too long.")
    return guest_name, guest_email


def _check_body(body: str) -> str:
    """The comment's sanitized HTML; refused when empty or too long."""
    body = (body or "").strip()
    if not body:
        raise FeedbackInvalid("The comment is empty.")
    if len(body) > MAX_COMMENT_CHARS:
        raise FeedbackInvalid(f"Comments are limited to {MAX_COMMENT_CHARS} characters.")
    body_html = comment_html_clean(body)
    if not html_to_text(body_html):
        raise FeedbackInvalid("The comment is empty.")
    return body_html


def _check_place(
    *, user: Reader, work: Work, chapter_id: int | None, parent_id: int | None, is_creator: bool
) -> tuple[Chapter | None, Comment | None]:
    """The chapter and the parent comment a comment answers; a reply takes its parent's chapter."""
    chapter = None
    if chapter_id:
        chapter = Chapter.objects.filter(pk=chapter_id, work=work).first()
        if chapter is None or (chapter.draft and not is_creator):
            raise FeedbackInvalid("No such chapter in this work.")
    if not parent_id:
        return chapter, None
    parent = Comment.objects.filter(pk=parent_id, work=work).first()
    if parent is None or parent.deleted or parent.status != CommentStatus.PUBLISHED:
        raise FeedbackInvalid("You cannot reply to that comment.")
    if (
        user.is_authenticated
        and parent.user_id
        and _blocked_by_any(user=user, owner_ids={parent.user_id})
    ):
        raise FeedbackDenied("You cannot reply to this comment.")
    return parent.chapter, parent


def check_comment_add(
    *,
    user: Reader,
    work: Work,
    body: str,
    chapter_id: int | None = None,
    parent_id: int | None = None,
    pseud_id: int | None = None,
    guest_name: str = "",
    guest_email: str = "",
) -> CommentDraft:
    """Validate and authorize a new comment on a work the user may already read."""
    rules = comment_rules_for(work)
    is_creator = user_is_work_creator(user=user, work=work)
    if rules.policy == CommentPolicy.CLOSED and not is_creator:
        raise FeedbackDenied("Comments are closed on this work.")
    pseud = None
    if not isinstance(user, AnonymousUser):  # a member (is_authenticated, said so for mypy)
        pseud = _check_member(user=user, work=work, pseud_id=pseud_id)
        guest_name = guest_email = ""
    else:
        guest_name, guest_email = _check_guest(
            rules=rules, guest_name=guest_name, guest_email=guest_email
        )
    body_html = _check_body(body)
    chapter, parent = _check_place(
        user=user, work=work, chapter_id=chapter_id, parent_id=parent_id, is_creator=is_creator
    )
    status = (
        CommentStatus.PENDING if rules.moderated and not is_creator else CommentStatus.PUBLISHED
    )
    return CommentDraft(
        work=work,
        chapter=chapter,
        parent=parent,
        pseud=pseud,
        body_html=body_html,
        guest_name=guest_name,
        guest_email=guest_email,
        status=status,
    )


def work_comments_count_refresh(*, work_id: int) -> None:
    """Recount a work's visible comments (a recount never drifts, unlike increments).

    Call inside the writing transaction. The work's row lock makes concurrent writers on
    PostgreSQL count one after the other, each seeing the rows committed before it.
    """
    list(Work.objects.select_for_update().filter(pk=work_id).values_list("pk", flat=True))
    count = Comment.objects.filter(
        work_id=work_id, status=CommentStatus.PUBLISHED, deleted=False
    ).count()
    Work.objects.filter(pk=work_id).update(comments_count=count)
    work_counts_changed.send(sender=Work, work_id=work_id)


def do_comment_add(*, user: Reader, draft: CommentDraft) -> Comment:
    """Store a checked comment, update the work's count and tell whoever should know."""
    with transaction.atomic():
        comment = Comment(
            work=draft.work,
            chapter=draft.chapter,
            parent=draft.parent,
            depth=(draft.parent.depth + 1) if draft.parent else 0,
            user=user if user.is_authenticated else None,
            pseud=draft.pseud,
            guest_name=draft.guest_name,
            guest_email=draft.guest_email,
            body_html=draft.body_html,
            status=draft.status,
        )
        comment.full_clean()
        comment.save()
        work_comments_count_refresh(work_id=draft.work.pk)
        if comment.status == CommentStatus.PUBLISHED:
            notify_comment(comment)
        else:
            notify_comment_pending(comment)
    return comment


def check_comment_edit(*, comment: Comment, body: str) -> str:
    """Validate an edit; returns the sanitized HTML."""
    body = (body or "").strip()
    if not body or len(body) > MAX_COMMENT_CHARS:
        raise FeedbackInvalid("A comment has between 1 and 10000 characters.")
    body_html = comment_html_clean(body)
    if not html_to_text(body_html):
        raise FeedbackInvalid("The comment is empty.")
    return body_html


def do_comment_edit(*, comment: Comment, body_html: str) -> Comment:
    """Replace a comment's text and mark it edited."""
    with transaction.atomic():
        comment.body_html = body_html
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body_html", "edited_at"])
    return comment


def do_comment_delete(*, comment: Comment) -> None:
    """Delete a comment; one with replies stays as a placeholder so its thread still reads."""
    with transaction.atomic():
        work_id = comment.work_id
        if comment.replies.exists():
            comment.deleted = True
            comment.body_html = ""
            comment.guest_email = ""
            comment.save(update_fields=["deleted", "body_html", "guest_email"])
        else:
            comment.delete()
        work_comments_count_refresh(work_id=work_id)


def do_comment_moderate(*, comment: Comment, approve: bool) -> Comment:
    """Approve (publish and notify) or reject a comment waiting for approval."""
    with transaction.atomic():
        was_published = comment.status == CommentStatus.PUBLISHED
        comment.status = CommentStatus.PUBLISHED if approve else CommentStatus.REJECTED
        comment.save(update_fields=["status"])
        work_comments_count_refresh(work_id=comment.work_id)
        if approve and not was_published:
            notify_comment(comment)
    return comment


def check_comment_settings(*, policy: str, moderated: bool) -> CommentRules:
    """Validate an author's comment settings."""
    if policy not in CommentPolicy.values:
        raise FeedbackInvalid("Unknown comment policy.")
    return CommentRules(policy, bool(moderated))


def do_comment_settings_set(*, work: Work, rules: CommentRules) -> WorkFeedbackSettings:
    """Store the author's choice of who may comment and whether comments are moderated."""
    with transaction.atomic():
        row, _ = WorkFeedbackSettings.objects.update_or_create(
            work=work, defaults={"comment_policy": rules.policy, "moderated": rules.moderated}
        )
    return row
