"""Feedback views: parse the form, call one check and one do, redirect or render."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ficarchive.feedback.actions import FeedbackInvalid
from ficarchive.feedback.actions.access import (
    access_comment_for_delete,
    access_comment_for_edit,
    access_work,
)
from ficarchive.feedback.actions.bookmarks import (
    do_bookmark_delete,
    do_bookmark_save,
    do_subscribe,
    do_unsubscribe,
)
from ficarchive.feedback.actions.comments import (
    check_comment_add,
    check_comment_edit,
    check_comment_settings,
    comment_rules_for,
    do_comment_add,
    do_comment_delete,
    do_comment_edit,
    do_comment_moderate,
    do_comment_settings_set,
)
from ficarchive.feedback.actions.kudos import check_kudos_give, do_kudos_give
from ficarchive.feedback.actions.safety import (
    check_abuse_report,
    do_abuse_report,
    do_user_block,
    do_user_mute,
)
from ficarchive.feedback.models import Bookmark, CommentPolicy, InboxItem, Subscription
from ficarchive.feedback.selectors import (
    bookmark_list_for_owner,
    bookmark_list_public,
    comments_pending_for_work,
    inbox_for_user,
)
from ficarchive.sanitize.html import html_to_text
from ficarchive.site.throttles import throttle_allow, too_many_requests
from ficarchive.site.visitors import address_hash, visitor_hash
from ficarchive.works.models import Creator, Series, SeriesPart
from ficarchive.works.readers import MemberRequest
from ficarchive.works.selectors import access_work_as_creator, work_list_visible


def feedback_errors(view):
    """Turn denied and invalid actions into 403 and 400 answers."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:  # FeedbackDenied, or works' NotACreator
            return HttpResponseForbidden(str(exc))
        except FeedbackInvalid as exc:
            return HttpResponseBadRequest(str(exc))

    return wrapper


def _back(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


def _int_or_none(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        raise FeedbackInvalid("Bad number.") from None


@require_POST
@feedback_errors
def kudos_give(request: HttpRequest, work_id: int) -> HttpResponse:
    """Leave kudos (throttled); JSON for scripts that ask for it, else back to the page."""
    work = access_work(user=request.user, work_id=work_id)
    if not throttle_allow(scope="kudos", ident=visitor_hash(request)):
        return too_many_requests("kudos")
    check_kudos_give(user=request.user, work=work)
    given = do_kudos_give(user=request.user, work=work, guest_hash=address_hash(request))
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"created": given})
    messages.info(
        request, "Thank you for leaving kudos!" if given else "You already left kudos here."
    )
    return _back(request, work.get_absolute_url() + "#feedback")


@require_POST
@feedback_errors
def comment_add(request: HttpRequest, work_id: int) -> HttpResponse:
    """Post a comment or reply (throttled) on a work the user may read."""
    work = access_work(user=request.user, work_id=work_id)
    if not throttle_allow(scope="comment", ident=visitor_hash(request)):
        return too_many_requests("comment")
    draft = check_comment_add(
        user=request.user,
        work=work,
        body=request.POST.get("body", ""),
        chapter_id=_int_or_none(request.POST.get("chapter")),
        parent_id=_int_or_none(request.POST.get("parent")),
        pseud_id=_int_or_none(request.POST.get("pseud")),
        guest_name=request.POST.get("guest_name", ""),
        guest_email=request.POST.get("guest_email", ""),
    )
    comment = do_comment_add(user=request.user, draft=draft)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"id": comment.pk}, status=201)
    if comment.status != "published":
        messages.info(request, "Your comment is waiting for the author's approval.")
    target = request.POST.get("next") or work.get_absolute_url()
    return redirect(_safe(request, target) + f"#comment-{comment.pk}")


def _safe(request: HttpRequest, target: str) -> str:
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target.split("#")[0]
    return "/"


