"""What a job's handler calls to say how far it got. Writes are throttled: a handler may call
it once per item of a 100,000-item run without slowing down."""

from __future__ import annotations

import time

from django.utils import timezone

from ficarchive.jobs.models import Job

SAVE_EVERY_SECONDS = 0.5


class JobProgress:
    """Progress of one running job: a phase, `done` of `total` in it, and counts by name.

    `progress.phase("importing works", total=n)` starts a phase (the estimate of time left is
    per phase); `progress(done, counts={...})` moves on. Both also mark the job alive.
    """

    def __init__(self, job: Job, *, every: float = SAVE_EVERY_SECONDS):
        self.job = job
        self.every = every
        self._saved = 0.0

    def phase(self, name: str, *, total: int | None = None) -> None:
        """Start a new phase of the work (saved at once)."""
        self.job.phase = name[:200]
        self.job.total = total
        self.job.done = 0
        self.job.phase_started_at = timezone.now()
        self.save()

    def __call__(self, done: int, *, total: int | None = None, counts: dict | None = None) -> None:
        """`done` items of the phase are finished (of `total`, when now known)."""
        self.job.done = max(0, int(done))
        if total is not None:
            self.job.total = max(0, int(total))
        if counts is not None:
            self.job.counts = dict(counts)
        if time.monotonic() - self._saved >= self.every:
            self.save()

    def save(self) -> None:
        """Write the progress now (and mark the job alive)."""
        self._saved = time.monotonic()
        self.job.heartbeat_at = timezone.now()
        Job.objects.filter(pk=self.job.pk).update(
            phase=self.job.phase,
            done=self.job.done,
            total=self.job.total,
            counts=self.job.counts,
            phase_started_at=self.job.phase_started_at,
            heartbeat_at=self.job.heartbeat_at,
        )
