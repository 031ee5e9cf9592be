"""Fixtures for the accounts tests: people and works from tests/people.py."""

from tests.people import (  # noqa: F401
    PASSWORD,
    author,
    client_for,
    make_user,
    make_work,
    reader,
    work,
)
