"""Posting pages: the new-work form (with legacy paste), editing, chapters, drafts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from ficarchive.accounts.services import pseud_ensure
from ficarchive.feedback.actions.comments import comment_rules_for, do_comment_settings_set
from ficarchive.posting.forms import ChapterForm, WorkForm
from ficarchive.posting.services import (
    chapter_append,
    chapter_delete,
    chapter_post,
    chapter_reorder,
    chapter_update,
    work_create,
    work_delete,
    work_post,
    work_update,
)
from ficarchive.sanitize.html import html_to_text
from ficarchive.site.form_errors import form_errors_add
from ficarchive.site.reading_limits import parse_for_visitor
from ficarchive.site.throttles import throttle_allow, too_many_requests
from ficarchive.site.visitors import visitor_hash
from ficarchive.works.models import Chapter, TagType, Work
from ficarchive.works.readers import MemberRequest
from ficarchive.works.selectors import (
    NotACreator,
    access_work_as_creator,
    tag_suggestions,
)
from ficarchive.works.services import WorkInput, work_input_for_edit, work_input_from_parsed

PASTE_NAME = "pasted.txt"
# What the buttons under the work and chapter forms ask for.
POST, DRAFT, PREVIEW, FILL, SAVE = "post", "draft", "preview", "fill", "save"


def _creator_only(view):
    """Run `view` with the work if the user is one of its creators: 404 unseen, 403 not theirs."""

    def wrapper(request, work_id, *args, **kwargs):
        try:
            work = access_work_as_creator(user=request.user, work_id=work_id)
        except NotACreator as exc:
            return HttpResponseForbidden(str(exc))
        return view(request, work, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return login_required(wrapper)


def _filled_from_paste(form: WorkForm, text: str) -> tuple[WorkForm, list[str], int]:
    """A new form with what the legacy reader finds in `text` over what was typed already."""
    parsed = parse_for_visitor(text.encode("utf-8"), PASTE_NAME)  # under the hard limits
    found = WorkForm.initial_from(work_input_from_parsed(parsed))
    blank = WorkForm.initial_from(WorkInput(title=""))
    if found.get("title") == PASTE_NAME.rsplit(".", 1)[0]:
        found["title"] = ""
    typed = {name: form[name].value() for name in form.fields if name != "legacy_header"}
    typed = {k: v for k, v in typed.items() if v not in (None, "", [])}
    initial = {**form.initial, **typed}
    filled = {k: v for k, v in found.items() if v != blank.get(k) and v not in (None, "", [])}
    initial.update(filled)
    chapters = [c for c in parsed.chapters if c.blocks]
    blocks = chapters[0].blocks if chapters else parsed.blocks
    if blocks and not typed.get("body"):
        initial["body"] = "\n\n".join(
            "* * *" if b.kind == "break" else b.text for b in blocks if b.kind != "heading"
        )
        filled["body"] = initial["body"]
        if chapters and chapters[0].title:
            initial["chapter_title"] = chapters[0].title
    notes = [d.message for d in parsed.diagnostics if d.level in ("warning", "error")]
    return WorkForm(user=form.user, route="post", initial=initial), notes, len(filled)


def _after_save(request: HttpRequest, work: Work, action: str) -> HttpResponse:
    if action == PREVIEW:
        return redirect(work.get_absolute_url() + "?preview=1")
    messages.info(request, "Draft saved." if work.draft else "Work posted.")
    return redirect(work.get_absolute_url())


@login_required
def work_new(request: MemberRequest) -> HttpResponse:
    """Post a work: Preview (saved as a draft, shown as readers will see it), Post, or Save as
    draft; "Fill the form" reads a pasted legacy header into the fields."""
    pseud_ensure(user=request.user)
    action = request.POST.get("action", POST)
    form = WorkForm(request.POST or None, user=request.user, route="post")
    notes: list[str] = []
    if request.method == "POST" and action == FILL:
        # A pasted story is read like an upload, and counts against the same throttle.
        if not throttle_allow(scope="upload", ident=visitor_hash(request)):
            return too_many_requests("upload")
        form, notes, filled = _filled_from_paste(form, request.POST.get("legacy_header", ""))
        if filled:
            messages.info(request, f"Filled {filled} fields from the pasted text.")
        else:
            messages.warning(request, "No header fields found in the pasted text.")
    elif request.method == "POST" and form.is_valid():
        draft = action in (DRAFT, PREVIEW)
        try:
            work = work_create(data=form.work_input(), chapters=[form.chapter_input()], draft=draft)
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            rules = form.comment_rules(work)
            if rules is not None:
                do_comment_settings_set(work=work, rules=rules)
            return _after_save(request, work, action)
    return render(request, "posting/work_form.html", {"form": form, "new": True, "notes": notes})


def _work_initial(work: Work) -> dict:
    """The edit form's values: the work's own, its comment settings."""
    rules = comment_rules_for(work)
    initial = WorkForm.initial_from(work_input_for_edit(work))
    initial.update(comment_policy=rules.policy, moderated=rules.moderated)
    return initial


@_creator_only
def work_edit(request: MemberRequest, work: Work) -> HttpResponse:
    """Edit a work's fields; a draft can also be previewed or posted from here."""
    base = work_input_for_edit(work)
    form = WorkForm(
        request.POST or None,
        user=request.user,
        route="edit",
        base=base,
        initial={**_work_initial(work), "pseuds": [p.pk for p in base.pseuds]},
    )
    if not form.own_pseuds.exists():
        # Staff editing someone else's work keep its creators as they are.
        form.fields.pop("pseuds")
    if request.method == "POST" and form.is_valid():
        data = form.work_input()
        # Co-creators' pseuds belong to other accounts: this user's form cannot drop them.
        if "pseuds" in form.fields:
            data.pseuds += [c for c in base.pseuds if c.user_id != request.user.pk]
        else:
            data.pseuds = base.pseuds
        action = request.POST.get("action", SAVE)
        try:
            work_update(work=work, data=data)
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            rules = form.comment_rules(work)
            if rules is not None:
                do_comment_settings_set(work=work, rules=rules)
            if action == POST and work.draft:
                work_post(work=work)
                messages.info(request, "Work posted.")
                return redirect(work.get_absolute_url())
            if action == PREVIEW:
                return redirect(work.get_absolute_url() + "?preview=1")
            messages.info(request, "Work saved.")
            return redirect(work.get_absolute_url())
    return render(
        request,
        "posting/work_form.html",
        {"form": form, "new": False, "work": work},
    )


