"""CPU time for tests that must show "fast enough" on a loaded machine: wall time counts every
other job on it, CPU time counts only the work.

`cpu_seconds()` is this process's CPU time plus, on PostgreSQL, the CPU time of this
connection's server process (read from /proc: the server runs on this machine, in development
and in CI), so a query's cost is counted whichever side spends it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.db import connection


def _backend_cpu() -> float:
    """CPU seconds of this connection's PostgreSQL server process (0.0 on SQLite)."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    # Fields 14 and 15 of /proc/<pid>/stat: user and system time, in clock ticks. The command
    # name (field 2) may hold spaces; it ends at the last ")".
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_seconds() -> float:
    """CPU seconds used so far by this process and its database server process."""
    return time.process_time() + _backend_cpu()
