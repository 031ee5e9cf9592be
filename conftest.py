"""Test-wide set-up: every run gets its own data folder, so tests never touch ./var.

Django is configured here rather than from pytest's ini, because pytest-django would load the
settings before this file runs, and the data folder must be chosen first.
"""

import os
import tempfile

os.environ["FICARCHIVE_DATA"] = tempfile.mkdtemp(prefix="ficarchive-test-")
os.environ["DJANGO_SETTINGS_MODULE"] = "ficarchive.site.settings"
# The text index lives in this process's memory: each test's transaction is rolled back, and an
# index of a few works is rebuilt in milliseconds (tests of the index folder set their own).
os.environ.setdefault("FICARCHIVE_TEXT_INDEX", ":memory:")

import django

django.setup()

# Fixtures for every test package (people, works, fast hashing, the fixed vocabularies).
pytest_plugins = ["tests.fixtures"]
