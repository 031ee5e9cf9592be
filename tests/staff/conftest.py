"""Fixtures for the staff-page tests: people and works from tests/people.py, with fast hashing."""

from tests.people import (  # noqa: F401
    PASSWORD,
    author,
    client_for,
    fast_password_hashing,
    make_user,
    make_work,
    reader,
    work,
)
