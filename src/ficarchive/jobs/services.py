"""Writes to jobs: enqueue one, run it (in a worker), and pick up jobs whose worker died."""

from __future__ import annotations

import logging
import os
import socket
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ficarchive.jobs.kinds import job_kind_get
from ficarchive.jobs.models import Job, JobStatus
from ficarchive.jobs.progress import JobProgress

logger = logging.getLogger(__name__)

# A job that ran this many times without finishing is given up.
MAX_ATTEMPTS = 3


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _task_enqueue(job: Job) -> None:
    from ficarchive.jobs.tasks import job_run  # the task module imports these services

    job_run.using(queue_name=job_kind_get(job.kind).queue).enqueue(job.pk)


def job_enqueue(*, kind: str, params: dict | None = None, user=None) -> Job:
    """Record a job of a registered `kind` and put it on its queue once the caller's
    transaction commits (so a worker never looks for a job that is not there yet)."""
    job_kind_get(kind)  # unknown kinds fail here, in the caller, not later in a worker
    job = Job.objects.create(kind=kind, params=params or {}, user=user)
    transaction.on_commit(lambda: _task_enqueue(job))
    return job


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


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _worker_gone(job: Job, stale_before) -> bool:
    """True when the process running `job` is known dead (same host) or silent too long."""
    host, _, pid = job.worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        return int(pid) != os.getpid() and not _pid_alive(int(pid))
    return job.heartbeat_at is None or job.heartbeat_at < stale_before


def jobs_recover_stale(*, queues: tuple[str, ...] | None = None) -> list[Job]:
    """Jobs left `running` by a worker that died (killed, machine restarted): a resumable
    job is queued again (it picks up where it stopped); others, and any job tried
    MAX_ATTEMPTS times, are marked failed. Returns the jobs it changed."""
    stale_seconds = int(getattr(settings, "FICARCHIVE_JOB_STALE_SECONDS", 300))
    stale_before = timezone.now() - timedelta(seconds=stale_seconds)
    changed = []
    for job in Job.objects.filter(status=JobStatus.RUNNING):
        try:
            kind = job_kind_get(job.kind)
        except ValueError:
            continue  # a kind this process does not know belongs to another deployment
        if queues is not None and kind.queue not in queues:
            continue
        if not _worker_gone(job, stale_before):
            continue
        with transaction.atomic():
            fresh = Job.objects.select_for_update().get(pk=job.pk)
            if fresh.status != JobStatus.RUNNING or fresh.worker != job.worker:
                continue
            if kind.resumable and fresh.attempts < MAX_ATTEMPTS:
                fresh.status, fresh.worker = JobStatus.QUEUED, ""
                fresh.save(update_fields=["status", "worker"])
                transaction.on_commit(lambda fresh=fresh: _task_enqueue(fresh))
            else:
                fresh.status = JobStatus.FAILED
                fresh.error = "The worker running this job stopped before it finished."
                fresh.finished_at = timezone.now()
                fresh.save(update_fields=["status", "error", "finished_at"])
        changed.append(fresh)
    return changed
