"""The worker's chores: each runs when due, not before, and one failing chore stops nothing."""

import pytest
from tests.jobs.handlers import CHORE_CALLS

from ficarchive.jobs import housekeeping
from ficarchive.jobs.housekeeping import Chore, chore_register, chores_run_due


@pytest.fixture
def chores(monkeypatch):
    """Only this test's chores are registered while it runs."""
    monkeypatch.setattr(housekeeping, "_CHORES", {})
    CHORE_CALLS.clear()


def test_a_chore_runs_at_once_then_only_when_its_interval_has_passed(chores):
    chore_register(Chore(name="tick", handler="tests.jobs.handlers:chore_tick", every_seconds=60))
    last: dict[str, float] = {}
    assert chores_run_due(last, now=1000.0) == ["tick"]
    assert chores_run_due(last, now=1059.0) == []
    assert chores_run_due(last, now=1060.0) == ["tick"]
    assert CHORE_CALLS == ["tick", "tick"]


def test_a_failing_chore_does_not_keep_the_others_from_running(chores, caplog):
    chore_register(
        Chore(name="a-broken", handler="tests.jobs.handlers:chore_broken", every_seconds=1)
    )
    chore_register(Chore(name="b-tick", handler="tests.jobs.handlers:chore_tick", every_seconds=1))
    assert chores_run_due({}, now=5.0) == ["a-broken", "b-tick"]
    assert CHORE_CALLS == ["tick"]
    assert "chore a-broken failed" in caplog.text


def test_the_importing_app_registers_the_upload_sweep():
    names = [chore.name for chore in housekeeping.chores_registered()]
    assert "uploads_expire" in names
