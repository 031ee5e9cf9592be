"""Staff pages: the tag-wrangling page, abuse reports with the action each calls for, hiding."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from ficarchive.feedback.actions.safety import do_abuse_report_resolve
from ficarchive.feedback.models import AbuseReport
from ficarchive.staff.forms import WranglingForm
from ficarchive.staff.selectors import STATUSES, abuse_reports_for_staff, tags_for_wrangling
from ficarchive.works.models import Media, Tag, TagType, Work
from ficarchive.works.services.visibility import work_hidden_set
from ficarchive.works.services.wrangling import (
    fandom_media_set,
    tags_add_to_fandom,
    tags_make_canonical,
    tags_make_synonyms,
    tags_merge,
)

FREE_TYPES = [
    (t.value, t.label)
    for t in TagType
    if t.value in ("fandom", "relationship", "character", "freeform")
]


@staff_member_required
def tag_wrangling(request: HttpRequest) -> HttpResponse:
    """Pick tags and make them canonical, synonyms of one tag, merged, or children of a fandom."""
    tag_type = request.GET.get("type", "")
    tag_type = tag_type if tag_type in dict(FREE_TYPES) else ""
    status = request.GET.get("status", "unwrangled")
    status = status if status in STATUSES else "unwrangled"
    query = request.GET.get("q", "")[:100]
    form = WranglingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = _wrangle(form)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.info(request, done)
            return redirect(request.get_full_path())
    page, rows = tags_for_wrangling(
        tag_type=tag_type, status=status, query=query, page_number=request.GET.get("page")
    )
    return render(
        request,
        "staff/tag_wrangling.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "types": FREE_TYPES,
            "statuses": STATUSES.items(),
            "chosen": {"type": tag_type, "status": status, "q": query},
            "media": Media.choices,
        },
    )


def _wrangle(form: WranglingForm) -> str:
    """Apply the form's action; returns what was done, in words."""
    tags = form.cleaned_data["tags"]
    action = form.cleaned_data["action"]
    target = cast(Tag, form.cleaned_data.get("target_tag"))  # the form made sure of one
    names = ", ".join(t.name for t in tags)
    if action == "canonical":
        tags_make_canonical(tags=tags)
        return f"Now canonical: {names}."
    if action == "synonyms":
        tags_make_synonyms(tags=tags, canonical=target)
        return f"Now synonyms of {target.name}: {names}."
    if action == "merge":
        count = tags_merge(tags=tags, into=target)
        return f"Merged {names} into {target.name} ({count} work{'s' if count != 1 else ''})."
    if action == "fandom":
        tags_add_to_fandom(tags=tags, fandom=target)
        return f"Now in the fandom {target.name}: {names}."
    media = form.cleaned_data["fandom_media"]
    for tag in tags:
        fandom_media_set(fandom=tag, media=media)
    return f"Media of {names}: {dict(Media.choices)[media]}."


@staff_member_required
def abuse_reports(request: HttpRequest) -> HttpResponse:
    """Open reports (or `?resolved=1` the dealt-with ones), each linking to what it calls for."""
    if request.method == "POST":
        report = get_object_or_404(AbuseReport, pk=request.POST.get("report") or 0)
        do_abuse_report_resolve(report=report, resolved=request.POST.get("resolved") != "0")
        messages.info(
            request, f"Report {report.pk} marked {'open' if not report.resolved else 'resolved'}."
        )
        return redirect(request.get_full_path())
    resolved = request.GET.get("resolved") == "1"
    return render(
        request,
        "staff/abuse_reports.html",
        {"reports": abuse_reports_for_staff(resolved=resolved)[:200], "resolved": resolved},
    )


@staff_member_required
def work_hide(request: HttpRequest, work_id: int) -> HttpResponse:
    """Hide a work from readers (or show it again): GET asks first."""
    work = get_object_or_404(Work, pk=work_id)
    hide = not work.hidden_by_staff
    if request.method != "POST":
        return render(
            request,
            "site/confirm.html",
            {
                "title": f"{'Hide' if hide else 'Unhide'} “{work.title}”?",
                "question": "Readers will no longer find it; its creators still see it, marked "
                "hidden."
                if hide
                else "Readers will find and read it again.",
                "action": "Hide the work" if hide else "Show it again",
                "cancel_url": work.get_absolute_url(),
            },
        )
    work_hidden_set(work=work, hidden=hide)
    messages.info(request, "Work hidden from readers." if hide else "Work shown to readers again.")
    return redirect(reverse("reading:work", args=[work.pk]))
