"""Rescues from the web: a staff upload becomes a background job (`ficarchive.jobs`) that runs
`rescue_run` with its progress on the job, and leaves its report beside the upload.

A dry run comes first; its job page offers to start the real import, a second job over the same
upload with the same options. Both are resumable: a worker killed midway runs it again, and the
rescue goes on from the last work it committed.
"""

from __future__ import annotations

import json
import secrets
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile

from ficarchive.jobs.kinds import QUEUE_LONG, JobKind
from ficarchive.jobs.models import Job, JobStatus
from ficarchive.jobs.progress import JobProgress
from ficarchive.jobs.services import job_enqueue
from ficarchive.rescue.do_not_import import do_not_import_read
from ficarchive.rescue.services import RescueOptions, RescueProgress, rescue_run
from ficarchive.rescue.tag_map import tag_map_read
from ficarchive.works.readers import Member, Reader

JOB_KIND = "rescue"
RESCUE_JOB = JobKind(
    name=JOB_KIND, handler="ficarchive.rescue.jobs:rescue_job_run", queue=QUEUE_LONG, resumable=True
)
PHASE_LABELS = {"reading": "Reading the archive", "works": "Stories", "series": "Series"}
ARCHIVE_NAME = "archive.zip"
REPORT_HTML = "report-{job}.html"
REPORT_JSON = "report-{job}.json"
OPTION_NAMES = ("slug", "old_url", "fandom", "table_prefix")


def rescue_upload_limit() -> int:
    """The largest archive (zip) staff may upload, in bytes (FICARCHIVE_MAX_RESCUE_UPLOAD)."""
    return int(getattr(settings, "FICARCHIVE_MAX_RESCUE_UPLOAD", 2 * 1024**3))


def rescue_uploads_folder() -> Path:
    """Where uploaded archives and their reports are kept (in the data folder)."""
    return Path(settings.DATA_DIR) / "rescue-uploads"


def _check_staff(user: Reader | None) -> None:
    if user is None or not user.is_authenticated or not user.is_staff:
        raise PermissionDenied("Only staff can rescue an archive.")


def _save(upload: UploadedFile, target: Path) -> None:
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)


def rescue_upload_start(
    *,
    user: Member,
    archive: UploadedFile,
    options: dict,
    do_not_import: UploadedFile | None = None,
    tag_map: UploadedFile | None = None,
) -> Job:
    """Keep an uploaded archive (a .zip) and queue its dry run. Staff only.

    `options` may name slug, old_url, fandom, table_prefix. Raises PermissionDenied for
    anyone else, ValidationError for a file that is too large or not a zip, or a list that
    cannot be read."""
    _check_staff(user)
    limit = rescue_upload_limit()
    if archive.size is None or archive.size > limit:
        raise ValidationError(f"The archive is larger than the limit ({limit // 1024**2} MB).")
    folder = rescue_uploads_folder() / secrets.token_hex(16)
    folder.mkdir(parents=True, mode=0o700)
    try:
        _save(archive, folder / ARCHIVE_NAME)
        if not zipfile.is_zipfile(folder / ARCHIVE_NAME):
            raise ValidationError("That is not a .zip file.")
        params = {k: (options.get(k) or "").strip() for k in OPTION_NAMES}
        readers: tuple[tuple[str, UploadedFile | None, Callable[[Path], object]], ...] = (
            ("do_not_import", do_not_import, do_not_import_read),
            ("tag_map", tag_map, tag_map_read),
        )
        for name, upload, reader in readers:
            if upload is not None:
                if (upload.size or 0) > 10 * 1024**2:
                    raise ValidationError(f"The {name.replace('_', '-')} file is too large.")
                _save(upload, folder / f"{name}.txt")
                try:
                    reader(folder / f"{name}.txt")
                except (OSError, ValueError) as exc:
                    raise ValidationError(f"The {name.replace('_', '-')} file: {exc}") from exc
                params[name] = f"{name}.txt"
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    params.update(folder=folder.name, dry_run=True, archive_name=(archive.name or "")[:200])
    return job_enqueue(kind=JOB_KIND, params=params, user=user)


def rescue_import_start(*, user: Member, dry_run_job: Job) -> Job:
    """Queue the real import of a finished dry run's upload, with the same options."""
    _check_staff(user)
    if dry_run_job.kind != JOB_KIND or not dry_run_job.params.get("dry_run"):
        raise ValidationError("Only a dry run can be imported.")
    if dry_run_job.status != JobStatus.SUCCEEDED:
        raise ValidationError("The dry run has not finished.")
    started = Job.objects.filter(kind=JOB_KIND, params__parent=dry_run_job.pk).first()
    if started is not None:
        return started  # a second click joins the import already under way
    params = dict(dry_run_job.params, dry_run=False, parent=dry_run_job.pk)
    return job_enqueue(kind=JOB_KIND, params=params, user=user)


def rescue_job_folder(job: Job) -> Path:
    """The job's upload folder (its name is a random token, never a path from outside)."""
    name = str(job.params.get("folder", ""))
    if not name.isalnum():
        raise ValueError("the job has no upload folder")
    return rescue_uploads_folder() / name


def rescue_job_report_path(job: Job) -> Path | None:
    """The HTML report the job wrote, if it finished."""
    path = rescue_job_folder(job) / REPORT_HTML.format(job=job.pk)
    return path if path.is_file() else None


def _options(job: Job, folder: Path) -> RescueOptions:
    params = job.params
    options = RescueOptions(
        dry_run=bool(params.get("dry_run")),
        slug=params.get("slug") or None,
        old_url=params.get("old_url") or None,
        fandom=params.get("fandom") or None,
        table_prefix=params.get("table_prefix") or None,
    )
    if params.get("do_not_import"):
        options.do_not_import = do_not_import_read(folder / "do_not_import.txt")
    if params.get("tag_map"):
        options.tag_map = tag_map_read(folder / "tag_map.txt")
    return options


def rescue_job_run(job: Job, progress: JobProgress) -> dict:
    """The job kind's handler: run the rescue, keep its reports, return the counts."""
    folder = rescue_job_folder(job)
    phase: dict[str, str | None] = {"name": None}

    def report_progress(state: RescueProgress) -> None:
        if state.phase != phase["name"]:
            phase["name"] = state.phase
            progress.phase(PHASE_LABELS.get(state.phase, state.phase), total=state.total)
        progress(state.done, total=state.total, counts=state.counts)

    report = rescue_run(folder / ARCHIVE_NAME, _options(job, folder), progress=report_progress)
    (folder / REPORT_HTML.format(job=job.pk)).write_text(report.to_html(), encoding="utf-8")
    (folder / REPORT_JSON.format(job=job.pk)).write_text(
        json.dumps(report.to_json(), ensure_ascii=False), encoding="utf-8"
    )
    return {"dry_run": report.dry_run, "archive": report.archive, "counts": report.counts}
