"""What the browser tests share: how Debian's Chromium is started."""

import os

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
