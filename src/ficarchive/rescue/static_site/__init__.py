"""Static sites: folders of HTML pages whose index pages link to stories and chapters."""

from __future__ import annotations

import posixpath

from ficarchive.rescue.readers import ReadOptions
from ficarchive.rescue.static_site.reader import PAGE_SUFFIXES, StaticSite
from ficarchive.rescue.tree import SourceTree

NAME = "static site"
FRONT_PAGES = ("index.html", "index.htm", "index.shtml", "default.htm", "default.html", "home.html")


def detect(tree: SourceTree) -> str | None:
    """The site's front page (the shallowest index page), or None when there are no pages."""
    pages = [p for p in tree.paths if p.lower().endswith(PAGE_SUFFIXES)]
    if not pages:
        return None
    fronts = [p for p in pages if posixpath.basename(p).lower() in FRONT_PAGES]
    if fronts:
        return min(
            fronts, key=lambda p: (p.count("/"), FRONT_PAGES.index(posixpath.basename(p).lower()))
        )
    return None


def read(tree: SourceTree, found: str, options: ReadOptions) -> StaticSite:
    """The static site whose front page is `found`."""
    return StaticSite(tree, found)


__all__ = ["NAME", "detect", "read"]
