"""The kinds of background job, by name. Apps register theirs in `AppConfig.ready()`, so the
jobs app depends on none of them."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

# Short jobs (an upload to read) never wait behind long ones (a whole archive to rescue):
# `ficarchive serve` runs one worker for each queue.
QUEUE_SHORT = "default"
QUEUE_LONG = "bulk"
QUEUES = (QUEUE_SHORT, QUEUE_LONG)


@dataclass(frozen=True)
class JobKind:
    """A kind of job: `handler` ("module:function") is called as `function(job, progress)`
    and returns a JSON-able result (or None). A `resumable` job that was stopped midway (a
    worker killed) is simply run again; others are marked failed."""

    name: str
    handler: str
    queue: str = QUEUE_SHORT
    resumable: bool = False

    def load(self) -> Callable:
        return handler_load(self.handler)


def handler_load(handler: str) -> Callable:
    """The function a "module:function" string names (job kinds and the worker's chores)."""
    module_name, function_name = handler.split(":")
    return getattr(importlib.import_module(module_name), function_name)


_KINDS: dict[str, JobKind] = {}


def job_kind_register(kind: JobKind) -> None:
    """Make `kind` available to `job_enqueue` (registering the same name again replaces it)."""
    if kind.queue not in QUEUES:
        raise ValueError(f"unknown queue {kind.queue!r} (one of {', '.join(QUEUES)})")
    _KINDS[kind.name] = kind


def job_kind_get(name: str) -> JobKind:
    """The registered kind called `name`; ValueError when there is none."""
    try:
        return _KINDS[name]
    except KeyError:
        raise ValueError(f"no job kind {name!r} is registered") from None
