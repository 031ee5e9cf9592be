"""Running a job, in the worker that took it from the queue (the task in `tasks.py` calls this)."""

from __future__ import annotations

import logging
import os
import socket

from django.db import transaction
from django.utils import timezone

from ficarchive.jobs.kinds import job_kind_get
from ficarchive.jobs.models import Job, JobStatus
from ficarchive.jobs.progress import JobProgress

logger = logging.getLogger(__name__)


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())[:2000]


def job_execute(*, job_id: int) -> Job | None:
    """Run a queued job in this process: mark it running, call its kind's handler with a
    `JobProgress`, record the result or the error. Never raises for a failing handler."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != JobStatus.QUEUED:
            return job  # cancelled, or already taken by another worker
        now = timezone.now()
        job.status, job.worker, job.error = JobStatus.RUNNING, _worker_name(), ""
        job.attempts += 1
        job.started_at = job.started_at or now
        job.heartbeat_at = now
        job.save()
    progress = JobProgress(job)
    try:
        result = job_kind_get(job.kind).load()(job, progress)
    except Exception as exc:
        logger.exception("job %s failed", job)
        status, result, error = JobStatus.FAILED, None, f"{type(exc).__name__}: {exc}"
    else:
        status, error = JobStatus.SUCCEEDED, ""
    progress.save()
    Job.objects.filter(pk=job.pk).update(
        status=status, result=result, error=_one_line(error), finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job
