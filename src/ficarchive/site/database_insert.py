"""New rows inserted with a statement written once per model, not compiled for every insert.

An import stores a work in about a dozen inserts. `Model.save()` and `bulk_create()` compile
each INSERT anew, and on this path the compiling cost several times what the database took to
run the statement. `rows_insert` does what `bulk_create` does for rows of one model (sets the
fields' automatic values, has each field prepare its value for the database, sets the primary
keys), with the statement made once per model and kept. Like `bulk_create`, it sends no signals
and runs no validation: callers validate first (`full_clean`), and a caller that stands in for
`save()` sends the save signals itself. `rows_insert_new` stores only the rows that clash with no
unique constraint and says which (new creators, whose names another import may store first).
Several rows go in one statement: on PostgreSQL an array per column (a short statement the
driver need not take apart for thousands of placeholders), on SQLite a multi-row VALUES.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator, Sequence
from typing import TypeVar, cast

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.backends.utils import CursorWrapper
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


# Rows sent in one multi-row INSERT of values: few enough for SQLite's limit on parameters
# (32,766) with the widest model (a work: about 40 columns). On PostgreSQL rows go as an array
# per column, any number in one statement, unless one holds a text longer than LONG_TEXT (a
# chapter's body): an array literal of megabytes is slower to write out and read back than
# the same texts sent as values.
ROWS_PER_STATEMENT = 100
LONG_TEXT = 4096


def _fields_array_types(fields: Sequence[Field]) -> tuple[str, ...] | None:
    """On PostgreSQL, each of `fields`' column types as an array element, when every one can be
    sent as an array of values, as Django's `bulk_create` decides (no field that writes its own
    placeholder, only the database's own column types); otherwise None."""
    types = []
    for field in fields:
        key = field.target_field if isinstance(field, models.ForeignKey) else field
        column_type = field.db_type(connection)
        if (
            hasattr(field, "get_placeholder")
            or key.get_internal_type() not in connection.data_types
            or not column_type
        ):
            return None
        # Without a length (varchar, not varchar(200)[]): the column checks it.
        types.append(column_type.split("(")[0])
    return tuple(types)


def _unnest(types: Sequence[str]) -> str:
    """The rows of one array a column, one placeholder each (PostgreSQL)."""
    return "SELECT * FROM unnest(" + ", ".join(f"%s::{t}[]" for t in types) + ")"


@functools.cache
def _array_types(model: type[Model], vendor: str) -> tuple[str, ...] | None:
    """`_fields_array_types` of `model`'s inserted columns on PostgreSQL; None elsewhere (rows
    go as VALUES)."""
    if vendor != "postgresql":
        return None
    return _fields_array_types(_insert_statements(model, vendor)[2])


@functools.cache
def _insert_many_statement(model: type[Model], vendor: str, count: int, suffix: str) -> str:
    """INSERT of `count` rows of `model` in one statement, then `suffix` (ON CONFLICT,
    RETURNING). On PostgreSQL, when the columns allow (`_array_types`), an array per column
    (`unnest`): one statement, short and the same for any number of rows, whose text the
    driver need not take apart each time for thousands of placeholders."""
    _, _, fields = _insert_statements(model, vendor)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    types = _array_types(model, vendor)
    if types is not None:
        rows = _unnest(types)
    else:
        row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        rows = f"VALUES {', '.join([row] * count)}"
    return f"INSERT INTO {quote(model._meta.db_table)} ({columns}) {rows}{suffix}"


def _as_arrays(model: type[Model], prepared: list[list]) -> bool:
    """Whether these rows of `model` (values prepared) go as an array per column (PostgreSQL,
    columns that allow it, no long text)."""
    if _array_types(model, connection.vendor) is None:
        return False
    return not any(
        type(value) is str and len(value) > LONG_TEXT for values in prepared for value in values
    )


