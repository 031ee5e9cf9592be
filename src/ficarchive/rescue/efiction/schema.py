"""eFiction's tables in a staged dump: which installs it holds, which version each is, and the
column names of tables the dump did not name (eFiction's admin backup writes
`INSERT INTO t VALUES(...)` with no CREATE TABLE and no column list).

An install's tables are `<tableprefix>fanfiction_<name>`; one database may hold several
installs (several prefixes), and one settings table may describe several sites.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ficarchive.legacy.decode import decode_value
from ficarchive.rescue.dump import Stage
from ficarchive.rescue.efiction.layouts import KNOWN_TABLES, LAYOUTS

# Columns whose values must look a certain way: how a layout is chosen among equal widths.
_TYPED = {
    "sid": "int", "uid": "int", "chapid": "int", "catid": "ints", "psid": "int", "inorder": "int",
    "date": "date", "updated": "date", "validated": "int", "completed": "int", "rr": "int",
    "wordcount": "int", "item": "int", "seriesid": "int", "member": "int",
}  # fmt: skip
_DATE = re.compile(rb"^\d{4}-\d\d-\d\d|^\d{9,11}$")


def _fits(value, kind: str) -> bool:
    if value is None or value in (b"", ""):
        return True
    raw = value if isinstance(value, bytes) else str(value).encode()
    if kind == "int":
        return raw.strip().lstrip(b"-").isdigit()
    if kind == "ints":
        return all(p.strip().lstrip(b"-").isdigit() for p in raw.split(b",") if p.strip())
    return bool(_DATE.match(raw.strip()))


def _layout_for(stage: Stage, table: str, name: str) -> list[str] | None:
    """The layout of `name` that best fits the first rows of an unnamed staged table."""
    width = len(stage.columns[table])
    sample = []
    for row in stage.rows(table):
        sample.append(row)
        if len(sample) >= 20:
            break
    layouts = [lay for lay in LAYOUTS.get(name, []) if len(lay) == width]
    if not layouts:
        # A site's modules add columns at the end: the known layout whose typed columns fit
        # best (the longest on a tie), not merely the longest (another version's, shifted).
        shorter = [lay for lay in LAYOUTS.get(name, []) if len(lay) < width]
        layouts = sorted(shorter, key=len, reverse=True)
    best, best_score = None, float("-inf")
    for layout in layouts:
        # A value that does not fit its column counts against the layout more than one
        # that fits counts for it: a layout with more typed columns must not win on number.
        score = sum(
            1 if _fits(row.get(f"c{i + 1}"), _TYPED[col]) else -2
            for row in sample
            for i, col in enumerate(layout)
            if col in _TYPED
        )
        if score > best_score:
            best, best_score = layout, score
    return best


@dataclass
class Install:
    """One eFiction site in the dump: its table prefix (`fanfiction_`, `site2_fanfiction_`)."""

    prefix: str
    stories: int = 0
    settings: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return decode_value(self.settings.get("sitename")) or self.prefix.rstrip("_")


class Tables:
    """The tables of one install, by eFiction name, with column names whatever the dump gave."""

    def __init__(self, stage: Stage, install: Install) -> None:
        self.stage = stage
        self.install = install
        self.renames: dict[str, dict[str, str]] = {}  # table -> logical column -> staged column
        self.unreadable: list[str] = []
        for name in KNOWN_TABLES:
            table = install.prefix + name
            if table in stage.unnamed:
                layout = _layout_for(stage, table, name)
                if layout is None:
                    if name in LAYOUTS:
                        self.unreadable.append(table)
                    continue
                self.renames[table] = {col: f"c{i + 1}" for i, col in enumerate(layout)}

    def has(self, name: str) -> bool:
        return self.install.prefix + name in self.stage.columns

    def columns(self, name: str) -> list[str]:
        table = self.install.prefix + name
        if table in self.renames:
            return list(self.renames[table])
        return list(self.stage.columns.get(table, []))

    def _logical(self, table: str, row: dict) -> dict:
        renames = self.renames.get(table)
        if renames is None:
            return row
        return {col: row.get(staged) for col, staged in renames.items()}

    def rows(
        self, name: str, order_by: str | None = None, columns: list[str] | None = None
    ) -> Iterator[dict]:
        """Rows of table `name` by logical column name (only `columns` when given)."""
        table = self.install.prefix + name
        renames = self.renames.get(table, {})
        order = renames.get(order_by, order_by) if order_by else None
        if order and order not in self.stage.columns.get(table, []):
            order = None
        staged = [renames.get(c, c) for c in columns] if columns else None
        rows = self.stage.rows(table, order, staged)
        if staged and table in self.renames:
            back = dict(zip(staged, columns or [], strict=True))
            return ({back.get(k, k): v for k, v in r.items()} for r in rows)
        return (self._logical(table, r) for r in rows)

    def rows_where(self, name: str, column: str, value) -> list[dict]:
        table = self.install.prefix + name
        staged = self.renames.get(table, {}).get(column, column)
        return [self._logical(table, r) for r in self.stage.rows_where(table, staged, value)]

    def count(self, name: str) -> int:
        return self.stage.count(self.install.prefix + name)


def installs(stage: Stage) -> list[Install]:
    """The eFiction installs in the dump, most stories first.

    An install is a prefix P with both P+"stories" and P+"authors". Its settings row is the
    one whose `tableprefix` + "fanfiction_" is P, in any settings table of the dump.
    """
    names = set(stage.columns)
    found = []
    for table in sorted(names):
        if table.endswith("stories") and table[: -len("stories")] + "authors" in names:
            prefix = table[: -len("stories")]
            found.append(Install(prefix=prefix, stories=stage.count(table)))
    settings_rows = []
    prefixes = {i.prefix for i in found}
    for table in sorted(names):
        # eFiction names it `<tableprefix>fanfiction_settings`; a site that renamed its tables
        # (`efic_stories`) renamed this one with them.
        if table.endswith("fanfiction_settings") or table.removesuffix("settings") in prefixes:
            install = Install(prefix=table[: -len("settings")])
            tables = Tables(stage, install)
            settings_rows += list(tables.rows("settings"))
    for install in found:
        for row in settings_rows:
            prefix = decode_value(row.get("tableprefix"))
            if prefix + "fanfiction_" == install.prefix or (
                not install.prefix.endswith("fanfiction_") and prefix == install.prefix
            ):
                install.settings = row
                break
        else:
            if len(settings_rows) == 1 and len(found) == 1:
                install.settings = settings_rows[0]
    found.sort(key=lambda i: (-i.stories, i.prefix))
    return found


def efiction_version(tables: Tables) -> str:
    """ "1.1", "2.0" or the 3.x release the settings name (else "3")."""
    stated = decode_value(tables.install.settings.get("version")).strip()
    story_columns = set(tables.columns("stories"))
    if not tables.has("chapters") and "psid" in story_columns:
        return "1.1"
    if "gid" in story_columns or "wid" in story_columns:
        return "2.0"
    return stated if stated.startswith("3") else "3"
