"""Blurbs rendered once and kept until their work changes.

A blurb shows nothing that depends on the reader, so its HTML is cached (the `cards` cache) under
the work's change stamp from the search index: any logged change to the work, to a tag, or a
rebuild of the index gives it a new key. A page of blurbs costs one cache read; only the works
missing from the cache are loaded and rendered.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from ficarchive.search.bitmaps.sync import work_index_current

TEMPLATE = "reading/_blurb.html"
CACHE = "cards"


@dataclass(frozen=True)
class Blurb:
    """One work's blurb, ready to print (`html` is safe: it was rendered from the template)."""

    work_id: int
    html: SafeString

    def __str__(self) -> str:
        return self.html


def _key(work_id: int, stamp: tuple[int, int, int]) -> str:
    return f"blurb:{work_id}:{stamp[0]}:{stamp[1]}:{stamp[2]}"


def blurbs_for(ids: list[int]) -> list[Blurb]:
    """Blurbs of the works `ids`, in that order (ids of missing works are skipped).

    Only the ids visible to the reader may be passed: the cache does not check permissions.
    """
    from ficarchive.reading.selectors import cards_for

    index = work_index_current()
    keys = {work_id: _key(work_id, index.work_stamp(work_id)) for work_id in ids}
    cache = caches[CACHE]
    found = cache.get_many(list(keys.values()))
    missing = [work_id for work_id in ids if keys[work_id] not in found]
    fresh = {}
    for card in cards_for(missing):
        html = render_to_string(TEMPLATE, {"card": card})
        fresh[keys[card.work.pk]] = html
    if fresh:
        cache.set_many(fresh)
        found.update(fresh)
    return [
        Blurb(work_id=work_id, html=mark_safe(found[keys[work_id]]))
        for work_id in ids
        if keys[work_id] in found
    ]
