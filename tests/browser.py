"""What the browser tests share: how Debian's Chromium is started, and the data they need back."""

import os
from importlib import import_module

from django.apps import apps as django_apps

# Playwright's sync API keeps an event loop running in the test thread; Django refuses ORM calls
# under a running loop unless told the calls are in fact synchronous, which they are here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def vocabularies_restore() -> None:
    """Write the fixed ratings, warnings and categories again, as their migration does.

    Tests against the live server need committed data (`transaction=True`); the flush after
    each such test also empties what migrations wrote, so browser fixtures call this first.
    """
    import_module("ficarchive.works.migrations.0002_fixed_vocabularies").create_vocabularies(
        django_apps, None
    )
