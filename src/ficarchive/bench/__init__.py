"""The benchmarks: `ficarchive bench NAME [--json]`, each figure printed beside a baseline measured
in the same run (see `harness.py`).

To add one: write `ficarchive/bench/<name>.py` with `main(argv: list[str]) -> int` built on the
harness, and register it below.
"""

from __future__ import annotations

import importlib

# Benchmarks by name: "module:function", each function taking argv and returning an exit status.
BENCHMARKS = {
    "parse": "ficarchive.bench.parse:main",
    "hostile": "ficarchive.bench.hostile:main",
    "search": "ficarchive.bench.search:main",
    "feedback": "ficarchive.bench.feedback:main",
    "epub": "ficarchive.bench.epub:main",
    "dump": "ficarchive.bench.dump:main",
    "import": "ficarchive.bench.imports:main",
    "pages": "ficarchive.bench.pages:main",
    "browse": "ficarchive.bench.browse:main",
    "rescue": "ficarchive.bench.rescue:main",
}


def benchmark_run(name: str, argv: list[str]) -> int:
    """Run the benchmark called `name` with its own arguments; its exit status."""
    module_name, function_name = BENCHMARKS[name].split(":")
    status: int = getattr(importlib.import_module(module_name), function_name)(argv)
    return status
