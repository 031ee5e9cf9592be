"""Fault injection for import tests: make storing one work fail after its rows are written,
whichever way it is stored (with the other new works of its batch, `work_bulk`, or alone,
`work_write`), so the tests can show it is rolled back alone."""

from __future__ import annotations

from collections.abc import Callable

from ficarchive.works.models import Work
from ficarchive.works.services import work_bulk, work_write


def fail_after_rows(
    monkeypatch, *, step: str, failing: Callable[[Work], bool], error: Exception
) -> list[str]:
    """After the `step` ("series" or "chapters") of storing a work for which `failing(work)`
    holds, raise `error`: in the batch's bulk writer (for the whole batch) and in the one-work
    write path. Returns the list of calls made, as ("bulk" | "alone", work titles)."""
    calls: list = []
    bulk_name, alone_name = {
        "series": ("series_place_new_works", "_series_set"),
        "chapters": ("_chapters_insert", "_chapters_set"),
    }[step]
    real_bulk = getattr(work_bulk, bulk_name)
    real_alone = getattr(work_write, alone_name)

    def bulk(items, *args, **kwargs):
        result = real_bulk(items, *args, **kwargs)
        works = [getattr(item, "work", item) for item in items]
        calls.append(("bulk", sorted(w.title for w in works)))
        if any(failing(w) for w in works):
            raise error
        return result

    def alone(work, *args, **kwargs):
        result = real_alone(work, *args, **kwargs)
        calls.append(("alone", [work.title]))
        if failing(work):
            raise error
        return result

    monkeypatch.setattr(work_bulk, bulk_name, bulk)
    monkeypatch.setattr(work_write, alone_name, alone)
    return calls
