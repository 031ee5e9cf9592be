"""Chores the background worker does now and then, whatever is queued: each app registers its
own in `AppConfig.ready()` (the jobs app depends on none of them), and the worker runs those that
are due between looks at the queue."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from ficarchive.jobs.kinds import handler_load

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Chore:
    """`handler` ("module:function") is called with no arguments at most once every
    `every_seconds` by each worker process."""

    name: str
    handler: str
    every_seconds: float


_CHORES: dict[str, Chore] = {}


def chore_register(chore: Chore) -> None:
    """Make `chore` part of the worker's rounds (registering the same name again replaces it)."""
    _CHORES[chore.name] = chore


def chores_registered() -> list[Chore]:
    """Every registered chore, by name."""
    return [_CHORES[name] for name in sorted(_CHORES)]


def chores_run_due(last_run: dict[str, float], *, now: float | None = None) -> list[str]:
    """Run each chore whose time has come (never run counts as due), noting the time in
    `last_run`; returns the names run. A chore that fails is logged and tried again next time
    it is due: one chore's trouble never stops the worker."""
    now = time.monotonic() if now is None else now
    ran = []
    for chore in chores_registered():
        previous = last_run.get(chore.name)
        if previous is not None and now - previous < chore.every_seconds:
            continue
        last_run[chore.name] = now
        try:
            handler_load(chore.handler)()
        except Exception:
            logger.exception("chore %s failed", chore.name)
        ran.append(chore.name)
    return ran
