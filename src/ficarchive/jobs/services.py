"""Writes to jobs: enqueue one, and pick up jobs whose worker died (running one is in
`execution.py`, which the task calls)."""

from __future__ import annotations

import logging
import os
import socket
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ficarchive.jobs.kinds import job_kind_get
from ficarchive.jobs.models import Job, JobStatus
from ficarchive.jobs.tasks import job_run
from ficarchive.works.readers import Member

logger = logging.getLogger(__name__)

# A job that ran this many times without finishing is given up.
MAX_ATTEMPTS = 3


def _task_enqueue(job: Job) -> None:
    job_run.using(queue_name=job_kind_get(job.kind).queue).enqueue(job.pk)


def job_enqueue(*, kind: str, params: dict | None = None, user: Member | None = None) -> Job:
    """Record a job of a registered `kind` and put it on its queue once the caller's
    transaction commits (so a worker never looks for a job that is not there yet)."""
    job_kind_get(kind)  # unknown kinds fail here, in the caller, not later in a worker
    job = Job.objects.create(kind=kind, params=params or {}, user=user)
    transaction.on_commit(lambda: _task_enqueue(job))
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
                transaction.on_commit(partial(_task_enqueue, fresh))
            else:
                fresh.status = JobStatus.FAILED
                fresh.error = "The worker running this job stopped before it finished."
                fresh.finished_at = timezone.now()
                fresh.save(update_fields=["status", "error", "finished_at"])
        changed.append(fresh)
    return changed
