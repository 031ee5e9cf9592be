"""Comments, kudos, hits, bookmarks, subscriptions, inbox, blocks, mutes, abuse reports, throttles."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from ficarchive.works.models import Chapter, Creator, Series, Work


class CommentPolicy(models.TextChoices):
    ANYONE = "anyone", "Anyone, guests included"
    USERS = "users", "Logged-in users only"
    CLOSED = "closed", "Nobody (comments closed)"


class WorkFeedbackSettings(models.Model):
    """An author's choices for a work's comments. Without a row, `feedback_wanted` decides."""

    work = models.OneToOneField(Work, on_delete=models.CASCADE, related_name="feedback_settings")
    comment_policy = models.CharField(max_length=10, choices=CommentPolicy.choices)
    moderated = models.BooleanField(default=False, help_text="Comments wait for approval.")

    def __str__(self) -> str:
        return f"{self.work_id}: {self.comment_policy}"


class CommentStatus(models.TextChoices):
    PUBLISHED = "published", "Published"
    PENDING = "pending", "Awaiting approval"
    REJECTED = "rejected", "Rejected"


class Comment(models.Model):
    """A comment on a work or one of its chapters; `parent` makes threads (any depth, like AO3)."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="comments")
    chapter = models.ForeignKey(
        Chapter, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    depth = models.PositiveIntegerField(default=0)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    pseud = models.ForeignKey(
        Creator, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    # Guests give a name and an email; the email is never shown.
    guest_name = models.CharField(max_length=100, blank=True)
    guest_email = models.EmailField(blank=True)
    body_html = models.TextField(help_text="Sanitized with nh3.")
    status = models.CharField(
        max_length=10, choices=CommentStatus.choices, default=CommentStatus.PUBLISHED
    )
    # A deleted comment with replies stays as a placeholder so the thread keeps its shape.
    deleted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["work", "status"])]

    def __str__(self) -> str:
        return f"comment {self.pk} on work {self.work_id}"

    def get_absolute_url(self) -> str:
        return reverse("reading:work", args=[self.work_id]) + f"#comment-{self.pk}"

    @property
    def author_name(self) -> str:
        if self.pseud is not None:
            return self.pseud.name
        if self.user is not None:
            return self.user.username
        return self.guest_name or "Anonymous"


class Kudos(models.Model):
    """One per account, or per guest identified by a salted hash of the address (never the raw IP)."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="kudos")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE
    )
    guest_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "kudos"
        constraints = [
            models.UniqueConstraint(
                fields=["work", "user"], condition=Q(user__isnull=False), name="kudos_once_per_user"
            ),
            models.UniqueConstraint(
                fields=["work", "guest_hash"],
                condition=Q(user__isnull=True),
                name="kudos_once_per_guest",
            ),
        ]

    def __str__(self) -> str:
        return f"kudos on {self.work_id}"


class Hit(models.Model):
    """One visitor (account or hashed address) reading one work on one day."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="hit_records")
    visitor_hash = models.CharField(max_length=64)
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["work", "visitor_hash", "day"], name="hit_once_a_day")
        ]

    def __str__(self) -> str:
        return f"hit on {self.work_id} on {self.day}"


class Bookmark(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks"
    )
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="bookmarks")
    notes_html = models.TextField(blank=True, help_text="Sanitized with nh3.")
    tags = models.JSONField(default=list, blank=True, help_text="The bookmarker's own tags.")
    private = models.BooleanField(default=False)
    for_later = models.BooleanField(default=False, help_text="Marked for later.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "work"], name="bookmark_once")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.work_id}"


class Subscription(models.Model):
    """A user following exactly one of: a work, a series, a creator (pseud)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions"
    )
    work = models.ForeignKey(Work, null=True, blank=True, on_delete=models.CASCADE)
    series = models.ForeignKey(Series, null=True, blank=True, on_delete=models.CASCADE)
    creator = models.ForeignKey(Creator, null=True, blank=True, on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(work__isnull=False, series__isnull=True, creator__isnull=True)
                    | Q(work__isnull=True, series__isnull=False, creator__isnull=True)
                    | Q(work__isnull=True, series__isnull=True, creator__isnull=False)
                ),
                name="subscription_one_target",
            ),
            models.UniqueConstraint(fields=["user", "work"], name="subscription_once_work"),
            models.UniqueConstraint(fields=["user", "series"], name="subscription_once_series"),
            models.UniqueConstraint(fields=["user", "creator"], name="subscription_once_creator"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.target}"

    @property
    def target(self):
        return self.work or self.series or self.creator


class InboxKind(models.TextChoices):
    CHAPTER = "chapter", "New chapter"
    WORK = "work", "New work"
    COMMENT = "comment", "New comment"
    REPLY = "reply", "Reply to your comment"
    MODERATION = "moderation", "Comment awaiting approval"


class InboxItem(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox"
    )
    kind = models.CharField(max_length=10, choices=InboxKind.choices)
    work = models.ForeignKey(Work, on_delete=models.CASCADE)
    chapter = models.ForeignKey(Chapter, null=True, blank=True, on_delete=models.CASCADE)
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE)
    text = models.CharField(max_length=500)
    read = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text

    @property
    def url(self) -> str:
        if self.kind == InboxKind.MODERATION:
            return reverse("feedback:moderation_queue") + f"#pending-{self.comment_id}"
        if self.comment is not None:
            return self.comment.get_absolute_url()
        if self.chapter is not None:
            return self.chapter.get_absolute_url()
        return self.work.get_absolute_url()


class UserBlock(models.Model):
    """`blocker` no longer receives comments or replies from `blocked`."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once")]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"


class UserMute(models.Model):
    """`muter` no longer sees comments by `muted`."""

    muter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mutes_made"
    )
    muted = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mutes_received"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["muter", "muted"], name="mute_once")]

    def __str__(self) -> str:
        return f"{self.muter_id} mutes {self.muted_id}"


class AbuseReport(models.Model):
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    email = models.EmailField(blank=True)
    url = models.CharField(max_length=500, help_text="The page reported.")
    work = models.ForeignKey(Work, null=True, blank=True, on_delete=models.SET_NULL)
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.SET_NULL)
    reason = models.TextField()
    resolved = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["resolved", "-created_at"]

    def __str__(self) -> str:
        return f"report {self.pk}: {self.url}"
