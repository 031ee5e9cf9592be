"""Blurbs rendered once and kept until their work changes (see `search.rendered`).

A blurb shows nothing that depends on the reader, so a page of blurbs costs one cache read; only
the works missing from the cache are loaded and rendered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from ficarchive.search.rendered import works_rendered

TEMPLATE = "reading/_blurb.html"


@dataclass(frozen=True)
class Blurb:
    """One work's blurb, ready to print (`html` is safe: it was rendered from the template)."""

    work_id: int
    html: SafeString

    def __str__(self) -> str:
        return self.html


def blurbs_for(ids: list[int], *, cards_load: Callable[[list[int]], list[Any]]) -> list[Blurb]:
    """Blurbs of the works `ids`, in that order (ids of missing works are skipped); the works
    not cached are loaded as cards by `cards_load` and rendered.

    Only the ids visible to the reader may be passed: the cache does not check permissions.
    """

    def render(missing: list[int]) -> dict[int, str]:
        return {c.work.pk: render_to_string(TEMPLATE, {"card": c}) for c in cards_load(missing)}

    html = works_rendered(ids, kind="blurb", render_missing=render)
    return [Blurb(work_id=i, html=mark_safe(html[i])) for i in ids if i in html]
