"""The feedback load script runs end to end against a real `ficarchive serve` and loses nothing."""

import json
import subprocess
import sys

import pytest


@pytest.mark.slow
def test_bench_feedback_small_run_reports_json_and_loses_no_writes(tmp_path):
    """A short run with three clients exits 0 and its last line is the JSON report."""
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "ficarchive",
            "bench",
            "feedback",
            "--seconds",
            "3",
            "--clients",
            "3",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    assert report["requests"] > 0
    assert report["errors_5xx"] == 0
    assert report["comments_accepted"] > 0
    assert report["comments_lost"] == 0
    assert report["kudos_lost"] == 0
    assert report["works_with_wrong_counters"] == 0
    assert {"requests_per_second", "latency_ms"} <= set(report)
