"""Fixtures shared by every test package."""

import os
from pathlib import Path

import pytest
from tests.browser import CHROMIUM, CHROMIUM_ARGS

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SEED = SHARED / "eval" / "seed" / "she-doesnt-need-saving.txt"


@pytest.fixture
def seed_path() -> Path:
    """The seed story, read from ../shared (never copied into the project)."""
    if not SEED.exists():
        pytest.fail(
            f"the seed story is missing: {SEED} (tests expect ../shared beside the checkout)"
        )
    return SEED


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole run (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make system-deps)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _search_index_per_test():
    """Each test, and each request a test makes, reads the archive as it is now: the per-process
    search index starts afresh.

    Tests run inside a transaction that is rolled back, so the change log that keeps every
    process's index in step (written when a transaction commits) stays empty; without this a
    process would keep the index of an earlier test, or of an earlier request in the same test.
    The text index (in memory) starts each test empty and takes in what the test logs.
    """
    from django.conf import settings
    from django.core.signals import request_started

    from ficarchive.search.bitmaps.sync import work_index_forget
    from ficarchive.search.textindex.follow import text_index_reset
    from ficarchive.search.textindex.schema import IN_MEMORY

    def forget(**kwargs):
        work_index_forget()

    work_index_forget()
    if settings.FICARCHIVE_TEXT_INDEX == IN_MEMORY:
        text_index_reset()  # the text index follows this test's change log from its start
    request_started.connect(forget, dispatch_uid="tests.search_index_per_request")
    yield
    request_started.disconnect(dispatch_uid="tests.search_index_per_request")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that drives Chromium is a `browser` test, marked or not (`make test-fast`
    leaves them out)."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