@require_POST
@_creator_only
def work_publish(request: HttpRequest, work: Work) -> HttpResponse:
    """Post a draft."""
    work_post(work=work)
    messages.info(request, "Work posted.")
    return redirect(work.get_absolute_url())


@_creator_only
def work_remove(request: HttpRequest, work: Work) -> HttpResponse:
    """Delete a work: GET asks to confirm, POST deletes."""
    if request.method != "POST":
        return render(
            request,
            "site/confirm.html",
            {
                "title": f"Delete “{work.title}”?",
                "question": "The work, its chapters, comments, kudos and bookmarks are deleted "
                "for good. This cannot be undone.",
                "action": "Delete the work",
                "cancel_url": work.get_absolute_url(),
            },
        )
    work_delete(work=work)
    messages.info(request, "Work deleted.")
    return redirect("accounts:profile")


@_creator_only
def chapters_manage(request: HttpRequest, work: Work) -> HttpResponse:
    """List chapters with reorder, edit and delete; POST saves a new order."""
    chapters = list(work.chapters.order_by("position"))
    if request.method == "POST":
        try:
            order = sorted(
                chapters, key=lambda c: (int(request.POST.get(f"position_{c.pk}", 0)), c.position)
            )
            chapter_reorder(work=work, chapter_ids=[c.pk for c in order])
        except (ValueError, ValidationError):
            messages.error(request, "Give each chapter a number.")
        else:
            messages.info(request, "Chapters reordered.")
        return redirect("posting:chapters_manage", work_id=work.pk)
    return render(request, "posting/chapters_manage.html", {"work": work, "chapters": chapters})


