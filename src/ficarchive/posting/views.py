"""Posting pages: the new-work form (with legacy paste), editing, chapters, drafts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from ficarchive.feedback.actions.comments import (
    check_comment_settings,
    comment_rules_for,
    do_comment_settings_set,
)
from ficarchive.posting.forms import ChapterForm, NewWorkForm, WorkForm
from ficarchive.posting.legacy_fill import form_initial_from_paste
from ficarchive.posting.services import (
    chapter_append,
    chapter_delete,
    chapter_reorder,
    chapter_update,
    work_create,
    work_delete,
    work_post,
    work_update,
)
from ficarchive.sanitize.html import html_to_text
from ficarchive.site.form_errors import form_errors_add
from ficarchive.works.models import Chapter, Tag, TagType, Work
from ficarchive.works.selectors import NotACreator, access_work_as_creator, work_list_visible

MULTI_FIELDS = ("pseuds", "warnings", "categories")


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


def _comment_settings_save(work: Work, form) -> None:
    policy = form.cleaned_data.get("comment_policy")
    if policy:
        rules = check_comment_settings(policy=policy, moderated=form.cleaned_data["moderated"])
        do_comment_settings_set(work=work, rules=rules)
    elif form.cleaned_data.get("moderated"):
        rules = comment_rules_for(work)
        do_comment_settings_set(
            work=work, rules=check_comment_settings(policy=rules.policy, moderated=True)
        )


@login_required
def work_new(request: HttpRequest) -> HttpResponse:
    """The new-work form; "Fill from header" re-renders it with what the legacy reader found."""
    if request.method == "POST" and request.POST.get("action") == "fill":
        posted = {
            k: (request.POST.getlist(k) if k in MULTI_FIELDS else request.POST.get(k))
            for k in request.POST
            if k not in ("csrfmiddlewaretoken", "action")
        }
        found, notes = form_initial_from_paste(request.POST.get("legacy_header", ""))
        posted.update(found)
        form = NewWorkForm(initial=posted, user=request.user)
        if found:
            messages.info(request, f"Filled {len(found)} fields from the pasted header.")
        else:
            messages.warning(request, "No header fields found in the pasted text.")
        return render(
            request, "posting/work_form.html", {"form": form, "new": True, "notes": notes}
        )
    form = NewWorkForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            work = work_create(
                data=form.work_input(),
                chapter_title=form.cleaned_data["chapter_title"],
                body=form.cleaned_data["body"],
                chapter_notes=form.cleaned_data["chapter_notes"],
                chapter_end_notes=form.cleaned_data["chapter_end_notes"],
                draft=request.POST.get("action") == "draft",
            )
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            _comment_settings_save(work, form)
            messages.info(request, "Draft saved." if work.draft else "Work posted.")
            return redirect(work.get_absolute_url())
    return render(request, "posting/work_form.html", {"form": form, "new": True})


def _work_initial(work: Work) -> dict:
    tags = list(work.tags.all())

    def of(tag_type):
        return [t.name for t in tags if t.type == tag_type]

    part = work.series_parts.select_related("series").first()
    rules = comment_rules_for(work)
    return {
        "title": work.title,
        "pseuds": [c.pk for c in work.creators.all()],
        "rating": (of(TagType.RATING) or ["Not Rated"])[0],
        "warnings": of(TagType.WARNING),
        "categories": of(TagType.CATEGORY),
        "fandoms": ", ".join(of(TagType.FANDOM)),
        "relationships": ", ".join(of(TagType.RELATIONSHIP)),
        "characters": ", ".join(of(TagType.CHARACTER)),
        "freeform": ", ".join(of(TagType.FREEFORM)),
        "summary": work.summary,
        "notes": work.notes,
        "end_notes": work.end_notes,
        "disclaimer": work.disclaimer,
        "spoilers": work.spoilers,
        "distribution_text": work.distribution_text,
        "distribution_permission": work.distribution_permission,
        "feedback_text": work.feedback_text,
        "feedback_wanted": ""
        if work.feedback_wanted is None
        else ("yes" if work.feedback_wanted else "no"),
        "comment_policy": rules.policy,
        "moderated": rules.moderated,
        "series_title": part.series.title if part else "",
        "series_part": part.position if part else None,
        "language": work.language,
        "restricted": work.restricted,
        "expected_chapters": work.expected_chapters,
    }


@_creator_only
def work_edit(request: HttpRequest, work: Work) -> HttpResponse:
    """Edit a work's fields (the creators' pseuds are offered to the editing user)."""
    form = WorkForm(request.POST or None, initial=_work_initial(work), user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.work_input()
        # Co-creators' pseuds belong to other accounts: this user's form cannot drop them.
        data.pseuds += [c for c in work.creators.all() if c.user_id != request.user.pk]
        try:
            work_update(work=work, data=data)
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            _comment_settings_save(work, form)
            if request.POST.get("action") == "post" and work.draft:
                work_post(work=work)
            messages.info(request, "Work saved.")
            return redirect(work.get_absolute_url())
    return render(request, "posting/work_form.html", {"form": form, "new": False, "work": work})


@require_POST
@_creator_only
def work_publish(request: HttpRequest, work: Work) -> HttpResponse:
    """Post a draft."""
    work_post(work=work)
    messages.info(request, "Work posted.")
    return redirect(work.get_absolute_url())


@require_POST
@_creator_only
def work_remove(request: HttpRequest, work: Work) -> HttpResponse:
    """Delete a work."""
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


def _chapter_fields(form: ChapterForm) -> dict:
    """The chapter service's keyword arguments, from a valid chapter form."""
    data = form.cleaned_data
    return {
        "title": data["chapter_title"],
        "body": data["body"],
        "notes": data["chapter_notes"],
        "end_notes": data["chapter_end_notes"],
    }


