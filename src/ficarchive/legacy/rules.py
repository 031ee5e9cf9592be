"""Running named rules so that no exception escapes: a failing rule becomes a diagnostic."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ficarchive.legacy.model import Diagnostic, ParsedWork


def run_rule(
    work: ParsedWork,
    name: str,
    rule: Callable[..., Any],
    *args: Any,
    line: int | None = None,
    default: Any = None,
) -> Any:
    """Call `rule(*args)`; on any exception, record a warning naming the rule and return `default`."""
    try:
        return rule(*args)
    except Exception as exc:
        work.diagnostics.append(
            Diagnostic("warning", f"rule {name!r} failed: {type(exc).__name__}: {exc}", line)
        )
        return default
