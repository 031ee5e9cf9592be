"""Feedback views: parse the form, call one check and one do, redirect or render."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
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
from ficarchive.feedback.actions.notify import do_inbox_read_all
from ficarchive.feedback.actions.safety import (
    check_abuse_report,
    do_abuse_report,
    do_user_block,
    do_user_mute,
)
from ficarchive.feedback.forms import BookmarkForm, CommentEditForm, ReportForm
from ficarchive.feedback.models import Bookmark, CommentPolicy, Subscription
from ficarchive.feedback.selectors import (
    bookmark_list_for_owner,
    bookmark_list_public,
    bookmark_of,
    chapter_posted_of,
    comments_pending_for_creator,
    comments_pending_for_work,
    inbox_for_user,
    subscriptions_readable,
)
from ficarchive.reading.selectors import (
    series_readable_among,
    work_get_page_data,
)
from ficarchive.reading.views import work_page_render
from ficarchive.sanitize.html import html_to_text
from ficarchive.site.throttles import throttle_allow, too_many_requests
from ficarchive.site.visitors import address_hash, visitor_hash
from ficarchive.works.models import Creator, Series
from ficarchive.works.readers import MemberRequest
from ficarchive.works.selectors import access_work_as_creator


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
    if _is_local(request, target):
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
    try:
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
    except FeedbackInvalid as exc:
        if request.headers.get("Accept") == "application/json":
            raise
        return _comment_form_again(request, work, error=str(exc))
    comment = do_comment_add(user=request.user, draft=draft)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"id": comment.pk}, status=201)
    if comment.status != "published":
        messages.info(request, "Your comment is waiting for the author's approval.")
    target = request.POST.get("next") or work.get_absolute_url()
    return redirect(_safe(request, target) + f"#comment-{comment.pk}")


def _comment_form_again(request: HttpRequest, work, *, error: str) -> HttpResponse:
    """The work page again (400), the comment or reply form holding what was typed, the
    message beside it: never a bare error page."""
    chapter_id = _int_or_none(request.POST.get("chapter"))
    chapter = chapter_posted_of(work=work, chapter_id=chapter_id) if chapter_id else None
    data = work_get_page_data(
        user=request.user, work_id=work.pk, position=chapter.position if chapter else None
    )
    extra = {
        "comment_error": error,
        "comment_body": request.POST.get("body", "")[:10_000],
        "comment_parent": _int_or_none(request.POST.get("parent")),
    }
    return work_page_render(request, data, extra=extra, status=400)


def _safe(request: HttpRequest, target: str) -> str:
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target.split("#")[0]
    return "/"


@login_required
@feedback_errors
def comment_edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Edit one's own comment."""
    comment = access_comment_for_edit(user=request.user, comment_id=comment_id)
    form = CommentEditForm(request.POST or None, initial={"body": html_to_text(comment.body_html)})
    if request.method == "POST" and form.is_valid():
        try:
            body_html = check_comment_edit(comment=comment, body=form.cleaned_data["body"])
        except FeedbackInvalid as exc:
            form.add_error("body", str(exc))
        else:
            do_comment_edit(comment=comment, body_html=body_html)
            messages.info(request, "Comment saved.")
            return redirect(comment.get_absolute_url())
    status = 400 if form.errors else 200
    context = {"comment": comment, "form": form}
    return render(request, "feedback/comment_edit.html", context, status=status)


def _confirm(request: HttpRequest, *, title: str, question: str, action: str, cancel_url: str):
    """The page that asks before a destructive action; its form posts back to the same URL."""
    next_url = request.GET.get("next", "")
    hidden = [("next", next_url)] if _is_local(request, next_url) else []
    return render(
        request,
        "site/confirm.html",
        {
            "title": title,
            "question": question,
            "action": action,
            "cancel_url": next_url if hidden else cancel_url,
            "hidden": hidden,
        },
    )


