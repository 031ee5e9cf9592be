"""Run the web server and the job workers as one command: start them, restart a worker that
dies, and stop them all together (`ficarchive serve`)."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

PR_SET_PDEATHSIG = 1
RESTART_BACKOFF_MAX = 30.0
STOP_GRACE_SECONDS = 20.0


def _die_with_parent() -> None:
    """In the child, before exec: Linux sends SIGTERM when the supervisor dies, even by
    SIGKILL, so no worker outlives `ficarchive serve`."""
    libc_name = ctypes.util.find_library("c")
    if libc_name:
        with contextlib.suppress(AttributeError, OSError):
            ctypes.CDLL(libc_name, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class Child:
    """One supervised process: `main` ends the whole service when it exits."""

    name: str
    argv: Sequence[str]
    main: bool = False
    process: subprocess.Popen | None = None
    restarts: int = 0
    started: float = 0.0
    backoff: float = field(default=1.0)

    def start(self) -> None:
        self.process = subprocess.Popen(list(self.argv), preexec_fn=_die_with_parent)
        self.started = time.monotonic()


def supervise(children: Sequence[Child], *, poll: float = 0.5) -> int:
    """Start `children`; restart any non-main child that exits (waiting longer after each quick
    failure); on SIGTERM/SIGINT or when the main child exits, stop all and return its status."""
    stopping: dict[str, int | None] = {"signal": None}

    def on_signal(signum, frame):
        stopping["signal"] = signum

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        for child in children:
            child.start()
        status = 0
        while stopping["signal"] is None:
            time.sleep(poll)
            for child in children:
                code = child.process.poll() if child.process else None
                if code is None:
                    continue
                if child.main:
                    status = code
                    stopping["signal"] = signal.SIGTERM
                    break
                # A worker that ran for a while restarts at once; one that keeps dying waits.
                quick = time.monotonic() - child.started < 10
                child.backoff = min(RESTART_BACKOFF_MAX, child.backoff * 2) if quick else 1.0
                print(
                    f"ficarchive: {child.name} exited ({code}); restarting in {child.backoff:.0f} s",
                    file=sys.stderr,
                    flush=True,
                )
                time.sleep(child.backoff)
                child.restarts += 1
                child.start()
        return status
    finally:
        _stop_all(children)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _stop_all(children: Sequence[Child]) -> None:
    running = [c.process for c in children if c.process and c.process.poll() is None]
    for process in running:
        process.terminate()
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for process in running:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
