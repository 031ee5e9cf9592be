"""The one django-tasks task: run a `Job` by id. Running it is in `execution`."""

from __future__ import annotations

from django_tasks import task

from ficarchive.jobs.execution import job_execute


@task()
def job_run(job_id: int) -> None:
    """Run the job (its outcome is recorded on the Job, never raised to the queue)."""
    job_execute(job_id=job_id)
