"""New rows inserted with a statement written once per model, not compiled for every insert.

An import stores a work in about a dozen inserts. `Model.save()` and `bulk_create()` compile
each INSERT anew, and on this path the compiling cost several times what the database took to
run the statement. `rows_insert` does what `bulk_create` does for rows of one model (sets the
fields' automatic values, has each field prepare its value for the database, sets the primary
keys), with the statement made once per model and kept. Like `bulk_create`, it sends no signals
and runs no validation: callers validate first (`full_clean`), and a caller that stands in for
`save()` sends the save signals itself.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from django.db import connection
from django.db.models import Field, Model


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


def rows_insert(rows: Sequence[Model], *, keys: bool = True) -> None:
    """Insert `rows` (new instances of one model, validated already) in the caller's transaction.

    With `keys`, each row gets its primary key (one statement a row); without, the rows are
    sent together and keep none (for link rows nobody reads back)."""
    if not rows:
        return
    model = type(rows[0])
    insert, returning, fields = _insert_statements(model, connection.vendor)
    for row in rows:
        # As save() and bulk_create() do: a related object not saved yet is refused (ValueError).
        row._prepare_related_fields_for_save(operation_name="rows_insert")  # type: ignore[attr-defined]
    prepared = [
        [field.get_db_prep_save(field.pre_save(row, True), connection) for field in fields]
        for row in rows
    ]
    with connection.cursor() as cursor:
        if not keys:
            cursor.executemany(insert, prepared)
            return
        for row, values in zip(rows, prepared, strict=True):
            if connection.features.can_return_columns_from_insert:
                cursor.execute(returning, values)
                row.pk = cursor.fetchone()[0]
            else:
                cursor.execute(insert, values)
                row.pk = cursor.lastrowid
            row._state.adding = False
            row._state.db = connection.alias
