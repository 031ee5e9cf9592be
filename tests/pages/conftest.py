"""Fixtures for the page tests: the real Chromium through Playwright, against the live server."""

import pytest
from tests.factories import legacy_fields, work_make

# The live server reads from another thread, so its data must be committed.
DB_MARK = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def page(browser):
    """A fresh desktop-sized page in light mode."""
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def library(live_server):
    """A small archive the live server can see: a three-chapter work in a two-part series,
    a second part, and a work tagged with a synonym of the first one's relationship.

    Tests using it are marked `django_db(transaction=True)` (DB_MARK): the live server needs
    committed data (the autouse `fixed_vocabularies` writes the fixed tags back first).
    """
    first = work_make(
        title="The Lamp in the Window",
        chapters=3,
        total=3,
        series=("Fogbound Tales", 1),
        relationships=("Sherlock Holmes/John Watson",),
        **legacy_fields(),
    )
    second = work_make(title="The Second Lamp", series=("Fogbound Tales", 2))
    synonym = work_make(
        title="A Walk by the River",
        relationships=("Sherlock Holmes/John Watson",),
        relationships_original=("Holmes/Watson",),
    )
    return {"url": live_server.url, "first": first, "second": second, "synonym": synonym}
