"""The works listing in the real Chromium: facets add filters, the search box takes anything."""

import re

import pytest
from playwright.sync_api import expect
from tests.factories import tag, work_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser):
    """A page in the session's Debian Chromium (tests/conftest.py)."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_facet_links_and_search_box(page, live_server):
    """Works saved normally are indexed by the signals; facets narrow, any query answers."""
    rose = tag("Rose Tyler", "character")
    work_row("Bad Wolf Bay", tags=(rose,), body="The sea was grey at the bay.", kudos=5)
    work_row("Torchwood Tea", tags=(rose, tag("Tea")))
    work_row("Baker Street", tags=(tag("Sherlock Holmes", "character"),))

    page.goto(f"{live_server.url}/works/")
    expect(page.get_by_role("status").first).to_contain_text("of 3 works")
    page.locator(".facets-include .facet-character").get_by_label("Rose Tyler").check()
    page.locator("#filter-submit").click()
    expect(page).to_have_url(re.compile(r"/works/\?.*tag=Rose\+Tyler"))
    expect(page.locator(".results-count")).to_contain_text("1 – 2 of 2 works")
    expect(page.get_by_role("link", name="Baker Street")).to_have_count(0)

    page.locator("#f-q").fill('grey "unbalanced')
    page.locator("#f-in-text").check()
    page.locator("#filter-submit").click()
    expect(page.locator(".search-notes")).to_contain_text("quote")

    page.locator("#site-search-q").fill("grey in:text")
    page.locator("#site-search-q").press("Enter")
    expect(page.locator(".blurb-highlights mark").first).to_have_text("grey")
    expect(page.get_by_role("link", name="Bad Wolf Bay")).to_be_visible()
