import json
import subprocess
import sys


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ficarchive", *args], capture_output=True, text=True, timeout=120
    )


def test_parse_json_prints_the_contract_object(seed_path):
    """`ficarchive parse --json` prints one object with the contract's keys."""
    result = run("parse", "--json", str(seed_path))
    assert result.returncode == 0, result.stderr
    obj = json.loads(result.stdout)
    for key in ("source", "title", "authors", "rating", "body", "diagnostics", "distribution"):
        assert key in obj
    assert obj["body"]["blocks"], "the body has blocks"


def test_unknown_benchmark_is_a_usage_error():
    """`ficarchive bench nonsense` exits 2 with a usage line."""
    result = run("bench", "nonsense")
    assert result.returncode == 2
    assert "usage" in result.stderr
