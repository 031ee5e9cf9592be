"""Every page carries a Content-Security-Policy, and the pages still work under it in Chromium."""

import pytest
from django.test import Client

from ficarchive.feedback.models import Comment
from ficarchive.works.models import Work

POLICY_PARTS = ("script-src 'self'", "object-src 'none'", "frame-ancestors 'none'")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/works/", "/login/", "/admin/login/", "/report/"])
def test_pages_send_the_policy(path):
    """The policy header forbids inline and foreign scripts, plugins and framing."""
    response = Client().get(path)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert all(part in policy for part in POLICY_PARTS)
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]


@pytest.fixture
def site(django_db_serialized_rollback, transactional_db, live_server):
    return live_server.url


def logged_in_page(browser, site, user):
    """A Chromium page holding `user`'s session, recording policy violations and dialogs."""
    client = Client()
    client.force_login(user)
    context = browser.new_context()
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.violations = []
    page.on(
        "console",
        lambda m: page.violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    return page


@pytest.mark.browser
def test_pages_run_under_the_policy(browser, site, make_work, author, reader, client_for):
    """Work, edit, listing, import and admin pages raise no policy violation in Chromium; the
    tag autocomplete script runs; deleting asks first, on a page of its own (cancel keeps it)."""
    work = make_work(author, title="Guarded Lantern")
    reader_client = client_for(reader)
    reader_client.post(f"/works/{work.pk}/comments/", {"body": "First!"})
    parent = Comment.objects.get()
    reader_client.post(f"/works/{work.pk}/comments/", {"body": "Reply.", "parent": parent.pk})
    page = logged_in_page(browser, site, author)
    for path in (work.get_absolute_url(), "/works/?q=lantern", "/import/", "/admin/login/"):
        page.goto(site + path)
    page.goto(f"{site}/works/{work.pk}/edit/")
    page.fill("#id_fandoms", "Orig")  # the autocomplete script runs and suggests
    page.locator("#id_fandoms").press("End")
    page.keyboard.type("i")
    page.get_by_role("option", name="Original Work").wait_for()
    page.goto(f"{site}/works/{work.pk}/")
    page.click("#delete-work")
    page.get_by_role("link", name="Cancel").click()
    page.wait_for_load_state("load")
    assert page.dialogs == []
    assert Work.objects.filter(pk=work.pk).exists()
    assert page.violations == []
    page.context.close()


@pytest.mark.browser
def test_admin_runs_under_the_policy(browser, site, make_user, make_work, author):
    """The admin's list and change pages raise no policy violation for staff in Chromium."""
    work = make_work(author, title="Administered")
    boss = make_user("boss", is_staff=True, is_superuser=True)
    page = logged_in_page(browser, site, boss)
    for path in ("/admin/", "/admin/works/work/", f"/admin/works/work/{work.pk}/change/"):
        assert page.goto(site + path).status == 200, path
    page.wait_for_load_state("load")
    assert page.violations == []
    page.context.close()
