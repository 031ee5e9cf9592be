"""Loading in the server's master what each worker's first request would otherwise load alone.

Gunicorn forks its workers from a master that has imported the application; whatever a worker
loads after the fork (the URL configuration and every view module it imports, compiled
templates) is a private copy in each worker, and delays a restarted worker's first answer. Loaded
once before the fork, it stays in pages the workers share.
"""

from __future__ import annotations

from pathlib import Path

from django.template import engines
from django.urls import get_resolver

SOURCE = Path(__file__).resolve().parent.parent  # the ficarchive package
TEMPLATE_SUFFIXES = (".html", ".txt", ".xml")


def site_warm() -> int:
    """Import the URL configuration (and so every view) and compile every template of the
    project's own; returns how many templates were compiled."""
    get_resolver().url_patterns  # noqa: B018 (imports the URLconf and every view module)
    compiled: set[str] = set()
    for engine in engines.all():
        for folder in _own_template_dirs(engine):
            for path in sorted(folder.rglob("*")):
                name = path.relative_to(folder).as_posix()
                if path.suffix in TEMPLATE_SUFFIXES and path.is_file() and name not in compiled:
                    engine.get_template(name)
                    compiled.add(name)
    return len(compiled)


def _own_template_dirs(engine) -> list[Path]:
    """The template folders of `engine` inside this project (not Django's or a library's)."""
    dirs = [Path(d) for d in getattr(engine, "template_dirs", ())]
    return [d for d in dirs if d.is_dir() and d.resolve().is_relative_to(SOURCE)]
