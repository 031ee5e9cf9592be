"""Reads for feedback pages: comment threads as a reader sees them, bookmarks, inbox."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from ficarchive.feedback.models import (
    Bookmark,
    Comment,
    CommentStatus,
    InboxItem,
    Subscription,
    UserMute,
)
from ficarchive.reading.selectors import series_readable_among, works_readable_among
from ficarchive.site.plain_reads import row_exists
from ficarchive.works.models import Chapter, Work
from ficarchive.works.readers import Member, Reader
from ficarchive.works.selectors import user_is_work_creator


@dataclass
class CommentNode:
    comment: Comment
    depth: int
    muted: bool = False
    can_delete: bool = False
    can_edit: bool = False
    children: list[CommentNode] = field(default_factory=list)

    @property
    def indent(self) -> int:
        """Indentation in em, capped so deep threads stay readable."""
        return min(self.depth, 8) * 2


def comment_thread_for_reader(
    *, user: Reader, work: Work, chapter: Chapter | None = None
) -> list[CommentNode]:
    """The work's (or chapter's) comments in thread order, as `user` may see them.

    Pending comments show only to their author and the work's creators; deleted comments stay as
    placeholders only while they have visible replies; muted users' comments are marked muted.
    """
    if not row_exists(Comment, work_id=work.pk):
        return []  # most works have no comments: one plain read, no thread to build
    is_creator = user_is_work_creator(user=user, work=work)
    visible = Q(status=CommentStatus.PUBLISHED)
    if is_creator or (user.is_authenticated and user.is_staff):
        visible |= Q(status=CommentStatus.PENDING)
    elif user.is_authenticated:
        visible |= Q(status=CommentStatus.PENDING, user=user)
    comments = (
        Comment.objects.filter(work=work).filter(visible).select_related("pseud", "user", "chapter")
    )
    if chapter is not None:
        # A chapter page shows its own comments and those on the work as a whole.
        comments = comments.filter(Q(chapter=chapter) | Q(chapter__isnull=True))
    muted_ids: set[int] = set()
    if user.is_authenticated:
        muted_ids = set(UserMute.objects.filter(muter=user).values_list("muted_id", flat=True))
    nodes = {
        c.pk: CommentNode(
            comment=c,
            depth=0,
            muted=c.user_id in muted_ids,
            can_delete=user.is_authenticated
            and (c.user_id == user.pk or is_creator or user.is_staff),
            can_edit=user.is_authenticated and c.user_id == user.pk and not c.deleted,
        )
        for c in comments
    }
    roots: list[CommentNode] = []
    for node in nodes.values():
        parent = nodes.get(node.comment.parent_id) if node.comment.parent_id else None
        (parent.children if parent else roots).append(node)

    flat: list[CommentNode] = []

    def walk(node: CommentNode, depth: int) -> bool:
        node.depth = depth
        start = len(flat)
        flat.append(node)
        shown_children = [walk(child, depth + 1) for child in node.children]
        if node.comment.deleted and not any(shown_children):
            del flat[start:]
            return False
        return True

    for root in roots:
        walk(root, 0)
    return flat


def comments_pending_for_work(*, work: Work) -> QuerySet[Comment]:
    """Comments waiting for the author's approval, oldest first."""
    return Comment.objects.filter(work=work, status=CommentStatus.PENDING).select_related(
        "pseud", "user", "chapter"
    )


def comments_pending_for_creator(*, user: Reader) -> QuerySet[Comment]:
    """Comments waiting for `user`'s approval on any of their works, oldest first."""
    if not user.is_authenticated:
        return Comment.objects.none()
    return (
        Comment.objects.filter(status=CommentStatus.PENDING, work__creators__user=user)
        .select_related("pseud", "user", "chapter", "work")
        .distinct()
    )


def _readable(rows: QuerySet, *, reader: Reader) -> QuerySet:
    """`rows` (one user's bookmarks or inbox items) limited to those about works `reader` may
    read: which works those are comes from the search index, for the few works the rows name,
    so the database is never asked for every work the reader may see."""
    named = list(rows.order_by().values_list("work_id", flat=True).distinct())
    return rows.filter(work_id__in=works_readable_among(user=reader, work_ids=named))


def bookmark_list_for_owner(*, user: Member) -> QuerySet[Bookmark]:
    """The user's own bookmarks (private ones included) of works they may still read."""
    mine = Bookmark.objects.filter(user=user)
    return _readable(mine, reader=user).select_related("work")


def bookmark_of(*, user: Member, work: Work) -> Bookmark | None:
    """The user's bookmark of `work`, if they made one."""
    return Bookmark.objects.filter(user=user, work=work).first()


def chapter_posted_of(*, work: Work, chapter_id: int) -> Chapter | None:
    """`work`'s posted chapter `chapter_id` (None for another work's chapter or a draft)."""
    return Chapter.objects.filter(pk=chapter_id, work=work, draft=False).first()


def subscriptions_readable(*, user: Member) -> list[Subscription]:
    """The user's subscriptions, less those to works or series they may no longer read (which
    those are comes from the search index, for the few they follow: never a pass over every
    work they may see)."""
    subscriptions = list(
        Subscription.objects.filter(user=user).select_related("work", "series", "creator")
    )
    works = works_readable_among(
        user=user, work_ids=[s.work_id for s in subscriptions if s.work_id]
    )
    series = series_readable_among(
        user=user, series_ids=[s.series_id for s in subscriptions if s.series_id]
    )
    return [
        s
        for s in subscriptions
        if (s.work_id is None or s.work_id in works)
        and (s.series_id is None or s.series_id in series)
    ]


def bookmark_list_public(*, owner: Member, viewer: Reader) -> QuerySet[Bookmark]:
    """Another user's public bookmarks, only of works the viewer may read."""
    shared = Bookmark.objects.filter(user=owner, private=False)
    return _readable(shared, reader=viewer).select_related("work")


def inbox_for_user(*, user: Member) -> QuerySet[InboxItem]:
    """The user's inbox, newest first, limited to works they may still read."""
    return _readable(InboxItem.objects.filter(user=user), reader=user).select_related(
        "work", "chapter", "comment", "comment__pseud"
    )


def inbox_unread_count(*, user: Member) -> int:
    """How many of the user's inbox items are unread (those about works they may still read).
    Shown on every page a member opens: one read of their unread items, no COUNT."""
    unread = list(
        InboxItem.objects.filter(user=user, read=False).order_by().values_list("work_id", flat=True)
    )
    if not unread:
        return 0
    readable = works_readable_among(user=user, work_ids=sorted(set(unread)))
    return sum(1 for work_id in unread if work_id in readable)
