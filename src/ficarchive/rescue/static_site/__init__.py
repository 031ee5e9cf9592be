"""Static sites: folders of HTML pages whose index pages link to stories and chapters."""

from __future__ import annotations

import posixpath
import re

from ficarchive.rescue.readers import ReadOptions
from ficarchive.rescue.static_site.reader import PAGE_SUFFIXES, StaticSite
from ficarchive.rescue.tree import SourceTree

NAME = "static site"
# Front pages without a front page's name: the shallowest pages are read for their links.
MAX_CANDIDATES = 50
_HREF = re.compile(rb"(?i)<(?:a\s[^>]*?href|i?frame\s[^>]*?src)\s*=")
FRONT_PAGES = (
    "index.html",
    "index.htm",
    "index.shtml",
    "default.htm",
    "default.html",
    "home.html",
    "home.htm",
    "main.html",
    "main.htm",
    "welcome.html",
    "welcome.htm",
)


def detect(tree: SourceTree) -> str | None:
    """The site's front page: the shallowest index page by name (`index.html`, ...), else the
    shallowest page that links to the most others; None when there are no pages."""
    pages = [p for p in tree.paths if p.lower().endswith(PAGE_SUFFIXES)]
    if not pages:
        return None
    fronts = [p for p in pages if posixpath.basename(p).lower() in FRONT_PAGES]
    if fronts:
        return min(
            fronts, key=lambda p: (p.count("/"), FRONT_PAGES.index(posixpath.basename(p).lower()))
        )
    depth = min(p.count("/") for p in pages)
    shallow = [p for p in pages if p.count("/") == depth][:MAX_CANDIDATES]
    links = {p: len(_HREF.findall(tree.read(p, limit=1 << 20) or b"")) for p in shallow}
    best = max(shallow, key=lambda p: links[p])
    return best if links[best] else None


def read(tree: SourceTree, found: str, options: ReadOptions) -> StaticSite:
    """The static site whose front page is `found`."""
    return StaticSite(tree, found, old_url=options.old_url)


__all__ = ["NAME", "detect", "read"]
