"""Each export test builds its files in its own folder (never in the shared ./var)."""

import pytest


@pytest.fixture(autouse=True)
def exports_data_dir(settings, tmp_path):
    """Point DATA_DIR at a fresh folder, so cached downloads never leak between tests."""
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    return settings.DATA_DIR
