"""The staff's moderation queue: comments awaiting approval, abuse reports, blocks."""

from django.contrib import admin

from ficarchive.feedback.actions.comments import do_comment_delete, do_comment_moderate
from ficarchive.feedback.models import (
    AbuseReport,
    Bookmark,
    Comment,
    CommentStatus,
    Subscription,
    UserBlock,
    UserMute,
)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["id", "work", "author_name", "status", "deleted", "created_at"]
    list_filter = ["status", "deleted"]
    search_fields = ["body_html", "guest_name", "user__username"]
    raw_id_fields = ["work", "chapter", "parent", "user", "pseud"]
    actions = ["approve", "reject", "delete_through_service"]

    @admin.action(description="Approve the selected comments")
    def approve(self, request, queryset):
        for comment in queryset.exclude(status=CommentStatus.PUBLISHED):
            do_comment_moderate(comment=comment, approve=True)

    @admin.action(description="Reject the selected comments")
    def reject(self, request, queryset):
        for comment in queryset:
            do_comment_moderate(comment=comment, approve=False)

    @admin.action(description="Delete the selected comments (keeps threads readable)")
    def delete_through_service(self, request, queryset):
        for comment in queryset:
            do_comment_delete(comment=comment)


@admin.register(AbuseReport)
class AbuseReportAdmin(admin.ModelAdmin):
    list_display = ["id", "url", "reporter", "resolved", "created_at"]
    list_filter = ["resolved"]
    raw_id_fields = ["reporter", "work", "comment"]
    actions = ["mark_resolved"]

    @admin.action(description="Mark the selected reports resolved")
    def mark_resolved(self, request, queryset):
        queryset.update(resolved=True)


admin.site.register(Bookmark, raw_id_fields=["user", "work"])
admin.site.register(Subscription, raw_id_fields=["user", "work", "series", "creator"])
admin.site.register(UserBlock, raw_id_fields=["blocker", "blocked"])
admin.site.register(UserMute, raw_id_fields=["muter", "muted"])
