"""Every URL of the site, given hostile ids, names, queries and forms, answers without a 5xx."""

import logging

import pytest
from django.test import Client
from tests.factories import archive_build
from tests.robustness.sweep import CLEAR, run_sweep
from tests.robustness.urls_enumerated import patterns

# Real commits; no serialized rollback (it collides with the content types recreated after an
# earlier test's flush), so the fixed vocabularies are written again before each test.
# The sweep takes about 90 s: `slow`, left out of `make test-fast`.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture(autouse=True)
def quiet_request_log():
    """The sweep records every 5xx itself; Django's per-request warnings would drown the report."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


def report(sweep) -> str:
    errors = sweep.server_errors()
    lines = [f"{o.method} {o.path} -> {o.status} {o.error}" for o in errors[:40]]
    return f"{len(errors)} server errors of {len(sweep.outcomes)} requests:\n" + "\n".join(lines)


def assert_clear(sweep, *, at_least: int) -> None:
    statuses = sweep.statuses()
    print(f"{len(sweep.outcomes)} requests: {dict(sorted(statuses.items()))}")
    assert not sweep.server_errors(), report(sweep)
    assert len(sweep.outcomes) >= at_least, statuses
    clear = sum(count for status, count in statuses.items() if status in CLEAR)
    assert clear >= 0.98 * len(sweep.outcomes), statuses
    assert statuses[200] >= 0.1 * len(sweep.outcomes), (
        f"too few pages actually rendered: {statuses}"
    )


def test_the_resolver_lists_every_part_of_the_site():
    """The sweep walks the real resolver: reading, search, feedback, posting, exports, admin."""
    names = {p.name for p in patterns()}
    assert len(names) > 60
    for name in (
        "work",
        "chapter",
        "works",
        "api_works",
        "download",
        "opds_search",
        "work_new",
        "comment_add",
        "start",
        "preview",
        "claim",
        "works_work_changelist",
    ):
        assert name in names, name


def test_anonymous_sweep_has_no_server_error():
    """A guest requesting every URL with hostile values, queries and forms never gets a 5xx."""
    existing = archive_build()
    sweep = run_sweep(Client(raise_request_exception=False), existing, staff=False)
    assert_clear(sweep, at_least=1200)


def test_logged_in_author_sweep_has_no_server_error():
    """The works' own author, over every URL with hostile input, never gets a 5xx."""
    from ficarchive.accounts.models import User

    existing = archive_build()
    client = Client(raise_request_exception=False)
    author = User.objects.get(username="author")
    client.force_login(author)
    sweep = run_sweep(client, existing, staff=False, relogin=lambda: client.force_login(author))
    assert_clear(sweep, at_least=1200)


def test_staff_sweep_including_admin_has_no_server_error():
    """A staff superuser, over every URL including the admin, never gets a 5xx."""
    from ficarchive.accounts.models import User

    existing = archive_build()
    client = Client(raise_request_exception=False)
    staff = User.objects.get(username="staffer")
    client.force_login(staff)
    sweep = run_sweep(client, existing, staff=True, relogin=lambda: client.force_login(staff))
    assert_clear(sweep, at_least=2000)
