"""Template tags the work page uses through `feedback/_work_feedback.html`."""

from __future__ import annotations

from django import template

from ficarchive.feedback.actions.comments import comment_rules_for
from ficarchive.feedback.actions.kudos import hit_register, kudos_given
from ficarchive.feedback.models import Bookmark, CommentPolicy, Subscription
from ficarchive.feedback.selectors import comment_thread_for_reader, comments_pending_for_work
from ficarchive.site.visitors import address_hash, visitor_hash
from ficarchive.works.models import Creator
from ficarchive.works.selectors import user_is_work_creator

register = template.Library()


@register.simple_tag(takes_context=True)
def work_hit_register(context, work) -> str:
    """Count this page view as a hit (once per visitor per day); renders nothing."""
    request = context.get("request")
    if request is not None and work is not None and request.method == "GET":
        hit_register(work=work, visitor=visitor_hash(request))
    return ""


@register.simple_tag(takes_context=True)
def work_feedback_data(context, work, chapter=None) -> dict:
    """What the feedback section needs: the thread, kudos state and who may comment."""
    request = context["request"]
    user = request.user
    rules = comment_rules_for(work)
    is_creator = user_is_work_creator(user=user, work=work)
    if rules.policy == CommentPolicy.CLOSED and not is_creator:
        can_comment, why_not = False, "Comments are closed on this work."
    elif rules.policy == CommentPolicy.USERS and not user.is_authenticated:
        can_comment, why_not = False, "Log in to comment on this work."
    else:
        can_comment, why_not = True, ""
    return {
        "thread": comment_thread_for_reader(user=user, work=work, chapter=chapter),
        "kudos_given": kudos_given(user=user, work=work, guest_hash=address_hash(request)),
        "is_creator": is_creator,
        "can_comment": can_comment,
        "why_not": why_not,
        "guest_form": not user.is_authenticated,
        "moderated": rules.moderated,
        "pseuds": list(Creator.objects.filter(user=user)) if user.is_authenticated else [],
        "bookmarked": user.is_authenticated
        and Bookmark.objects.filter(user=user, work=work).exists(),
        "subscription": Subscription.objects.filter(user=user, work=work).first()
        if user.is_authenticated
        else None,
        "pending_count": comments_pending_for_work(work=work).count() if is_creator else 0,
        "reply_to": context.get("comment_parent") or _reply_to(request),
        # A comment that could not be posted comes back to its form with its message.
        "error": context.get("comment_error", ""),
        "error_for": context.get("comment_parent") or 0,
        "typed": context.get("comment_body", ""),
    }


def _reply_to(request) -> int | None:
    """The comment whose reply form is open (`?reply=ID`, so replies work without script)."""
    value = request.GET.get("reply", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None
