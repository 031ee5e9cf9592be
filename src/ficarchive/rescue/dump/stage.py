"""A dump's tables staged in an SQLite file, so that a several-GB dump is read once, in little
memory, and its rows are then looked up by key (a story's chapters, its reviews).

SQLite is Python's own: nothing to install or start. Values are stored as the reader gives
them (bytes, integers, None); decoding happens later, one value at a time.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from ficarchive.rescue.dump.reader import CreateTable, DumpNote, DumpReader, InsertRows

Progress = Callable[[int], None]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Stage:
    """Tables of one dump in an SQLite file. `columns[table]` lists a table's column names;
    a table whose dump gave no names (no CREATE TABLE, no column list) has c1, c2, ... and
    is listed in `unnamed`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.db = sqlite3.connect(str(self.path), isolation_level=None)
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute("CREATE TABLE IF NOT EXISTS _stage_meta (key TEXT PRIMARY KEY, value TEXT)")
        self.columns: dict[str, list[str]] = {}
        self.unnamed: set[str] = set()
        self.notes: list[DumpNote] = []
        self.complete = False
        self._read_meta()

    def _read_meta(self) -> None:
        meta = dict(self.db.execute("SELECT key, value FROM _stage_meta"))
        if "tables" in meta:
            tables = json.loads(meta["tables"])
            self.columns = {t["name"]: t["columns"] for t in tables}
            self.unnamed = {t["name"] for t in tables if not t["named"]}
        self.notes = [DumpNote(**n) for n in json.loads(meta.get("notes", "[]"))]
        self.complete = meta.get("complete") == "1"

    def _write_meta(self) -> None:
        tables = [
            {"name": n, "columns": c, "named": n not in self.unnamed}
            for n, c in self.columns.items()
        ]
        notes = [{"kind": n.kind, "detail": n.detail, "offset": n.offset} for n in self.notes]
        for key, value in (
            ("tables", json.dumps(tables)),
            ("notes", json.dumps(notes)),
            ("complete", "1" if self.complete else "0"),
        ):
            self.db.execute("INSERT OR REPLACE INTO _stage_meta VALUES (?, ?)", (key, value))

    def close(self) -> None:
        self.db.close()

    # Loading ----------------------------------------------------------------------------------

    def _table_for(self, name: str, columns: list[str], named: bool) -> None:
        key = f"t_{name}"
        if name not in self.columns:
            self.db.execute(
                f"CREATE TABLE {_quote(key)} ({', '.join(_quote(c) for c in columns) or 'c1'})"
            )
            self.columns[name] = list(columns)
            if not named:
                self.unnamed.add(name)
            return
        known = self.columns[name]
        for column in columns:
            if column not in known:
                self.db.execute(f"ALTER TABLE {_quote(key)} ADD COLUMN {_quote(column)}")
                known.append(column)

    def _insert(self, batch: InsertRows) -> None:
        width = max((len(r) for r in batch.rows), default=0)
        if batch.columns:
            columns = batch.columns
            self._table_for(batch.table, columns, True)
        elif batch.table in self.columns and len(self.columns[batch.table]) >= width:
            columns = self.columns[batch.table][:width]
        else:
            columns = [f"c{i}" for i in range(1, width + 1)]
            self._table_for(batch.table, columns, False)
        if batch.table in self.unnamed and batch.columns is None:
            # Rows of another width than the first: widen the generic columns.
            self._table_for(batch.table, [f"c{i}" for i in range(1, width + 1)], False)
        placeholders = ", ".join("?" for _ in columns)
        names = ", ".join(_quote(c) for c in columns)
        sql = f"INSERT INTO {_quote('t_' + batch.table)} ({names}) VALUES ({placeholders})"
        rows = [r if len(r) == len(columns) else _fit(r, len(columns)) for r in batch.rows]
        self.db.executemany(sql, rows)

    def load(self, stream: IO[bytes], progress: Progress | None = None) -> None:
        """Read the whole dump from `stream` into this stage (which must be empty)."""
        reader = DumpReader(stream)
        self.db.execute("BEGIN")
        try:
            for count, statement in enumerate(reader.statements()):
                if isinstance(statement, InsertRows):
                    self._insert(statement)
                elif isinstance(statement, CreateTable):
                    # A table created twice (two dumps joined) keeps one schema, widened.
                    self._table_for(statement.table, statement.columns, True)
                else:
                    self.notes.append(statement)
                if progress is not None and count % 64 == 0:
                    progress(reader.offset)
            self._truncation_explained()
            self.complete = True
            self._write_meta()
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        if progress is not None:
            progress(reader.offset)

    def _truncation_explained(self) -> None:
        """Say, beside a note that the dump ended early, what it held up to there."""
        held = [(t, self.count(t)) for t in self.columns]
        held = [(t, n) for t, n in held if n]
        shown = ", ".join(f"{t} {n}" for t, n in held[:60])
        more = f" and {len(held) - 60} more" if len(held) > 60 else ""
        read = (
            f"; read up to there: {sum(n for _, n in held)} rows of {len(held)} tables "
            f"({shown}{more}); tables after the cut are missing"
            if held
            else "; nothing was read before it"
        )
        for note in self.notes:
            if note.kind == "dump_truncated" and "read up to there" not in note.detail:
                note.detail += read

    # Reading ----------------------------------------------------------------------------------

    def count(self, table: str) -> int:
        """How many rows `table` has (0 when the dump has no such table)."""
        if table not in self.columns:
            return 0
        return self.db.execute(f"SELECT count(*) FROM {_quote('t_' + table)}").fetchone()[0]

    def rows(
        self, table: str, order_by: str | None = None, columns: list[str] | None = None
    ) -> Iterator[dict]:
        """Every row of `table` as a dict by column name (only `columns` when given), in dump
        order or by a numeric column (ids stored as text "10" still sort after "9")."""
        if table not in self.columns:
            return iter(())
        order = " ORDER BY rowid"
        if order_by:
            order = f" ORDER BY CAST({_quote(order_by)} AS INTEGER), rowid"
        wanted = [c for c in columns or [] if c in self.columns[table]]
        selected = ", ".join(_quote(c) for c in wanted) if wanted else "*"
        cursor = self.db.execute(f"SELECT {selected} FROM {_quote('t_' + table)}{order}")
        names = [d[0] for d in cursor.description]
        return (dict(zip(names, row, strict=True)) for row in cursor)

    def rows_where(self, table: str, column: str, value) -> list[dict]:
        """Rows of `table` whose `column` equals `value` (as a number or as text), dump order."""
        if table not in self.columns or column not in self.columns[table]:
            return []
        self._index(table, column)
        key = _quote("t_" + table)
        values = _equal_forms(value)
        marks = ", ".join("?" for _ in values)
        cursor = self.db.execute(
            f"SELECT * FROM {key} WHERE {_quote(column)} IN ({marks}) ORDER BY rowid", values
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def _index(self, table: str, column: str) -> None:
        name = "i_" + hashlib.sha1(f"{table}\0{column}".encode()).hexdigest()[:16]
        self.db.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {_quote('t_' + table)} ({_quote(column)})"
        )


