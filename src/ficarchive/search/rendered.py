"""Fragments of HTML about one work, rendered once and kept until the work changes.

A results list or a page of blurbs shows the same works to every reader; rendering their templates
costs more than finding them. The fragments live in the `cards` cache under the work's change
stamp from the search index (any logged change to the work or to any tag, or a rebuild of the
index, gives a new key), so no entry is ever stale, and a page costs one cache read plus the
rendering of the works missing from it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from ficarchive.search.bitmaps.index import WorkIndex
from ficarchive.search.bitmaps.sync import index_changes_seen, work_index_current
from ficarchive.works.readers import Reader

CACHE = "cards"
# Whole listings (`index_kept`): large values, a cache of their own with fewer entries.
LISTINGS_CACHE = "listings"
# The one card of a work in any list (search, front page, tags, creators): reading's template.
BLURB_TEMPLATE = "reading/_blurb.html"


def work_stamp_key(work_id: int, *, index: WorkIndex | None = None) -> str:
    """A key that changes whenever anything stored about the work may have changed: its id and
    its change stamp in the search index (by default this process's, brought up to date).

    Read the key before the rows it stands for, so that the rows kept under it are never older
    than it: a change committed in between gives the next request a newer key."""
    own, tags, built = (index or work_index_current()).work_stamp(work_id)
    return f"{work_id}:{own}:{tags}:{built}"


def index_state_key(*, user: Reader | None) -> str:
    """A key that changes whenever anything the search index tells `user` may have changed:
    the newest logged change this process's index has taken in, its build, and who reads
    (guests see public works, staff every work, a member also their own). Read it before the
    index's answers it stands for (as `work_stamp_key`)."""
    index = work_index_current()
    seen_id, token = index_changes_seen()
    if user is None or not user.is_authenticated:
        who = "guest"
    elif user.is_staff:
        who = "staff"
    else:
        who = f"member-{user.pk}"
    return f"{seen_id}:{token}:{index.built_stamp}:{who}"


def index_kept(
    name: str, asked: str, *, user: Reader | None, make: Callable[[], tuple[str, bool]]
) -> str:
    """The HTML of `make()`, kept until the search index changes: for HTML made only from
    what the index tells `user` and from `asked` (the page's path and parameters, any length),
    such as a listing of works. Nothing of the request beyond those may go into it (no form
    tokens). `make` returns (html, keep): False for an answer not to be kept (a time limit hit).
    """
    digest = hashlib.blake2b(asked.encode(), digest_size=16).hexdigest()
    cache = caches[LISTINGS_CACHE]
    key = f"{name}:{index_state_key(user=user)}:{digest}"
    html: str | None = cache.get(key)
    if html is None:
        html, keep = make()
        if keep:
            cache.set(key, html)
    return html


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
    keys = {work_id: f"{kind}:{work_stamp_key(work_id, index=index)}" for work_id in ids}
    cache = caches[CACHE]
    found = cache.get_many(list(keys.values()))
    missing = [work_id for work_id in ids if keys[work_id] not in found]
    if missing:
        fresh = {keys[work_id]: html for work_id, html in render_missing(missing).items()}
        cache.set_many(fresh)
        found.update(fresh)
    return {work_id: found[key] for work_id, key in keys.items() if key in found}


@dataclass(frozen=True)
class Blurb:
    """One work's blurb, ready to print (`html` is safe: it was rendered from the template)."""

    work_id: int
    html: SafeString

    def __str__(self) -> str:
        return self.html


def blurbs_for(
    ids: list[int],
    *,
    cards_load: Callable[[list[int]], list[Any]],
    index: WorkIndex | None = None,
) -> list[Blurb]:
    """Blurbs of the works `ids`, in that order (ids of missing works are skipped); the works
    not cached are loaded as cards by `cards_load` (`works.cards.work_cards`) and rendered.
    `index` as for `works_rendered` (the search index the ids came from).

    A blurb shows nothing that depends on the reader, so a page of blurbs costs one cache read.
    Only the ids visible to the reader may be passed: the cache does not check permissions.
    """

    def render(missing: list[int]) -> dict[int, str]:
        return {
            c.work.pk: render_to_string(BLURB_TEMPLATE, {"card": c}) for c in cards_load(missing)
        }

    html = works_rendered(ids, kind="blurb", render_missing=render, index=index)
    return [Blurb(work_id=i, html=mark_safe(html[i])) for i in ids if i in html]