def _rows_send(model: type[Model], prepared: list[list], *, suffix: str) -> list[tuple]:
    """Insert rows of `model` (their values prepared, in column order) with as few statements as
    the database allows, each ending in `suffix`; what the statements return, in row order
    (the rows a RETURNING suffix names)."""
    vendor = connection.vendor
    arrays = _as_arrays(model, prepared)
    step = max(len(prepared), 1) if arrays else ROWS_PER_STATEMENT
    returned: list[tuple] = []
    with connection.cursor() as cursor:
        for start in range(0, len(prepared), step):
            chunk = prepared[start : start + step]
            if arrays:
                statement = _insert_many_statement(model, vendor, 0, suffix)
                params = [list(column) for column in zip(*chunk, strict=True)]
            else:
                statement = _insert_many_statement(model, vendor, len(chunk), suffix)
                params = [value for values in chunk for value in values]
            cursor.execute(statement, params)
            if cursor.description is not None:  # a RETURNING suffix
                returned += cursor.fetchall()
    return returned


# Field classes whose value needs no preparing when it already has the column's Python type:
# their get_db_prep_save returns such a value as it is (integers only on SQLite: on PostgreSQL
# Django wraps them in the column's integer type).
_PLAIN_FIELDS: dict[type[Field], tuple[type, ...]] = {
    models.CharField: (str,),
    models.TextField: (str,),
    models.EmailField: (str,),
    models.BooleanField: (bool,),
}
_PLAIN_INTEGER_FIELDS = (
    models.IntegerField,
    models.BigIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.ForeignKey,
)


@functools.cache
def _plain_types(field: Field, vendor: str) -> tuple[type, ...]:
    """The Python types whose values `field` stores as they are (none: always prepared)."""
    plain = _PLAIN_FIELDS.get(type(field), ())
    if vendor == "sqlite" and type(field) in _PLAIN_INTEGER_FIELDS:
        key = field.target_field if isinstance(field, models.ForeignKey) else field
        plain = (
            (int,)
            if type(key) in (*_PLAIN_INTEGER_FIELDS, models.AutoField, models.BigAutoField)
            else ()
        )
    return (*plain, type(None)) if plain and field.null else plain


def _prepared(rows: Sequence[Model], fields: tuple[Field, ...], operation: str) -> list[list]:
    """Each row's values for the database, in column order, as `save()` prepares them (a value
    that already has its column's plain Python type is taken as it is: preparing it would
    return it unchanged)."""
    for row in rows:
        # As save() and bulk_create() do: a related object not saved yet is refused (ValueError).
        row._prepare_related_fields_for_save(operation_name=operation)  # type: ignore[attr-defined]
    plain = [_plain_types(field, connection.vendor) for field in fields]
    # The connection itself, not the proxy `connection` (which looks it up again on every use:
    # a field preparing a date or JSON value uses it several times).
    database = connections[DEFAULT_DB_ALIAS]
    prepared = []
    for row in rows:
        values = []
        for field, types in zip(fields, plain, strict=True):
            value = field.pre_save(row, True)
            if type(value) not in types:
                value = field.get_db_prep_save(value, database)
            values.append(value)
        prepared.append(values)
    return prepared


@contextlib.contextmanager
def values_apart_cursor() -> Iterator[CursorWrapper]:
    """A cursor of the connection that sends values apart from the statement: on PostgreSQL
    bound by the server (Django's own cursors write them into the statement's text), so that
    megabytes of chapter text are neither escaped into each statement by the driver nor read
    back out of it by the server (a `%b` placeholder sends its value in binary: an array of
    texts without quoting). No statement is prepared (Django leaves psycopg's
    `prepare_threshold` off), so a pooler in front of the server sees nothing new. Elsewhere,
    the connection's usual cursor."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    # Defined with psycopg 3 only (the one driver this project uses).
    from django.db.backends.postgresql.base import (  # type: ignore[attr-defined]
        ServerBindingCursor,
    )

    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = ServerBindingCursor(connection.connection)
    # As `connection.cursor()` wraps its cursors: errors translated, queries logged when asked.
    wrap = connection.make_debug_cursor if connection.queries_logged else connection.make_cursor
    with wrap(raw) as cursor:
        yield cursor


def _stored(row: Model, pk: object) -> None:
    """Mark `row` as the database's row with primary key `pk`."""
    row.pk = pk
    row._state.adding = False
    row._state.db = connection.alias


