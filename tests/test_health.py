"""The health page."""

import pytest

from ficarchive.rescue.redirects import old_hosts


@pytest.mark.django_db
def test_health_answers_ok_without_the_database(client, django_assert_num_queries):
    """`/healthz` answers 200 `ok` and reads nothing from the database."""
    old_hosts.get()  # read once per process and kept half a minute, not on each request
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
