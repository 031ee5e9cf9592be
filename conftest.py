"""Test-wide set-up: every run gets its own data folder, so tests never touch ./var."""

import os
import tempfile

os.environ["FICARCHIVE_DATA"] = tempfile.mkdtemp(prefix="ficarchive-test-")

SHARED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "shared")
