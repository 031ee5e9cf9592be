"""Filters that turn stored text into safe HTML for the reading pages."""

from __future__ import annotations

import re

import nh3
from django import template
from django.template.defaultfilters import linebreaks_filter
from django.utils.safestring import SafeString, mark_safe

from ficarchive.works.services.body_html import imported_attribute_filter

register = template.Library()

_INLINE = {
    "a",
    "abbr",
    "b",
    "br",
    "cite",
    "code",
    "del",
    "em",
    "i",
    "ins",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "u",
}
_BLOCK = {"blockquote", "div", "h2", "h3", "h4", "hr", "li", "ol", "p", "ul"}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "div": {"class"},
    "hr": {"class"},
    "p": {"class"},
    "span": {"class"},
    "ol": {"start"},
    # Images a rescued archive's stories show, kept and served under /archives/<slug>/.
    "img": {"src", "alt", "width", "height"},
}
_LOOKS_LIKE_HTML = re.compile(r"<(p|br|div|em|i|b|strong|blockquote|ul|ol|a)\b[^>]*>", re.I)


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=_INLINE | _BLOCK | {"img"},
        attributes=_ATTRIBUTES,
        attribute_filter=imported_attribute_filter,
        link_rel="nofollow noopener",
    )


@register.filter(is_safe=True)
def story_html(value: str | None) -> SafeString:
    """A chapter body, sanitized again at render time so no stored markup can run script."""
    return mark_safe(_clean(value or ""))


@register.filter(is_safe=True)
def prose(value: str | None) -> SafeString:
    """Summary, notes and other header text: sanitized HTML if it is HTML, else paragraphs."""
    text = (value or "").strip()
    if _LOOKS_LIKE_HTML.search(text):
        return mark_safe(_clean(text))
    return linebreaks_filter(text, autoescape=True)
