"""With JavaScript off, in Chromium, the pages still work: the phone menu opens, the filter
panel opens and filters, a reply form opens from its link, a deletion is confirmed on its page."""

import pytest
from playwright.sync_api import expect
from tests.pages.conftest import PHONE
from tests.pages.site_data import archive_build, session_cookie

from ficarchive.feedback.models import Comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_work_without_script(browser, live_server, settings):
    """Menu, filters, reply and confirmation, on a phone, with scripts disabled."""
    settings.FICARCHIVE_THROTTLES = {"comment": (1000, 60)}
    a = archive_build()
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    context.add_cookies(session_cookie(a.reader, live_server.url))
    page = context.new_page()
    page.set_default_timeout(15_000)
    site = live_server.url

    page.goto(f"{site}/works/")
    fandoms = page.locator(".site-nav").get_by_role("link", name="Fandoms")
    expect(fandoms).to_be_hidden()
    page.locator(".menu-toggle").click()
    expect(fandoms).to_be_visible()
    page.locator(".menu-toggle").click()
    expect(fandoms).to_be_hidden()

    expect(page.locator("#filter-submit")).to_be_hidden()
    page.locator(".filters-toggle").click()
    page.locator(".facets-exclude .facet-fandom summary").click()
    page.locator(".facets-exclude .facet-fandom").get_by_label(
        "Sherlock Holmes - Arthur Conan Doyle", exact=False
    ).check()
    with page.expect_navigation():
        page.locator("#filter-submit").click()
    expect(page.locator(".results-count")).to_contain_text("1 – 1 of 1 work")
    expect(page.locator(".blurb-title")).to_have_text("The Harbour Light")

    comment = a.reader_comment
    page.goto(f"{site}{a.harbour.get_absolute_url()}")
    with page.expect_navigation():
        page.locator(f"#comment-{comment.pk}").get_by_role("link", name="Reply").click()
    page.locator(f"#reply-{comment.pk} textarea").fill("Written with scripts off.")
    with page.expect_navigation():
        page.locator(f"#reply-{comment.pk}").get_by_role("button", name="Post reply").click()
    reply = Comment.objects.get(body_html__contains="scripts off")
    assert reply.parent_id == comment.pk

    with page.expect_navigation():
        page.locator(f"#comment-{reply.pk}").get_by_role("link", name="Delete").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete this comment?")
    with page.expect_navigation():
        page.locator("#confirm-button").click()
    assert not Comment.objects.filter(pk=reply.pk).exists()
    context.close()
