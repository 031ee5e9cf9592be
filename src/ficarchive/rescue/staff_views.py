"""Staff pages of a rescue from the web: upload the archive, watch the dry run, read its report,
start the import, watch it, read the final report. Thin views over `rescue.jobs`."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from ficarchive.jobs.models import Job
from ficarchive.jobs.selectors import job_get_for_user, job_progress_summary
from ficarchive.rescue.jobs import (
    JOB_KIND,
    rescue_import_start,
    rescue_job_report_path,
    rescue_upload_limit,
    rescue_upload_start,
)
from ficarchive.works.readers import MemberRequest

REQUEST_SLACK = 1024 * 1024


class RescueUploadForm(forms.Form):
    """The archive as a .zip, and what `ficarchive rescue` would take as options."""

    archive = forms.FileField(
        label="The archive (.zip)",
        help_text="A database dump with its stories/ folder, an Automated Archive, or a static site.",
    )
    slug = forms.SlugField(
        required=False,
        max_length=100,
        label="Short name",
        help_text="Old links answer at /archives/NAME/. Empty: from the archive's name.",
    )
    old_url = forms.URLField(
        required=False,
        assume_scheme="http",
        max_length=500,
        label="The old site's address",
        help_text="e.g. http://example.net/fiction",
    )
    fandom = forms.CharField(
        required=False,
        max_length=150,
        label="Fandom",
        help_text="Only for a one-fandom archive whose files never name it.",
    )
    table_prefix = forms.CharField(
        required=False,
        max_length=50,
        label="Table prefix",
        help_text="Only when the dump holds several eFiction sites.",
    )
    do_not_import = forms.FileField(required=False, label="Do-not-import list")
    tag_map = forms.FileField(required=False, label="Tag map (CSV)")


def _staff(request: HttpRequest) -> None:
    if not request.user.is_staff:
        raise PermissionDenied("Only staff can rescue an archive.")


def _labelled(counts: dict) -> list[tuple[str, int]]:
    """Counts as (label, number): "comment_replies" → "Comment replies"."""
    return [(str(name).replace("_", " ").capitalize(), value) for name, value in counts.items()]


def _duration(seconds: float | None) -> str:
    """ "42 s", "3 min 12 s"; empty for None."""
    if seconds is None:
        return ""
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes} min {seconds} s" if minutes else f"{seconds} s"


def _took(job: Job) -> str:
    """How long a finished job ran; empty while it runs."""
    if not (job.finished_at and job.started_at):
        return ""
    return _duration((job.finished_at - job.started_at).total_seconds())


def _job(request: HttpRequest, job_id: int) -> Job:
    return job_get_for_user(user=request.user, job_id=job_id, kind=JOB_KIND)


@login_required
def rescue_start(request: MemberRequest) -> HttpResponse:
    """Upload an archive; its dry run starts at once. Lists the rescues so far."""
    _staff(request)
    limit = rescue_upload_limit()
    form = RescueUploadForm()
    status, refused = 200, ""
    if request.method == "POST":
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if declared.isdigit() and int(declared) > limit + REQUEST_SLACK:
            # Refused by its declared length, before Django reads the body.
            refused = f"The archive is larger than the limit ({limit // 1024**2} MB)."
            status = 413
        else:
            form = RescueUploadForm(request.POST, request.FILES)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    job = rescue_upload_start(
                        user=request.user,
                        archive=data["archive"],
                        options=data,
                        do_not_import=data.get("do_not_import"),
                        tag_map=data.get("tag_map"),
                    )
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    return redirect("rescue_staff:job", job_id=job.pk)
            status = 400
    jobs = Job.objects.filter(kind=JOB_KIND).select_related("user")[:50]
    context = {"form": form, "jobs": jobs, "limit_mb": limit // 1024**2, "refused": refused}
    return render(request, "rescue/staff_start.html", context, status=status)


@require_safe
@login_required
def rescue_job(request: HttpRequest, job_id: int) -> HttpResponse:
    """A rescue job: its progress while it runs, then its counts, report and next step."""
    _staff(request)
    job = _job(request, job_id)
    follow_up = None
    if job.params.get("dry_run"):
        follow_up = Job.objects.filter(kind=JOB_KIND, params__parent=job.pk).first()
    progress = job_progress_summary(job)
    context = {
        "job": job,
        "progress": progress,
        "progress_counts": _labelled(progress["counts"]),
        "result_counts": _labelled((job.result or {}).get("counts", {})),
        "took": _took(job),
        "eta": _duration(progress["eta_seconds"]),
        "dry_run": bool(job.params.get("dry_run")),
        "has_report": rescue_job_report_path(job) is not None,
        "follow_up": follow_up,
        "parent": job.params.get("parent"),
        "poll_seconds": getattr(settings, "FICARCHIVE_JOB_POLL_SECONDS", 2),
    }
    return render(request, "rescue/staff_job.html", context)


@require_safe
@login_required
def rescue_job_progress(request: HttpRequest, job_id: int) -> JsonResponse:
    """The job's progress as JSON, for the page to poll."""
    _staff(request)
    return JsonResponse(job_progress_summary(_job(request, job_id)))


@require_safe
@login_required
def rescue_job_report(request: HttpRequest, job_id: int) -> FileResponse:
    """The report the rescue rendered (the same page `ficarchive rescue --report` writes)."""
    _staff(request)
    path = rescue_job_report_path(_job(request, job_id))
    if path is None:
        raise Http404("The report is not ready.")
    return FileResponse(path.open("rb"), content_type="text/html; charset=utf-8")


@require_POST
@login_required
def rescue_import(request: MemberRequest, job_id: int) -> HttpResponse:
    """Start the real import of a finished dry run."""
    _staff(request)
    dry_run = _job(request, job_id)
    try:
        job = rescue_import_start(user=request.user, dry_run_job=dry_run)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("rescue_staff:job", job_id=dry_run.pk)
    return redirect("rescue_staff:job", job_id=job.pk)
