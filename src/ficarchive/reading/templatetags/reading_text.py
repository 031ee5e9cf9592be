"""Filters that turn stored text into safe HTML for the reading pages."""

from __future__ import annotations

import re

from django import template
from django.template.defaultfilters import linebreaks_filter
from django.utils.safestring import SafeString, mark_safe

from ficarchive.sanitize.html import PAGE
from ficarchive.sanitize.redact import emails_redact

register = template.Library()


@register.filter
def redact(value: str | None) -> str:
    """Plain header text with its e-mail addresses hidden (autoescaped as usual)."""
    return emails_redact(value)


_LOOKS_LIKE_HTML = re.compile(r"<(p|br|div|em|i|b|strong|blockquote|ul|ol|a)\b[^>]*>", re.I)


@register.filter(is_safe=True)
def story_html(value: str | None) -> SafeString:
    """A chapter body as stored. Bodies are sanitized when they are written (imports, posting
    and the admin's chapter form all clean them), not again on every view: a 200,000-word
    chapter would cost nh3 a full parse per reader."""
    return mark_safe(value or "")


@register.filter(is_safe=True)
def prose(value: str | None) -> SafeString:
    """Summary, notes and other header text: sanitized HTML if it is HTML, else paragraphs;
    e-mail addresses are never shown."""
    text = emails_redact((value or "").strip())
    if _LOOKS_LIKE_HTML.search(text):
        return mark_safe(PAGE.clean(text))
    return linebreaks_filter(text, autoescape=True)


@register.simple_tag(takes_context=True)
def page_links(context, page) -> dict:
    """Links around `page` (a Paginator page), other GET parameters kept: {"links": [{"number",
    "url", "current"} or {"gap"}], "previous": url or None, "next": url or None}."""
    request = context["request"]

    def url(number: int) -> str:
        params = request.GET.copy()
        params["page"] = number
        return "?" + params.urlencode()

    links: list[dict[str, object]] = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
        if number == page.paginator.ELLIPSIS:
            links.append({"gap": True})
        else:
            links.append({"number": number, "url": url(number), "current": number == page.number})
    return {
        "links": links,
        "previous": url(page.previous_page_number()) if page.has_previous() else None,
        "next": url(page.next_page_number()) if page.has_next() else None,
    }