def rows_insert(rows: Sequence[Model], *, keys: bool = True) -> None:
    """Insert `rows` (new instances of one model, validated already) in the caller's transaction.

    With `keys`, each row gets its primary key (several rows a statement where the database
    returns the keys of a multi-row insert in order); without, the rows are sent together and
    keep none (for link rows nobody reads back)."""
    if not rows:
        return
    model = type(rows[0])
    vendor = connection.vendor
    insert, returning, fields = _insert_statements(model, vendor)
    prepared = _prepared(rows, fields, "rows_insert")
    several = len(rows) > 1 and connection.features.can_return_rows_from_bulk_insert
    if not keys and _as_arrays(model, prepared):
        _rows_send(model, prepared, suffix="")
    elif not keys:
        with values_apart_cursor() as cursor:
            cursor.executemany(insert, prepared)
    elif several:
        # Their keys come back in order (as `bulk_create` relies on, on both databases).
        key = connection.ops.quote_name(model._meta.pk.column)
        found = _rows_send(model, prepared, suffix=f" RETURNING {key}")
        for row, (pk,) in zip(rows, found, strict=True):
            _stored(row, pk)
    else:
        with connection.cursor() as cursor:
            for row, values in zip(rows, prepared, strict=True):
                if connection.features.can_return_columns_from_insert:
                    cursor.execute(returning, values)
                    _stored(row, cursor.fetchone()[0])
                else:
                    cursor.execute(insert, values)
                    _stored(row, cursor.lastrowid)


def rows_insert_new(rows: Sequence[M], *, match: str | None = None) -> list[M]:
    """Insert those of `rows` (new instances of one model, validated already) that clash with no
    unique constraint, in the caller's transaction; returns them, each with its primary key (the
    others are left as they were, unsaved). Each statement tells which rows it stored: no second
    query reads back what a concurrent writer may have stored meanwhile.

    With `match`, a field whose value differs between `rows` (a name), several rows go in one
    statement, which returns that value beside each key stored; without, one statement a row."""
    if not rows:
        return []
    model = type(rows[0])
    insert, _, fields = _insert_statements(model, connection.vendor)
    key = connection.ops.quote_name(model._meta.pk.column)
    prepared = _prepared(rows, fields, "rows_insert_new")
    stored = []
    if match is not None:
        column = [f.attname for f in fields].index(match)
        by_value = {values[column]: row for row, values in zip(rows, prepared, strict=True)}
        if len(by_value) < len(rows):
            raise ValueError(f"rows_insert_new: {match} must differ between the rows")
        quoted = connection.ops.quote_name(fields[column].column)
        suffix = f" ON CONFLICT DO NOTHING RETURNING {key}, {quoted}"
        for pk, value in _rows_send(model, prepared, suffix=suffix):
            row = by_value[value]
            _stored(row, pk)
            stored.append(row)
        return stored
    with connection.cursor() as cursor:
        for row, values in zip(rows, prepared, strict=True):
            cursor.execute(f"{insert} ON CONFLICT DO NOTHING RETURNING {key}", values)
            found = cursor.fetchone()
            if found is not None:
                _stored(row, found[0])
                stored.append(row)
    return stored


@functools.cache
def _link_statement(model: type[Model], names: tuple[str, ...], vendor: str) -> tuple[str, bool]:
    """(the INSERT of link rows, whether it takes an array per column)."""
    meta = model._meta
    quote = connection.ops.quote_name
    fields = [cast(Field, meta.get_field(name)) for name in names]
    columns = ", ".join(quote(f.column) for f in fields)
    types = _fields_array_types(fields) if vendor == "postgresql" else None
    if types is not None:
        # One statement, a column per array: no round trip per row.
        return f"INSERT INTO {quote(meta.db_table)} ({columns}) {_unnest(types)}", True
    marks = ", ".join(["%s"] * len(names))
    return f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})", False


def link_rows_insert(model: type[Model], names: tuple[str, ...], rows: Sequence[tuple]) -> None:
    """Insert rows of a link table given as tuples of plain values (ids, small integers) for
    the fields `names`, in the caller's transaction: thousands of a work batch's tag links in
    one statement (PostgreSQL: an array per column) or one executemany (SQLite), without an
    instance each. The values must be what the columns store (integers need no preparing);
    the other columns must have database defaults or none."""
    if not rows:
        return
    statement, arrays = _link_statement(model, names, connection.vendor)
    with connection.cursor() as cursor:
        if arrays:
            cursor.execute(statement, [list(column) for column in zip(*rows, strict=True)])
        else:
            cursor.executemany(statement, list(rows))
