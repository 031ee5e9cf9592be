"""Filters that turn stored text into safe HTML for the reading pages."""

from __future__ import annotations

import re

from django import template
from django.template.defaultfilters import linebreaks_filter
from django.utils.safestring import SafeString, mark_safe

from ficarchive.sanitize.html import PAGE

register = template.Library()

_LOOKS_LIKE_HTML = re.compile(r"<(p|br|div|em|i|b|strong|blockquote|ul|ol|a)\b[^>]*>", re.I)


@register.filter(is_safe=True)
def story_html(value: str | None) -> SafeString:
    """A chapter body as stored. Bodies are sanitized when they are written (imports, posting
    and the admin's chapter form all clean them), not again on every view: a 200,000-word
    chapter would cost nh3 a full parse per reader."""
    return mark_safe(value or "")


@register.filter(is_safe=True)
def prose(value: str | None) -> SafeString:
    """Summary, notes and other header text: sanitized HTML if it is HTML, else paragraphs."""
    text = (value or "").strip()
    if _LOOKS_LIKE_HTML.search(text):
        return mark_safe(PAGE.clean(text))
    return linebreaks_filter(text, autoescape=True)
