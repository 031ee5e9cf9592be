"""A rescue from the web (issue 10): staff upload a zip, a background job runs the dry run, they
read its report and start the import, which runs as a second job. Real queue, real worker."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from tests.conftest import SHARED
from tests.factories import vocabularies_restore

from ficarchive.jobs.models import Job, JobStatus
from ficarchive.rescue.jobs import rescue_job_folder
from ficarchive.works.models import Work

LANTERN = SHARED / "eval" / "rescue" / "efiction-lanternhollow"
worker_db = pytest.mark.django_db(transaction=True)


def zipped(folder: Path) -> bytes:
    """The sample folder as the zip an archivist would upload."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.name not in ("expected.json", "README.md"):
                archive.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


@pytest.fixture
def lantern_zip() -> bytes:
    if not LANTERN.exists():
        pytest.fail(f"the rescue sample is missing: {LANTERN}")
    return zipped(LANTERN)


@pytest.fixture
def staff(django_user_model, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    user = django_user_model.objects.create_user("keeper", password="pw-lamp-123", is_staff=True)
    client = Client()
    client.force_login(user)
    return client


def run_worker() -> None:
    call_command("worker", "--once", "--queue", "bulk", stdout=io.StringIO())


def upload(client: Client, data: bytes, name: str = "lantern.zip", **fields):
    values = {"archive": SimpleUploadedFile(name, data, "application/zip"), "slug": "lantern"}
    values.update(fields)
    return client.post("/staff/rescue/", values)


@pytest.mark.django_db
def test_rescue_pages_are_for_staff_only(client, django_user_model):
    """Guests go to the log-in page; members are refused; staff see the upload form."""
    assert client.get("/staff/rescue/")["Location"].startswith("/login/")
    member = django_user_model.objects.create_user("reader", password="pw-lamp-123")
    job = Job.objects.create(kind="rescue", params={"folder": "abc", "dry_run": True})
    client.force_login(member)
    for url in (
        "/staff/rescue/",
        f"/staff/rescue/{job.pk}/",
        f"/staff/rescue/{job.pk}/progress/",
        f"/staff/rescue/{job.pk}/report/",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/staff/rescue/{job.pk}/import/").status_code == 403
    assert not Job.objects.exclude(pk=job.pk).exists()


@pytest.mark.django_db
def test_staff_reach_the_rescue_page_from_the_site_menu(staff, client, django_user_model):
    """The menu links staff to /staff/rescue/; a member's menu has no such link."""
    assert 'href="/staff/rescue/"' in staff.get("/").content.decode()
    member = django_user_model.objects.create_user("reader", password="pw-lamp-123")
    client.force_login(member)
    assert 'href="/staff/rescue/"' not in client.get("/").content.decode()


@pytest.mark.django_db
def test_upload_needs_csrf_and_a_zip_within_the_limit(staff, settings, django_user_model):
    """No token: 403. Not a zip: an error and nothing kept. Too large: 413 before reading."""
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(django_user_model.objects.get(username="keeper"))
    assert upload(strict, b"PK...").status_code == 403
    response = upload(staff, b"not a zip at all", name="notes.zip")
    assert response.status_code == 400
    assert "not a .zip" in response.content.decode()
    settings.FICARCHIVE_MAX_RESCUE_UPLOAD = 1000
    response = upload(staff, b"x" * 5000, name="big.zip")
    assert response.status_code == 400
    assert "larger than the limit" in response.content.decode()
    response = staff.post(
        "/staff/rescue/", {"slug": "x"}, CONTENT_LENGTH=str(10 * 1024 * 1024), follow=False
    )
    assert response.status_code == 413
    assert not Job.objects.exists()
    uploads = settings.DATA_DIR / "rescue-uploads"
    assert not uploads.exists() or not any(uploads.iterdir())


@worker_db
def test_dry_run_then_import_as_background_jobs(staff, lantern_zip):
    """The dry run writes nothing and leaves its report; the import creates the works."""
    vocabularies_restore()
    response = upload(
        staff,
        lantern_zip,
        old_url="http://lanternhollow.example.net/fiction",
        do_not_import=SimpleUploadedFile(
            "do_not_import.txt", (LANTERN / "do_not_import.txt").read_bytes()
        ),
    )
    assert response.status_code == 302
    job = Job.objects.get()
    assert response["Location"] == f"/staff/rescue/{job.pk}/"
    assert job.status == JobStatus.QUEUED
    assert job.params["dry_run"] is True
    page = staff.get(response["Location"]).content.decode()
    assert "Waiting for a worker" in page
    assert "job-progress.js" in page

    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.result["dry_run"] is True
    assert job.result["counts"]["works"] == 10
    assert not Work.objects.exists()
    assert staff.get(f"/staff/rescue/{job.pk}/progress/").json()["finished"] is True
    report = staff.get(f"/staff/rescue/{job.pk}/report/")
    assert report.status_code == 200
    assert "Lantern Hollow" in b"".join(report).decode()
    page = staff.get(f"/staff/rescue/{job.pk}/").content.decode()
    assert "Start the import" in page
    assert "Read the dry-run report" in page

    response = staff.post(f"/staff/rescue/{job.pk}/import/")
    real = Job.objects.exclude(pk=job.pk).get()
    assert response["Location"] == f"/staff/rescue/{real.pk}/"
    assert real.params["dry_run"] is False
    assert real.params["parent"] == job.pk
    again = staff.post(f"/staff/rescue/{job.pk}/import/")
    assert again["Location"] == response["Location"], "a second click joins the same import"
    assert Job.objects.count() == 2

    run_worker()
    real.refresh_from_db()
    assert real.status == JobStatus.SUCCEEDED, real.error
    assert real.result["counts"]["created"] == 10
    assert Work.objects.count() == 10
    assert (rescue_job_folder(real) / f"report-{real.pk}.html").is_file()
    assert "What the import did" in staff.get(f"/staff/rescue/{real.pk}/").content.decode()


@pytest.mark.django_db
def test_import_needs_a_finished_dry_run(staff):
    """An import cannot be started from a dry run still running, nor from an import."""
    running = Job.objects.create(
        kind="rescue", status=JobStatus.RUNNING, params={"folder": "abc", "dry_run": True}
    )
    staff.post(f"/staff/rescue/{running.pk}/import/")
    done_import = Job.objects.create(
        kind="rescue", status=JobStatus.SUCCEEDED, params={"folder": "abc", "dry_run": False}
    )
    staff.post(f"/staff/rescue/{done_import.pk}/import/")
    assert Job.objects.count() == 2
