"""Fragments of HTML about one work, rendered once and kept until the work changes.

A results list or a page of blurbs shows the same works to every reader; rendering their templates
costs more than finding them. The fragments live in the `cards` cache under the work's change
stamp from the search index (any logged change to the work or to any tag, or a rebuild of the
index, gives a new key), so no entry is ever stale, and a page costs one cache read plus the
rendering of the works missing from it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import caches

from ficarchive.search.bitmaps.index import WorkIndex
from ficarchive.search.bitmaps.sync import work_index_current

CACHE = "cards"


def works_rendered(
    ids: list[int],
    *,
    kind: str,
    render_missing: Callable[[list[int]], dict[int, Any]],
    index: WorkIndex | None = None,
) -> dict[int, Any]:
    """The `kind` of each work in `ids` (HTML, or any plain data such as an API summary), from
    the cache or from `render_missing` (called once with the ids not cached; it returns
    {id: value} and may leave out works that do not exist).

    Pass only ids the reader may see: the cache knows nothing of permissions. `index` is the
    search index the ids came from (by default this process's, brought up to date).
    """
    index = index or work_index_current()
    keys = {}
    for work_id in ids:
        own, tags, built = index.work_stamp(work_id)
        keys[work_id] = f"{kind}:{work_id}:{own}:{tags}:{built}"
    cache = caches[CACHE]
    found = cache.get_many(list(keys.values()))
    missing = [work_id for work_id in ids if keys[work_id] not in found]
    if missing:
        fresh = {keys[work_id]: html for work_id, html in render_missing(missing).items()}
        cache.set_many(fresh)
        found.update(fresh)
    return {work_id: found[key] for work_id, key in keys.items() if key in found}