@_creator_only
def chapter_new(request: HttpRequest, work: Work) -> HttpResponse:
    """Add a chapter at the end of the work."""
    form = ChapterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            chapter = chapter_append(work=work, **_chapter_fields(form))
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.info(request, "Chapter added.")
            return redirect(chapter.get_absolute_url())
    return render(request, "posting/chapter_form.html", {"form": form, "work": work})


@_creator_only
def chapter_edit(request: HttpRequest, work: Work, chapter_id: int) -> HttpResponse:
    """Edit one chapter's title, notes and text."""
    chapter = get_object_or_404(Chapter, pk=chapter_id, work=work)
    initial = {
        "chapter_title": chapter.title,
        "chapter_notes": chapter.notes,
        "chapter_end_notes": chapter.end_notes,
        "body": chapter.body_html,
    }
    form = ChapterForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            chapter_update(chapter=chapter, **_chapter_fields(form))
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.info(request, "Chapter saved.")
            return redirect("posting:chapters_manage", work_id=work.pk)
    return render(
        request,
        "posting/chapter_form.html",
        {"form": form, "work": work, "chapter": chapter, "words": html_to_text(chapter.body_html)},
    )


@require_POST
@_creator_only
def chapter_remove(request: HttpRequest, work: Work, chapter_id: int) -> HttpResponse:
    """Delete one chapter (never the last one)."""
    chapter = get_object_or_404(Chapter, pk=chapter_id, work=work)
    try:
        chapter_delete(chapter=chapter)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.info(request, "Chapter deleted.")
    return redirect("posting:chapters_manage", work_id=work.pk)


@require_GET
def tag_autocomplete(request: HttpRequest) -> JsonResponse:
    """Up to 20 existing tag names of a type starting with (then containing) `q`."""
    q = " ".join(request.GET.get("q", "").split())[:100]
    tag_type = request.GET.get("type", "")
    if not q or tag_type not in (
        TagType.FANDOM,
        TagType.RELATIONSHIP,
        TagType.CHARACTER,
        TagType.FREEFORM,
    ):
        return JsonResponse({"tags": []})
    # Only tags some work this user may read carries: drafts and hidden works keep theirs private.
    seen = work_list_visible(user=request.user).filter(tags=OuterRef("pk"))
    tags = Tag.objects.filter(Exists(seen), type=tag_type)
    names = list(tags.filter(name__istartswith=q).values_list("name", flat=True)[:20])
    if len(names) < 20:
        more = tags.filter(name__icontains=q).exclude(name__in=names)
        names += list(more.values_list("name", flat=True)[: 20 - len(names)])
    return JsonResponse({"tags": names})
