"""The real epubcheck (Debian's), run on built files; several files share one test to keep JVM
start-ups few."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import pytest

EPUBCHECK = Path("/usr/share/java/epubcheck.jar")


def epubcheck(paths: list[Path]) -> dict[Path, dict]:
    """epubcheck's JSON report for each file (two checks at a time: the machine is shared)."""
    if not EPUBCHECK.exists():
        pytest.fail(f"epubcheck is missing: {EPUBCHECK} (install Debian's epubcheck)")
    reports: dict[Path, dict] = {}
    with tempfile.TemporaryDirectory() as folder:
        for start in range(0, len(paths), 2):
            running = []
            for index, path in enumerate(paths[start : start + 2], start):
                report = Path(folder) / f"report-{index}.json"
                command = ["java", "-jar", str(EPUBCHECK), str(path), "--json", str(report)]
                running.append(
                    (
                        path,
                        report,
                        subprocess.Popen(
                            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
                        ),
                    )
                )
            for path, report, process in running:
                _, stderr = process.communicate(timeout=300)
                if not report.exists():
                    pytest.fail(f"epubcheck wrote no report for {path}: {stderr.decode()[-2000:]}")
                reports[path] = json.loads(report.read_text())
    return reports


def problems(report: dict) -> list[str]:
    """Every fatal, error and warning message of a report, readable in an assertion."""
    return [
        f"{m['severity']} {m['ID']}: {m['message']} at {m.get('locations')}"
        for m in report["messages"]
        if m["severity"] in ("FATAL", "ERROR", "WARNING")
    ]