@login_required
@feedback_errors
def comment_edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Edit one's own comment."""
    comment = access_comment_for_edit(user=request.user, comment_id=comment_id)
    if request.method == "POST":
        body_html = check_comment_edit(comment=comment, body=request.POST.get("body", ""))
        do_comment_edit(comment=comment, body_html=body_html)
        return redirect(comment.get_absolute_url())
    return render(request, "feedback/comment_edit.html", {"comment": comment})


@require_POST
@login_required
@feedback_errors
def comment_delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Delete a comment: its author's, or any on the user's own work."""
    comment = access_comment_for_delete(user=request.user, comment_id=comment_id)
    work_url = comment.work.get_absolute_url()
    do_comment_delete(comment=comment)
    messages.info(request, "Comment deleted.")
    return _back(request, work_url + "#comments")


@login_required
@feedback_errors
def comments_moderate(request: HttpRequest, work_id: int) -> HttpResponse:
    """A work's comment settings and its queue of comments awaiting approval."""
    work = access_work_as_creator(user=request.user, work_id=work_id)
    if request.method == "POST":
        rules = check_comment_settings(
            policy=request.POST.get("comment_policy", ""),
            moderated=request.POST.get("moderated") == "on",
        )
        do_comment_settings_set(work=work, rules=rules)
        messages.info(request, "Comment settings saved.")
        return redirect("feedback:comments_moderate", work_id=work.pk)
    return render(
        request,
        "feedback/comments_moderate.html",
        {
            "work": work,
            "pending": comments_pending_for_work(work=work),
            "rules": comment_rules_for(work),
            "policies": CommentPolicy.choices,
        },
    )


