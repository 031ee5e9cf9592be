"""Small reads by equality, with the statement written once, for the lookups every page view makes.

A work page asks half a dozen questions of one row each (has this visitor been counted today,
left kudos, what are the work's comment settings, is it in a series). Building each as a
QuerySet and compiling it costs the ORM ten times what the database takes to answer; these
functions write the statement once per model and set of columns and keep it. They only compare
columns for equality (None is IS NULL, a list is IN), with each field preparing its value for
the database as the ORM would.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, cast

from django.db import connections, router
from django.db.models import Field, Model


def _field(model: type[Model], name: str) -> Field:
    return cast(Field, model._meta.get_field(name))


@functools.cache
def _statement(
    model: type[Model], select: tuple[str, ...], where: tuple[tuple[str, int], ...], vendor: str
) -> str:
    """SELECT `select` (or 1) FROM the model's table WHERE each (field, how) holds: how is
    -1 for IS NULL, 0 for = and n > 0 for IN with n values."""
    quote = connections[router.db_for_read(model)].ops.quote_name
    columns = ", ".join(quote(_field(model, name).column) for name in select) or "1"
    tests = []
    for name, how in where:
        column = quote(_field(model, name).column)
        if how < 0:
            tests.append(f"{column} IS NULL")
        elif how == 0:
            tests.append(f"{column} = %s")
        else:
            tests.append(f"{column} IN ({', '.join(['%s'] * how)})")
    return f"SELECT {columns} FROM {quote(model._meta.db_table)} WHERE {' AND '.join(tests)}"


def _run(model: type[Model], select: tuple[str, ...], where: dict[str, Any], tail: str) -> list:
    connection = connections[router.db_for_read(model)]
    shape: list[tuple[str, int]] = []
    params: list[Any] = []
    for name, value in sorted(where.items()):
        field = _field(model, name)
        if value is None:
            shape.append((name, -1))
        elif isinstance(value, list | tuple | set | frozenset):
            values = list(value)
            if not values:
                return []  # IN () matches nothing
            shape.append((name, len(values)))
            params += [field.get_db_prep_value(v, connection) for v in values]
        else:
            shape.append((name, 0))
            params.append(field.get_db_prep_value(value, connection))
    sql = _statement(model, select, tuple(shape), connection.vendor) + tail
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def row_exists(model: type[Model], **where: Any) -> bool:
    """True when a row of `model` has these field values (`work_id=3, user_id=None, ...`)."""
    return bool(_run(model, (), where, " LIMIT 1"))


def rows_values(model: type[Model], select: Sequence[str], **where: Any) -> list[tuple]:
    """The `select` fields of the rows of `model` with these field values, as tuples (values as
    the database gives them: no field converters run; ask only for plain text, numbers and
    booleans)."""
    return _run(model, tuple(select), where, "")
