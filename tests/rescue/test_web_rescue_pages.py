"""The staff rescue pages in Chromium: axe finds no problem, light and dark, desktop and phone;
a running job's page updates itself from the progress endpoint."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect
from tests.pages.conftest import DESKTOP, PHONE

from ficarchive.jobs.models import Job, JobStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[1] / "pages" / "vendor" / "axe.min.js"


@pytest.fixture
def rescue_jobs(live_server, django_user_model):
    """A staff member, a finished dry run and a running import; the session cookie to use."""
    staff = django_user_model.objects.create_user("keeper", password="pw-lamp-123", is_staff=True)
    params = {"folder": "0123abcd", "dry_run": True, "archive_name": "lantern.zip"}
    now = timezone.now()
    dry = Job.objects.create(
        kind="rescue",
        user=staff,
        status=JobStatus.SUCCEEDED,
        params=params,
        started_at=now - timedelta(seconds=75),
        finished_at=now,
        result={
            "dry_run": True,
            "archive": {"name": "Lantern Hollow"},
            "counts": {"created": 10, "skipped": 6, "not_imported": 6, "comment_replies": 1},
        },
    )
    running = Job.objects.create(
        kind="rescue",
        user=staff,
        status=JobStatus.RUNNING,
        params=dict(params, dry_run=False, parent=dry.pk),
        phase="Stories",
        done=40,
        total=160,
        counts={"created": 38, "skipped": 2},
        started_at=now - timedelta(seconds=30),
        phase_started_at=now - timedelta(seconds=20),
        heartbeat_at=now,
        worker="elsewhere:1",
    )
    client = Client()
    client.force_login(staff)
    cookie = {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }
    return {"url": live_server.url, "dry": dry, "running": running, "cookie": cookie}


def _violations(page) -> list[str]:
    page.evaluate(AXE.read_text())
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']}" for v in result["violations"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_rescue_pages_have_no_axe_violations(browser, rescue_jobs, scheme, viewport):
    """The upload page, a finished dry run and a running import: no axe violation at all."""
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    context.add_cookies([rescue_jobs["cookie"]])
    try:
        page = context.new_page()
        for path in (
            "/staff/rescue/",
            f"/staff/rescue/{rescue_jobs['dry'].pk}/",
            f"/staff/rescue/{rescue_jobs['running'].pk}/",
        ):
            page.goto(rescue_jobs["url"] + path)
            assert page.locator("h1").count() == 1, path
            assert _violations(page) == [], path
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], "the page scrolls sideways"
    finally:
        context.close()


def test_running_job_page_follows_progress(browser, rescue_jobs):
    """The page polls the progress endpoint and shows the new counts without a reload."""
    context = browser.new_context(viewport=DESKTOP)
    context.add_cookies([rescue_jobs["cookie"]])
    try:
        page = context.new_page()
        page.goto(f"{rescue_jobs['url']}/staff/rescue/{rescue_jobs['running'].pk}/")
        assert page.locator('[data-field="done"]').inner_text() == "40"
        Job.objects.filter(pk=rescue_jobs["running"].pk).update(
            done=120, counts={"created": 117, "skipped": 3}, heartbeat_at=timezone.now()
        )
        # Playwright's own polling: the page's CSP forbids the string eval of wait_for_function.
        expect(page.locator('[data-field="done"]')).to_have_text("120", timeout=15_000)
        assert "117" in page.locator('[data-field="counts"]').inner_text()
        assert page.evaluate("document.getElementById('job-bar').value") == 75
    finally:
        context.close()
