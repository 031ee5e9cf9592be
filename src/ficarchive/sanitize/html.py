"""The HTML policies: what each kind of stored or shown HTML may keep, enforced with nh3.

Every piece of imported or user HTML goes through one of these named policies:

- `STORED_BODY`: a chapter body as the archive stores it, imported or posted;
- `RESCUED_BODY`: a chapter body taken over whole from an old archive: a stored body with the
  images the rescue kept (served under `/archives/<slug>/`; no other image source survives);
- `COMMENT`: a comment or a bookmark note;
- `PAGE`: stored HTML shown on a reading page (chapters, summaries, notes), sanitized again so
  that nothing stored by an older or careless writer can run; a superset of `STORED_BODY`;
- `EPUB`: stored HTML on its way into an EPUB, before `exports.xhtml` makes it well-formed XHTML.

`tests/sanitize/test_html_policies.py` shows, case by case, what each keeps and what it drops.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import nh3

from ficarchive.sanitize.linear import nh3_clean

# Inline markup people write in stories and comments.
INLINE = frozenset(
    {"a", "b", "strong", "i", "em", "u", "s", "del", "sub", "sup", "code", "br", "span"}
)
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# The two classes the archive's own body markup uses.
BODY_CLASSES: Mapping[str, frozenset[str]] = {
    "div": frozenset({"verse"}),
    "hr": frozenset({"scene-break"}),
}
LINK_REL = "nofollow noopener noreferrer"
# Images a rescued story shows, kept with the archive and served by this site from here.
KEPT_IMAGES = "/archives/"
IMAGE_ATTRIBUTES = frozenset({"src", "alt", "width", "height"})
_IMAGE_WITHOUT_SOURCE = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def kept_images_only(element: str, attribute: str, value: str) -> str | None:
    """The attribute filter of policies that show images: only those under `KEPT_IMAGES` (any
    other would make readers' browsers call other sites), sizes only as numbers."""
    if element == "img" and attribute == "src" and not value.startswith(KEPT_IMAGES):
        return None
    if element == "img" and attribute in ("width", "height") and not value.isdigit():
        return None
    return value


@dataclass(frozen=True)
class HtmlPolicy:
    """One allow-list: the tags, attributes and classes kept; everything else goes.

    Tags not allowed are removed and their text kept, except script, style and the like, which go
    whole. Event handlers and `style` never survive; links keep only the allowed URL schemes.
    """

    name: str
    tags: frozenset[str]
    attributes: Mapping[str, frozenset[str]] = field(default_factory=dict)
    classes: Mapping[str, frozenset[str]] = field(default_factory=dict)
    link_rel: str | None = LINK_REL
    # "deny" drops relative links (an EPUB has no site behind it); None keeps them.
    url_relative: str | None = None
    # Rewrites or drops attribute values (element, attribute, value) -> value or None.
    attribute_filter: Callable[[str, str, str], str | None] | None = None

    @cached_property
    def _cleaner(self) -> nh3.Cleaner:
        options: dict[str, object] = (
            {"url_relative": self.url_relative} if self.url_relative else {}
        )
        return nh3.Cleaner(
            tags=set(self.tags),
            attributes={tag: set(names) for tag, names in self.attributes.items()},
            allowed_classes={tag: set(names) for tag, names in self.classes.items()} or None,
            url_schemes=set(URL_SCHEMES),
            link_rel=self.link_rel,
            attribute_filter=self.attribute_filter,
            **options,  # type: ignore[arg-type]
        )

    def clean(self, markup: str) -> str:
        """`markup` reduced to this policy (an image whose source went, goes whole)."""
        cleaned = nh3_clean(markup or "", self._cleaner)
        return _IMAGE_WITHOUT_SOURCE.sub("", cleaned) if "<img" in cleaned else cleaned


COMMENT = HtmlPolicy(
    name="comment",
    tags=INLINE | {"p", "blockquote", "ul", "ol", "li"},
    attributes={"a": frozenset({"href", "title"})},
)
STORED_BODY = HtmlPolicy(
    name="stored body",
    tags=COMMENT.tags | {"h2", "h3", "hr", "div"},
    attributes={"a": frozenset({"href", "title"})},
    classes=BODY_CLASSES,
)
RESCUED_BODY = HtmlPolicy(
    name="rescued body",
    tags=STORED_BODY.tags | {"img"},
    attributes={"a": frozenset({"href", "title"}), "img": IMAGE_ATTRIBUTES},
    classes=BODY_CLASSES,
    attribute_filter=kept_images_only,
)
PAGE = HtmlPolicy(
    name="page",
    tags=RESCUED_BODY.tags | {"abbr", "cite", "ins", "q", "small", "h4"},
    attributes={
        "img": IMAGE_ATTRIBUTES,
        "a": frozenset({"href", "title"}),
        "abbr": frozenset({"title"}),
        "div": frozenset({"class"}),
        "hr": frozenset({"class"}),
        "p": frozenset({"class"}),
        "span": frozenset({"class"}),
        "ol": frozenset({"start"}),
    },
    link_rel="nofollow noopener",
    attribute_filter=kept_images_only,
)
EPUB = HtmlPolicy(
    name="epub",
    tags=INLINE
    | {"abbr", "cite", "small", "h1", "h2", "h3", "h4", "h5", "h6"}
    | {"p", "pre", "div", "blockquote", "hr", "ul", "ol", "li"},
    attributes={
        "*": frozenset({"class", "dir"}),
        "a": frozenset({"href", "title"}),
        "abbr": frozenset({"title"}),
    },
    link_rel=None,
    url_relative="deny",
)
POLICIES = {policy.name: policy for policy in (STORED_BODY, RESCUED_BODY, COMMENT, PAGE, EPUB)}

_HAS_BLOCK_TAG = re.compile(r"<\s*(p|div|blockquote|ul|ol|h2|h3|hr)\b", re.IGNORECASE)
_BLOCK_START = re.compile(r"<(p|div|blockquote|h2|h3|li|hr)\b", re.IGNORECASE)
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _paragraphs_from_text(text: str) -> str:
    """Plain text with blank-line paragraphs → <p> elements (single newlines → <br>)."""
    parts = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
    return "".join("<p>" + p.replace("\n", "<br>") + "</p>" for p in parts)


def user_html_clean(text: str, *, policy: HtmlPolicy) -> str:
    """Safe HTML from what a person typed: plain text becomes paragraphs; HTML keeps only what
    `policy` allows. Scripts, styles, event handlers and `javascript:` URLs never survive."""
    text = text or ""
    if not _HAS_BLOCK_TAG.search(text):
        text = _paragraphs_from_text(text)
    return policy.clean(text).strip()


def comment_html_clean(text: str) -> str:
    """A comment or bookmark note as safe HTML (the `COMMENT` policy)."""
    return user_html_clean(text, policy=COMMENT)


def body_html_clean(text: str) -> str:
    """A posted chapter body as safe HTML (the `STORED_BODY` policy)."""
    return user_html_clean(text, policy=STORED_BODY)


def html_to_text(html_text: str) -> str:
    """Visible text of sanitized HTML (for word counts and editing forms)."""
    spaced = _BLOCK_START.sub(r"\n\n\g<0>", html_text or "")
    spaced = _LINE_BREAK.sub("\n", spaced)
    text = html.unescape(nh3_clean(spaced))
    return re.sub(r"\n{3,}", "\n\n", text).strip()
