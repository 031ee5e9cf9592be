"""Links and images inside rescued texts, pointed at the archive's new home.

A link to another page of the old site (relative, or absolute on the old host) becomes
`/archives/<slug>/<old path and query>`, which answers with a redirect to wherever that page's
story now is: links to stories rescued later in the same run work too. An image the old site
served is kept (`RescueFile`) and shown from the same place. An image that is not among the
files handed over, or that another site served, is not left as a broken `<img>`: it becomes a
note in brackets with its alt text (and, for another site's, a link to where it was).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape, unescape
from urllib.parse import unquote, urlsplit

_ATTRIBUTE = re.compile(r"""(?i)(\s(?:href|src)\s*=\s*)("[^"]*"|'[^']*'|[^\s>"']+)""")
_IMAGE = re.compile(r"(?i)<img\b[^>]*>")
_IMAGE_ATTRIBUTE = re.compile(r"""(?i)\s(src|alt|title)\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+)""")


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


@dataclass
class RewrittenLinks:
    """A text with its links pointed at the archive's new home, and what became of its images."""

    html: str
    images: list[str] = field(default_factory=list)  # old paths of the images it shows (kept)
    missing: list[str] = field(default_factory=list)  # old paths not among the files
    elsewhere: list[str] = field(default_factory=list)  # addresses on other sites


def links_rewrite(
    html: str,
    *,
    site: OldSite,
    base: str,
    image_present: Callable[[str], bool] | None = None,
) -> RewrittenLinks:
    """`html` with links and image sources on the old site pointed at `/archives/<slug>/`.

    An image the old site served is kept when `image_present(old path)` (every one, without
    it); any other image becomes a bracketed note with its alt text (see the module)."""
    result = RewrittenLinks(html)

    def image(match: re.Match) -> str:
        attributes = {
            m.group(1).lower(): _attribute_value(m.group(2))
            for m in _IMAGE_ATTRIBUTE.finditer(match.group(0))
        }
        source = attributes.get("src", "").strip()
        relative = site.relative(source, base) if source else None
        if relative is not None and relative.split("?")[0]:
            # The file's own name: the old server undid the escapes (`harbour%20map.jpg`).
            path = unquote(relative.split("?")[0])
            if image_present is None or image_present(path):
                result.images.append(path)
                return match.group(0)
            result.missing.append(path)
            return _image_note("image missing", attributes, posixpath.basename(path))
        if urlsplit(source).scheme.lower() in ("http", "https"):
            result.elsewhere.append(source)
            note = _image_note("image from another site", attributes, source)
            return f'<a href="{escape(source)}">{note}</a>'
        return _image_note("image not kept", attributes, "")

    def replace(match: re.Match) -> str:
        prefix, quoted = match.group(1), match.group(2)
        relative = site.relative(_attribute_value(quoted), base)
        if relative is None:
            return match.group(0)
        return f'{prefix}"{escape(site.new_url(relative))}"'

    if "<img" in html.lower():
        html = _IMAGE.sub(image, html)
    result.html = _ATTRIBUTE.sub(replace, html)
    return result


def _attribute_value(quoted: str) -> str:
    return unescape(quoted[1:-1] if quoted[:1] in ("'", '"') else quoted)


def _image_note(what: str, attributes: dict[str, str], fallback: str) -> str:
    """`[image missing: a lamp]`: what a reader sees in place of an image that is not here."""
    described = " ".join((attributes.get("alt") or attributes.get("title") or fallback).split())
    return f"<em>[{what}{': ' + escape(described) if described else ''}]</em>"
