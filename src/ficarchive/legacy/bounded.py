"""Reading a story under a hard limit, so that no file can hold the process that asked.

The reader keeps its own time budget, but a budget is only checked between steps. Here the
reader runs in a child process, started from a fork server that has the reader loaded (so a
start costs milliseconds), which is killed when the time is up and whose memory is capped.
The site reads uploads and pastes this way (`site/reading_limits.py` gives the limits).
"""

from __future__ import annotations

import multiprocessing
import resource
from multiprocessing.connection import Connection

from ficarchive.legacy.model import Diagnostic, ParsedWork
from ficarchive.legacy.reader import parse_bytes

_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(["ficarchive.legacy.bounded_warmup"])


def _failed(source: str, message: str) -> ParsedWork:
    work = ParsedWork(source=source)
    work.diagnostics.append(Diagnostic("error", message))
    return work


def _read_in_child(sender: Connection, data: bytes, source: str, memory: int) -> None:
    if memory:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    try:
        parsed = parse_bytes(data, source)
    except MemoryError:
        parsed = _failed(source, "the file needs more memory to read than the archive allows")
    sender.send(parsed)
    sender.close()


def parse_bounded(data: bytes, source: str, *, seconds: float, memory: int) -> ParsedWork:
    """What the reader finds in `data`, read in a child process that is killed after `seconds`
    and may use `memory` bytes (0: no cap); never raises. A file that takes longer, or more
    memory, comes back as a ParsedWork with one error diagnostic that says so."""
    receiver, sender = _context.Pipe(duplex=False)
    child = _context.Process(
        target=_read_in_child, args=(sender, data, source, memory), daemon=True
    )
    try:
        child.start()
        sender.close()
        if receiver.poll(seconds):
            return receiver.recv()
        if child.is_alive():
            return _failed(
                source, f"reading the file took longer than {seconds:g} seconds; it was stopped"
            )
        return _failed(source, "the reader stopped without an answer (out of memory?)")
    except (EOFError, OSError) as exc:
        return _failed(source, f"the reader stopped without an answer ({exc})")
    finally:
        if child.is_alive():
            child.kill()
        child.join(5)
        receiver.close()
