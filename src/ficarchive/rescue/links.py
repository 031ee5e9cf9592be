"""Links and images inside rescued texts, pointed at the archive's new home.

A link to another page of the old site (relative, or absolute on the old host) becomes
`/archives/<slug>/<old path and query>`, which answers with a redirect to wherever that page's
story now is: links to stories rescued later in the same run work too. An image the old site
served is kept (`RescueFile`) and shown from the same place; images from elsewhere are dropped.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html import escape, unescape
from urllib.parse import urlsplit

_ATTRIBUTE = re.compile(r"""(?i)(\s(?:href|src)\s*=\s*)("[^"]*"|'[^']*'|[^\s>"']+)""")


@dataclass
class OldSite:
    """Where the old site lived (its URL) and what its pages are called here."""

    slug: str
    url: str = ""
    host: str = field(init=False, default="")
    path: str = field(init=False, default="/")

    def __post_init__(self) -> None:
        parts = urlsplit(self.url if "//" in self.url else f"//{self.url}" if self.url else "")
        self.host = (parts.netloc or "").lower()
        self.path = (parts.path or "/").rstrip("/") + "/"

    def relative(self, href: str, base: str) -> str | None:
        """The old site's own path for `href` on a page in folder `base` ("viewstory.php?sid=2"),
        or None when it leads elsewhere (another site, an anchor, mail)."""
        href = unescape(href.strip())
        if not href or href.startswith(("#", "mailto:", "javascript:", "data:")):
            return None
        parts = urlsplit(href)
        if parts.scheme and parts.scheme not in ("http", "https"):
            return None
        if parts.netloc:
            if not self.host or parts.netloc.lower() != self.host:
                return None
            path = parts.path or "/"
            if not (path + "/").startswith(self.path):
                return None
            path = path[len(self.path) :]
        elif parts.path.startswith("/"):
            path = (
                parts.path[len(self.path) :] if parts.path.startswith(self.path) else parts.path[1:]
            )
        else:
            path = posixpath.join(base, parts.path) if parts.path else base
        path = posixpath.normpath(path) if path else ""
        if path in (".", "") and not parts.query:
            return ""
        if path.startswith(".."):
            return None
        path = "" if path == "." else path
        return path + (f"?{parts.query}" if parts.query else "")

    def new_url(self, relative: str) -> str:
        return f"/archives/{self.slug}/{relative}"


def links_rewrite(html: str, *, site: OldSite, base: str) -> tuple[str, list[str]]:
    """`html` with links and image sources on the old site pointed at `/archives/<slug>/`;
    returns it and the old paths of the images it shows (to keep)."""
    images: list[str] = []

    def replace(match: re.Match) -> str:
        prefix, quoted = match.group(1), match.group(2)
        value = quoted[1:-1] if quoted[:1] in ("'", '"') else quoted
        relative = site.relative(value, base)
        if relative is None:
            return match.group(0)
        if prefix.strip().lower().startswith("src"):
            images.append(relative.split("?")[0])
        return f'{prefix}"{escape(site.new_url(relative))}"'

    return _ATTRIBUTE.sub(replace, html), images
