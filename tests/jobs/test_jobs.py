"""The job queue: django-tasks' database backend run by `ficarchive worker` (real, in-process).

The worker closes connections that are not in autocommit mode, as it would a stale one, so
tests that run it use real transactions (`transaction=True`), not the wrapping test transaction.
"""

import io
import os
import signal
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ficarchive.jobs.kinds import JobKind, job_kind_register
from ficarchive.jobs.models import Job, JobStatus
from ficarchive.jobs.selectors import job_eta_seconds, job_get_for_user, job_progress_summary
from ficarchive.jobs.services import job_enqueue, jobs_recover_stale
from ficarchive.works.models import Tag

pytestmark = pytest.mark.django_db
worker_db = pytest.mark.django_db(transaction=True)

job_kind_register(JobKind(name="test.count", handler="tests.jobs.handlers:count_to"))
job_kind_register(
    JobKind(
        name="test.count-long", handler="tests.jobs.handlers:count_to", queue="bulk", resumable=True
    )
)
job_kind_register(JobKind(name="test.fail", handler="tests.jobs.handlers:fail"))


def run_worker(*args: str) -> None:
    call_command("worker", "--once", *args, stdout=io.StringIO(), stderr=io.StringIO())


def enqueue(capture, kind: str, **params) -> Job:
    with capture(execute=True):
        return job_enqueue(kind=kind, params=params)


@worker_db
def test_worker_runs_a_queued_job_and_records_its_progress(django_capture_on_commit_callbacks):
    """The job waits in the database until a worker runs it; its result and counts stay."""
    job = enqueue(django_capture_on_commit_callbacks, "test.count", n=50)
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert not Tag.objects.filter(name="counted to 50").exists()
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {"counted": 50}
    assert (job.phase, job.done, job.total, job.counts) == ("counting", 50, 50, {"counted": 50})
    assert job.attempts == 1
    assert job.finished_at is not None
    assert Tag.objects.filter(name="counted to 50").exists()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@worker_db
def test_queues_keep_long_jobs_apart(django_capture_on_commit_callbacks):
    """A worker of the short queue leaves long jobs to the worker of the long queue."""
    job = enqueue(django_capture_on_commit_callbacks, "test.count-long", n=3)
    run_worker("--queue", "default")
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    run_worker("--queue", "bulk")
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED


@worker_db
def test_failing_job_is_recorded_not_raised(django_capture_on_commit_callbacks):
    """A handler that raises leaves a failed job with a one-line error."""
    job = enqueue(django_capture_on_commit_callbacks, "test.fail")
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "RuntimeError: the lantern went out"


def test_unknown_kind_and_queue_are_refused():
    """Mistakes fail where they are made, not later in a worker."""
    with pytest.raises(ValueError, match="no job kind"):
        job_enqueue(kind="no.such.kind")
    with pytest.raises(ValueError, match="unknown queue"):
        job_kind_register(JobKind(name="x", handler="a:b", queue="nowhere"))
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        run_worker("--queue", "nowhere")


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _left_running(kind: str, worker: str, heartbeat=None) -> Job:
    return Job.objects.create(
        kind=kind,
        params={"n": 4},
        status=JobStatus.RUNNING,
        worker=worker,
        attempts=1,
        heartbeat_at=heartbeat or timezone.now(),
    )


@worker_db
def test_job_of_a_killed_worker_resumes_when_resumable(django_capture_on_commit_callbacks):
    """A resumable job whose worker died is queued again and finished by the next worker."""
    import socket

    job = _left_running("test.count-long", f"{socket.gethostname()}:{_dead_pid()}")
    with django_capture_on_commit_callbacks(execute=True):
        run_worker("--queue", "bulk")
    run_worker("--queue", "bulk")
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.attempts == 2


def test_job_of_a_killed_worker_fails_when_not_resumable():
    """A job that cannot simply be run again is marked failed, with the reason."""
    import socket

    job = _left_running("test.count", f"{socket.gethostname()}:{_dead_pid()}")
    assert jobs_recover_stale() == [job]
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "stopped" in job.error


def test_running_job_of_a_live_or_distant_worker_is_left_alone(settings):
    """Only a dead process, or silence past the limit on another machine, counts as stopped."""
    import socket

    live = _left_running("test.count", f"{socket.gethostname()}:{os.getpid()}")
    settings.FICARCHIVE_JOB_STALE_SECONDS = 300
    distant = _left_running("test.count", "other-host:123")
    silent = _left_running(
        "test.count", "other-host:456", heartbeat=timezone.now() - timedelta(seconds=301)
    )
    assert jobs_recover_stale() == [silent]
    live.refresh_from_db()
    distant.refresh_from_db()
    assert live.status == distant.status == JobStatus.RUNNING


def test_eta_from_pace_of_the_phase():
    """Time left is the phase's pace so far applied to what remains."""
    now = timezone.now()
    job = Job(kind="test.count", status=JobStatus.RUNNING, done=25, total=100)
    job.phase_started_at = now - timedelta(seconds=10)
    assert job_eta_seconds(job, now=now) == pytest.approx(30.0)
    job.total = None
    assert job_eta_seconds(job, now=now) is None
    job.total, job.status = 100, JobStatus.SUCCEEDED
    assert job_eta_seconds(job, now=now) is None
    job.status = JobStatus.RUNNING
    summary = job_progress_summary(job)
    assert summary["percent"] == 25.0
    assert summary["status"] == "running"


def test_jobs_are_seen_by_their_starter_and_staff_only(django_user_model):
    """Another member, or a guest, gets a 404 for someone's job."""
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    owner = django_user_model.objects.create_user("owner", password="pw-lantern-1")
    other = django_user_model.objects.create_user("other", password="pw-lantern-1")
    staff = django_user_model.objects.create_user("staff", password="pw-lantern-1", is_staff=True)
    job = Job.objects.create(kind="test.count", user=owner)
    assert job_get_for_user(user=owner, job_id=job.pk) == job
    assert job_get_for_user(user=staff, job_id=job.pk) == job
    for user in (other, AnonymousUser()):
        with pytest.raises(Http404):
            job_get_for_user(user=user, job_id=job.pk)
    with pytest.raises(Http404):
        job_get_for_user(user=owner, job_id=job.pk, kind="rescue")


@pytest.mark.slow
def test_serve_runs_a_worker_per_queue_and_stops_them(tmp_path):
    """`ficarchive serve` starts the web server and one job worker per queue; SIGTERM stops all."""
    import socket
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, FICARCHIVE_DATA=str(tmp_path), WEB_WORKERS="1")
    env.pop("DATABASE_URL", None)  # a throw-away SQLite archive, whatever the suite runs on
    server = subprocess.Popen(
        [sys.executable, "-m", "ficarchive", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        children = subprocess.run(
            ["pgrep", "-P", str(server.pid), "-a"], capture_output=True, text=True
        ).stdout
        assert "worker --queue default" in children
        assert "worker --queue bulk" in children
        assert "gunicorn" in children
        pids = [int(line.split()[0]) for line in children.splitlines()]
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