@_creator_only
def chapter_new(request: HttpRequest, work: Work) -> HttpResponse:
    """Add a chapter at the end: post it, save it as a draft, or preview it (a draft)."""
    form = ChapterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", POST)
        try:
            chapter = chapter_append(
                work=work, **form.chapter_fields(), draft=action in (DRAFT, PREVIEW)
            )
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            if action == PREVIEW:
                return redirect(chapter.get_absolute_url() + "?preview=1")
            messages.info(request, "Chapter draft saved." if chapter.draft else "Chapter posted.")
            return redirect(chapter.get_absolute_url())
    return render(
        request,
        "posting/chapter_form.html",
        {"form": form, "work": work},
    )


@_creator_only
def chapter_edit(request: HttpRequest, work: Work, chapter_id: int) -> HttpResponse:
    """Edit one chapter's title, notes and text; a chapter draft can be posted from here."""
    chapter = get_object_or_404(Chapter, pk=chapter_id, work=work)
    initial = {
        "chapter_title": chapter.title,
        "chapter_summary": chapter.summary,
        "chapter_notes": chapter.notes,
        "chapter_end_notes": chapter.end_notes,
        "body": chapter.body_html,
    }
    form = ChapterForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", SAVE)
        try:
            chapter_update(
                chapter=chapter, **form.chapter_fields(), draft=False if action == POST else None
            )
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.info(request, "Chapter posted." if action == POST else "Chapter saved.")
            return redirect(chapter.get_absolute_url())
    return render(
        request,
        "posting/chapter_form.html",
        {"form": form, "work": work, "chapter": chapter, "words": html_to_text(chapter.body_html)},
    )


@require_POST
@_creator_only
def chapter_publish(request: HttpRequest, work: Work, chapter_id: int) -> HttpResponse:
    """Post a chapter draft."""
    chapter = get_object_or_404(Chapter, pk=chapter_id, work=work)
    chapter_post(chapter=chapter)
    messages.info(request, "Chapter posted.")
    return redirect(chapter.get_absolute_url())


@_creator_only
def chapter_remove(request: HttpRequest, work: Work, chapter_id: int) -> HttpResponse:
    """Delete one chapter (never the last one): GET asks to confirm, POST deletes."""
    chapter = get_object_or_404(Chapter, pk=chapter_id, work=work)
    if request.method != "POST":
        return render(
            request,
            "site/confirm.html",
            {
                "title": f"Delete {chapter} of “{work.title}”?",
                "question": "The chapter and the comments on it are deleted for good.",
                "action": "Delete the chapter",
                "cancel_url": reverse("posting:chapters_manage", args=[work.pk]),
            },
        )
    try:
        chapter_delete(chapter=chapter)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.info(request, "Chapter deleted.")
    return redirect("posting:chapters_manage", work_id=work.pk)


FREE_TAG_TYPES = (TagType.FANDOM, TagType.RELATIONSHIP, TagType.CHARACTER, TagType.FREEFORM)
SUGGESTIONS = 20


@require_GET
def tag_autocomplete(request: HttpRequest) -> JsonResponse:
    """Up to 20 tags of a type (or `type=any`) for what was typed (`q`), as `tag_suggestions`
    finds them: {"tags": [names], "suggestions": [{"name", "matched"}]}."""
    typed = " ".join(request.GET.get("q", "").split())[:100]
    tag_type = request.GET.get("type", "")
    types = FREE_TAG_TYPES if tag_type == "any" else [t for t in FREE_TAG_TYPES if t == tag_type]
    suggestions = tag_suggestions(user=request.user, typed=typed, types=types, limit=SUGGESTIONS)
    return JsonResponse({"tags": [s["name"] for s in suggestions], "suggestions": suggestions})
