"""The time limit on search statements, on the database this run uses."""

import time

import pytest
from django.db import connection

from ficarchive.search.time_limit import SearchTimeout, search_time_limit

# A statement that runs for seconds on either database.
SLOW = {
    "postgresql": "SELECT pg_sleep(5)",
    "sqlite": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000)"
    " SELECT COUNT(*) FROM n",
}


@pytest.mark.django_db
def test_a_statement_past_the_limit_is_cancelled_and_the_connection_still_works():
    """A statement that runs for seconds, under a 200 ms limit, stops with SearchTimeout well
    before it would have finished (a generous bound: the machine may be loaded)."""
    started = time.perf_counter()
    with pytest.raises(SearchTimeout), search_time_limit(200), connection.cursor() as cursor:
        cursor.execute(SLOW[connection.vendor])
    assert time.perf_counter() - started < 4.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone()[0] == 1


@pytest.mark.django_db
def test_the_limit_is_lifted_after_the_block():
    """A statement after the block may run longer than the block's limit."""
    with search_time_limit(1), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_sleep(0.05)")
        else:
            cursor.execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)"
                " SELECT COUNT(*) FROM n"
            )
        assert cursor.fetchone() is not None
