"""Dependencies point one way: no two packages of ficarchive import each other, and no two
modules do (imports inside functions count too; imports for the type checker alone do not)."""

from __future__ import annotations

import ast
from pathlib import Path

import ficarchive

SOURCE = Path(ficarchive.__file__).parent
# The composition root assembles every app: the URL conf, settings, WSGI entry and the command.
ROOT = {
    "ficarchive.site.urls",
    "ficarchive.site.settings",
    "ficarchive.site.wsgi",
    # Gunicorn's configuration, loaded beside the WSGI entry: it prepares the search index.
    "ficarchive.site.gunicorn_settings",
    "ficarchive.cli",
    # `serve` assembles the processes of the apps: web server, job workers, the text indexer.
    "ficarchive.site.management.commands.serve",
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    """The ficarchive modules `module` imports when it runs."""
    found: set[str] = set()
    skipped = {
        id(n)
        for t in ast.walk(tree)
        if isinstance(t, ast.If) and _type_checking_only(t)
        for s in t.body
        for n in ast.walk(s)
    }
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("ficarchive.")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".") if is_package else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base.startswith("ficarchive."):
                found.add(base)
                found |= {f"{base}.{a.name}" for a in node.names}
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in SOURCE.rglob("*.py") if "migrations" not in p.parts}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        imported = _imported(ast.parse(path.read_text()), name, path.name == "__init__.py")
        graph[name] = {m for m in imported if m in modules and m != name}
    return graph


def _package(module: str) -> str:
    return ".".join(module.split(".")[:2])


def test_no_two_packages_import_each_other():
    """Apart from the composition root, if package A imports package B, B never imports A."""
    edges = {
        (_package(a), _package(b))
        for a, targets in _graph().items()
        if a not in ROOT
        for b in targets
        if _package(a) != _package(b)
    }
    both_ways = sorted((a, b) for a, b in edges if (b, a) in edges and a < b)
    assert both_ways == []


def test_no_two_modules_import_each_other():
    """No module imports a module that imports it back (not even from inside a function)."""
    graph = _graph()
    both_ways = sorted(
        (a, b) for a, targets in graph.items() for b in targets if a in graph.get(b, ()) and a < b
    )
    assert both_ways == []


def test_legacy_imports_no_app():
    """The legacy reader is a library: it imports nothing of the apps (nor Django)."""
    graph = _graph()
    outside = {
        b
        for a, targets in graph.items()
        if a.startswith("ficarchive.legacy")
        for b in targets
        if not b.startswith(("ficarchive.legacy", "ficarchive.sanitize"))
    }
    assert outside == set()