def _fit(row: tuple, width: int) -> tuple:
    return tuple(row[:width]) + (None,) * (width - len(row))


def _equal_forms(value) -> list:
    """A key as the dump may hold it: 7, b'7' (quoted by eFiction's backup) or '7'."""
    forms = [value]
    if isinstance(value, int):
        forms += [str(value).encode(), str(value)]
    elif isinstance(value, bytes) and value.strip().lstrip(b"-").isdigit():
        forms += [int(value), value.decode()]
    elif isinstance(value, str) and value.strip().lstrip("-").isdigit():
        forms += [int(value), value.encode()]
    return forms


def stage_open(
    *,
    key: str,
    open_stream: Callable[[], IO[bytes]],
    folder: Path,
    progress: Progress | None = None,
) -> Stage:
    """The stage of one dump, loaded once and kept in `folder` under `key` for later runs.

    `key` must change when the dump does (its path, size and time). A stage left half-loaded
    (a run killed while reading) is loaded again from the start.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{hashlib.sha256(key.encode()).hexdigest()[:24]}.sqlite3"
    stage = Stage(path)
    if stage.complete:
        return stage
    stage.close()
    for leftover in (path, Path(f"{path}-journal")):
        if leftover.exists():
            os.unlink(leftover)
    stage = Stage(path)
    with open_stream() as stream:
        stage.load(stream, progress)
    return stage
