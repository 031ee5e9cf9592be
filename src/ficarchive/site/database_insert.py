"""New rows inserted with a statement written once per model, not compiled for every insert.

An import stores a work in about a dozen inserts. `Model.save()` and `bulk_create()` compile
each INSERT anew, and on this path the compiling cost several times what the database took to
run the statement. `rows_insert` does what `bulk_create` does for rows of one model (sets the
fields' automatic values, has each field prepare its value for the database, sets the primary
keys), with the statement made once per model and kept. Like `bulk_create`, it sends no signals
and runs no validation: callers validate first (`full_clean`), and a caller that stands in for
`save()` sends the save signals itself. `rows_insert_new` stores only the rows that clash with no
unique constraint and says which (new creators, whose names another import may store first).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TypeVar

from django.db import connection
from django.db.models import Field, Model

M = TypeVar("M", bound=Model)


@functools.cache
def _insert_statements(model: type[Model], vendor: str) -> tuple[str, str, tuple[Field, ...]]:
    """(INSERT with a placeholder per column, the same returning the primary key, the fields in
    column order) for `model` on the `vendor`'s database."""
    meta = model._meta
    fields = tuple(f for f in meta.concrete_fields if f is not meta.auto_field)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    insert = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"
    return insert, f"{insert} RETURNING {quote(meta.pk.column)}", fields


def _prepared(rows: Sequence[Model], fields: tuple[Field, ...], operation: str) -> list[list]:
    """Each row's values for the database, in column order, as `save()` prepares them."""
    for row in rows:
        # As save() and bulk_create() do: a related object not saved yet is refused (ValueError).
        row._prepare_related_fields_for_save(operation_name=operation)  # type: ignore[attr-defined]
    return [
        [field.get_db_prep_save(field.pre_save(row, True), connection) for field in fields]
        for row in rows
    ]


def _stored(row: Model, pk: object) -> None:
    """Mark `row` as the database's row with primary key `pk`."""
    row.pk = pk
    row._state.adding = False
    row._state.db = connection.alias


def rows_insert(rows: Sequence[Model], *, keys: bool = True) -> None:
    """Insert `rows` (new instances of one model, validated already) in the caller's transaction.

    With `keys`, each row gets its primary key (one statement a row); without, the rows are
    sent together and keep none (for link rows nobody reads back)."""
    if not rows:
        return
    insert, returning, fields = _insert_statements(type(rows[0]), connection.vendor)
    prepared = _prepared(rows, fields, "rows_insert")
    with connection.cursor() as cursor:
        if not keys:
            cursor.executemany(insert, prepared)
            return
        for row, values in zip(rows, prepared, strict=True):
            if connection.features.can_return_columns_from_insert:
                cursor.execute(returning, values)
                _stored(row, cursor.fetchone()[0])
            else:
                cursor.execute(insert, values)
                _stored(row, cursor.lastrowid)


def rows_insert_new(rows: Sequence[M]) -> list[M]:
    """Insert those of `rows` (new instances of one model, validated already) that clash with no
    unique constraint, in the caller's transaction; returns them, each with its primary key (the
    others are left as they were, unsaved). One statement a row, each telling whether it stored
    the row: no second query reads back what a concurrent writer may have stored meanwhile."""
    if not rows:
        return []
    model = type(rows[0])
    insert, _, fields = _insert_statements(model, connection.vendor)
    key = connection.ops.quote_name(model._meta.pk.column)
    stored = []
    with connection.cursor() as cursor:
        for row, values in zip(rows, _prepared(rows, fields, "rows_insert_new"), strict=True):
            cursor.execute(f"{insert} ON CONFLICT DO NOTHING RETURNING {key}", values)
            found = cursor.fetchone()
            if found is not None:
                _stored(row, found[0])
                stored.append(row)
    return stored