@require_POST
@login_required
@feedback_errors
def comment_moderate(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Approve or reject a pending comment (work creators only)."""
    comment = access_comment_for_delete(user=request.user, comment_id=comment_id)
    access_work_as_creator(user=request.user, work_id=comment.work_id)
    approve = request.POST.get("decision") == "approve"
    do_comment_moderate(comment=comment, approve=approve)
    return redirect("feedback:comments_moderate", work_id=comment.work_id)


@login_required
@feedback_errors
def bookmark_edit(request: MemberRequest, work_id: int) -> HttpResponse:
    """Create, change or show the form for the user's bookmark of a work."""
    work = access_work(user=request.user, work_id=work_id)
    bookmark = Bookmark.objects.filter(user=request.user, work=work).first()
    if request.method == "POST":
        do_bookmark_save(
            user=request.user,
            work=work,
            notes=request.POST.get("notes", ""),
            tags=request.POST.get("tags", ""),
            private=request.POST.get("private") == "on",
            for_later=request.POST.get("for_later") == "on",
        )
        messages.info(request, "Bookmark saved.")
        return redirect("feedback:my_bookmarks")
    notes_text = html_to_text(bookmark.notes_html) if bookmark else ""
    return render(
        request,
        "feedback/bookmark_edit.html",
        {"work": work, "bookmark": bookmark, "notes_text": notes_text},
    )


@require_POST
@login_required
def bookmark_delete(request: HttpRequest, bookmark_id: int) -> HttpResponse:
    """Delete one of the user's bookmarks."""
    bookmark = get_object_or_404(Bookmark, pk=bookmark_id, user=request.user)
    do_bookmark_delete(bookmark=bookmark)
    return redirect("feedback:my_bookmarks")


@login_required
def my_bookmarks(request: MemberRequest) -> HttpResponse:
    """The user's own bookmarks, private ones included; `?later=1` for marked for later."""
    bookmarks = bookmark_list_for_owner(user=request.user)
    if request.GET.get("later") == "1":
        bookmarks = bookmarks.filter(for_later=True)
    return render(
        request,
        "feedback/bookmark_list.html",
        {"bookmarks": bookmarks, "owner": request.user, "own": True},
    )


def user_bookmarks(request: HttpRequest, username: str) -> HttpResponse:
    """Someone's public bookmarks of works the viewer may read."""
    owner = get_object_or_404(get_user_model(), username=username, is_active=True)
    bookmarks = bookmark_list_public(owner=owner, viewer=request.user)
    return render(
        request,
        "feedback/bookmark_list.html",
        {"bookmarks": bookmarks, "owner": owner, "own": False},
    )


@require_POST
@login_required
@feedback_errors
def subscribe(request: MemberRequest) -> HttpResponse:
    """Follow a work, a series or a creator."""
    kind = request.POST.get("kind")
    target_id = _int_or_none(request.POST.get("id"))
    if target_id is None:
        raise FeedbackInvalid("Say what to follow.")
    if kind == "work":
        do_subscribe(user=request.user, work=access_work(user=request.user, work_id=target_id))
    elif kind == "series":
        # A series none of whose parts the user may read does not exist for them.
        readable = Series.objects.filter(parts__work__in=work_list_visible(user=request.user))
        do_subscribe(user=request.user, series=get_object_or_404(readable.distinct(), pk=target_id))
    elif kind == "creator":
        do_subscribe(user=request.user, creator=get_object_or_404(Creator, pk=target_id))
    else:
        raise FeedbackInvalid("Subscribe to a work, a series or a creator.")
    messages.info(request, "Subscribed.")
    return _back(request, "/subscriptions/")


@require_POST
@login_required
def unsubscribe(request: HttpRequest, subscription_id: int) -> HttpResponse:
    """Stop following."""
    subscription = get_object_or_404(Subscription, pk=subscription_id, user=request.user)
    do_unsubscribe(subscription=subscription)
    return _back(request, "/subscriptions/")


@login_required
def my_subscriptions(request: MemberRequest) -> HttpResponse:
    """The user's subscriptions."""
    subscriptions = Subscription.objects.filter(user=request.user).select_related(
        "work", "series", "creator"
    )
    visible = work_list_visible(user=request.user)
    visible_works = set(visible.values_list("pk", flat=True))
    visible_series = set(
        SeriesPart.objects.filter(work__in=visible).values_list("series_id", flat=True)
    )
    rows = [
        s
        for s in subscriptions
        if (s.work_id is None or s.work_id in visible_works)
        and (s.series_id is None or s.series_id in visible_series)
    ]
    return render(request, "feedback/subscription_list.html", {"subscriptions": rows})


@login_required
def inbox(request: MemberRequest) -> HttpResponse:
    """New chapters, works and comments for the user; POST marks everything read."""
    if request.method == "POST":
        InboxItem.objects.filter(user=request.user, read=False).update(read=True)
        return redirect("feedback:inbox")
    items = inbox_for_user(user=request.user)[:200]
    return render(request, "feedback/inbox.html", {"items": items})


@require_POST
@login_required
@feedback_errors
def user_block(request: HttpRequest, username: str) -> HttpResponse:
    """Block (or with on=0 unblock) another user."""
    other = get_object_or_404(get_user_model(), username=username)
    do_user_block(blocker=request.user, blocked=other, on=request.POST.get("on") != "0")
    return _back(request, "/me/")


@require_POST
@login_required
@feedback_errors
def user_mute(request: HttpRequest, username: str) -> HttpResponse:
    """Mute (or with on=0 unmute) another user."""
    other = get_object_or_404(get_user_model(), username=username)
    do_user_mute(muter=request.user, muted=other, on=request.POST.get("on") != "0")
    return _back(request, "/me/")


def abuse_report(request: HttpRequest) -> HttpResponse:
    """The abuse-report form; reports go to the admin queue (throttled)."""
    error = None
    if request.method == "POST":
        if not throttle_allow(scope="report", ident=visitor_hash(request)):
            return too_many_requests("report")
        try:
            url, reason, email = check_abuse_report(
                url=request.POST.get("url", ""),
                reason=request.POST.get("reason", ""),
                email=request.POST.get("email", ""),
            )
        except FeedbackInvalid as exc:
            error = str(exc)
        else:
            do_abuse_report(reporter=request.user, url=url, reason=reason, email=email)
            return render(request, "feedback/report_thanks.html")
    return render(
        request,
        "feedback/report.html",
        {"error": error, "url": request.POST.get("url") or request.GET.get("url", "")},
        status=400 if error else 200,
    )
