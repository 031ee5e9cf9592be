"""Reads of jobs: who may see one, and how far it got."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone

from ficarchive.jobs.models import Job, JobStatus
from ficarchive.works.readers import Reader


def job_get_for_user(*, user: Reader, job_id: int, kind: str | None = None) -> Job:
    """The job if `user` started it or is staff; Http404 otherwise (never reveals it exists)."""
    jobs = Job.objects.filter(pk=job_id)
    if kind is not None:
        jobs = jobs.filter(kind=kind)
    if not (user.is_authenticated and user.is_staff):
        jobs = jobs.filter(user_id=user.pk) if user.is_authenticated else jobs.none()
    job = jobs.first()
    if job is None:
        raise Http404("No such job.")
    return job


def job_eta_seconds(job: Job, *, now=None) -> float | None:
    """Seconds left in the current phase at its pace so far; None when it cannot be told
    (no total, nothing done yet, not running)."""
    if job.status != JobStatus.RUNNING or not job.total or not job.done:
        return None
    if job.phase_started_at is None:
        return None
    elapsed = ((now or timezone.now()) - job.phase_started_at).total_seconds()
    if elapsed <= 0:
        return None
    return max(0.0, (job.total - job.done) * elapsed / job.done)


def job_progress_summary(job: Job) -> dict:
    """What a progress display needs, JSON-able: status, phase, done, total, percent,
    counts, eta_seconds, error."""
    percent = None
    if job.total:
        percent = min(100.0, round(100.0 * job.done / job.total, 1))
    eta = job_eta_seconds(job)
    return {
        "id": job.pk,
        "kind": job.kind,
        "status": job.status,
        "status_text": job.get_status_display(),
        "finished": job.finished,
        "phase": job.phase,
        "done": job.done,
        "total": job.total,
        "percent": percent,
        "counts": job.counts,
        "eta_seconds": round(eta) if eta is not None else None,
        "error": job.error,
    }
