"""Run the shared parse scorer over a corpus folder and read its overall figure."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCORER = REPO.parent / "shared" / "tools" / "score_parse.py"
_OVERALL = re.compile(r"overall field accuracy: ([0-9.]+) \((\d+)/(\d+)\)")


@dataclass(frozen=True)
class CorpusScore:
    """The scorer's overall line: accuracy, correct fields, expected fields, and its full report."""

    accuracy: float
    correct: int
    total: int
    report: str


def score_corpus(corpus: Path) -> CorpusScore:
    """Score `ficarchive parse --json` (this interpreter's package) on ``corpus`` with the shared scorer."""
    assert SCORER.is_file(), f"the shared scorer is missing: {SCORER}"
    command = f"{sys.executable} -m ficarchive parse --json"
    proc = subprocess.run(
        [sys.executable, str(SCORER), str(corpus), "--cmd", command, "--details"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    match = _OVERALL.search(proc.stdout)
    assert match, proc.stdout[-2000:]
    return CorpusScore(float(match.group(1)), int(match.group(2)), int(match.group(3)), proc.stdout)