def _is_local(request: HttpRequest, target: str) -> bool:
    return bool(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


@login_required
@feedback_errors
def comment_delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Delete a comment (its author's, or any on the user's own work): GET asks first."""
    comment = access_comment_for_delete(user=request.user, comment_id=comment_id)
    work_url = comment.work.get_absolute_url()
    if request.method != "POST":
        return _confirm(
            request,
            title="Delete this comment?",
            question=f"“{html_to_text(comment.body_html)[:200]}” — by {comment.author_name}. "
            "Replies to it stay, under a note that it was deleted.",
            action="Delete the comment",
            cancel_url=f"{work_url}#comment-{comment.pk}",
        )
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
    messages.info(request, "Comment approved." if approve else "Comment rejected.")
    return _back(request, reverse("feedback:comments_moderate", args=[comment.work_id]))


@login_required
def moderation_queue(request: HttpRequest) -> HttpResponse:
    """Every comment waiting for the user's approval, across all their works, oldest first."""
    return render(
        request,
        "feedback/moderation_queue.html",
        {"pending": comments_pending_for_creator(user=request.user)},
    )


@login_required
@feedback_errors
def bookmark_edit(request: MemberRequest, work_id: int) -> HttpResponse:
    """Create, change or show the form for the user's bookmark of a work."""
    work = access_work(user=request.user, work_id=work_id)
    bookmark = bookmark_of(user=request.user, work=work)
    if request.method == "POST":
        form = BookmarkForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            do_bookmark_save(
                user=request.user,
                work=work,
                notes=d["notes"],
                tags=d["tags"],
                private=d["private"],
                for_later=d["for_later"],
            )
            messages.info(request, "Bookmark saved.")
            return redirect("feedback:my_bookmarks")
        return render(
            request,
            "feedback/bookmark_edit.html",
            {"work": work, "bookmark": bookmark, "form": form},
            status=400,
        )
    form = BookmarkForm(
        initial={
            "notes": html_to_text(bookmark.notes_html) if bookmark else "",
            "tags": ", ".join(bookmark.tags) if bookmark else "",
            "private": bookmark.private if bookmark else False,
            "for_later": bookmark.for_later if bookmark else False,
        }
    )
    return render(
        request, "feedback/bookmark_edit.html", {"work": work, "bookmark": bookmark, "form": form}
    )


@login_required
def bookmark_delete(request: HttpRequest, bookmark_id: int) -> HttpResponse:
    """Delete one of the user's bookmarks; GET asks first."""
    bookmark = get_object_or_404(Bookmark, pk=bookmark_id, user=request.user)
    if request.method != "POST":
        return _confirm(
            request,
            title=f"Delete your bookmark of “{bookmark.work.title}”?",
            question="Your notes and tags on it go with it.",
            action="Delete the bookmark",
            cancel_url="/bookmarks/",
        )
    do_bookmark_delete(bookmark=bookmark)
    messages.info(request, "Bookmark deleted.")
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
        series = get_object_or_404(Series, pk=target_id)
        if not series_readable_among(user=request.user, series_ids=[series.pk]):
            raise Http404("No such series.")
        do_subscribe(user=request.user, series=series)
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
    rows = subscriptions_readable(user=request.user)
    return render(request, "feedback/subscription_list.html", {"subscriptions": rows})


@login_required
def inbox(request: MemberRequest) -> HttpResponse:
    """New chapters, works and comments for the user; POST marks everything read."""
    if request.method == "POST":
        do_inbox_read_all(user=request.user)
        return redirect("feedback:inbox")
    items = inbox_for_user(user=request.user)[:200]
    return render(request, "feedback/inbox.html", {"items": items})


def _user_relation(request: HttpRequest, username: str, *, verb: str, warning: str, do):
    """Block or mute (`verb`) another user, or with on=0 undo it; GET asks first."""
    other = get_object_or_404(get_user_model(), username=username)
    if request.method != "POST":
        return _confirm(
            request,
            title=f"{verb.title()} {other.username}?",
            question=warning.format(name=other.username)
            + f" You can un{verb} them on your account page.",
            action=f"{verb.title()} {other.username}",
            cancel_url="/me/",
        )
    on = request.POST.get("on") != "0"
    do(request.user, other, on)
    done = {"block": "blocked", "mute": "muted"}[verb]
    messages.info(request, f"{done.title() if on else 'Un' + done} {other.username}.")
    return _back(request, "/me/")


@login_required
@feedback_errors
def user_block(request: HttpRequest, username: str) -> HttpResponse:
    """Block (or with on=0 unblock) another user; GET asks before blocking."""
    return _user_relation(
        request,
        username,
        verb="block",
        warning="{name} will no longer be able to comment on your works or reply to your comments.",
        do=lambda me, other, on: do_user_block(blocker=me, blocked=other, on=on),
    )


@login_required
@feedback_errors
def user_mute(request: HttpRequest, username: str) -> HttpResponse:
    """Mute (or with on=0 unmute) another user; GET asks before muting."""
    return _user_relation(
        request,
        username,
        verb="mute",
        warning="You will no longer see comments by {name}, nor hear of them in your inbox. "
        "They are not told.",
        do=lambda me, other, on: do_user_mute(muter=me, muted=other, on=on),
    )


def abuse_report(request: HttpRequest) -> HttpResponse:
    """The abuse-report form; reports go to the staff's queue (throttled)."""
    error = None
    form = ReportForm(
        request.POST if request.method == "POST" else None,
        initial={"url": request.GET.get("url", "")},
    )
    if not request.user.is_authenticated and request.method != "POST":
        form.fields["email"].widget.attrs["autocomplete"] = "email"
    elif request.user.is_authenticated:
        form.fields.pop("email")
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
            form.is_valid()  # the form's own messages, beside its fields
            form.add_error(None, error)
        else:
            do_abuse_report(reporter=request.user, url=url, reason=reason, email=email)
            return render(request, "feedback/report_thanks.html")
    return render(
        request,
        "feedback/report.html",
        {"error": error, "form": form},
        status=400 if error else 200,
    )
