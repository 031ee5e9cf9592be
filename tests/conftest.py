"""Fixtures shared by every test package."""

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SEED = SHARED / "eval" / "seed" / "she-doesnt-need-saving.txt"


@pytest.fixture
def seed_path() -> Path:
    """The seed story, read from ../shared (never copied into the project)."""
    if not SEED.exists():
        pytest.fail(f"the seed story is missing: {SEED} (tests expect ../shared beside the checkout)")
    return SEED
