"""The `{% url %}` tag of every template, its answers remembered.

Django's tag resolves the URL patterns on every call (about 30 µs); a page prints the same few
dozen links on every request (the site's navigation, the footer, the front page's boxes). This
tag answers as Django's does, but keeps the last few thousand answers, keyed by everything a
reversed URL depends on: the name, the arguments, the current application, the script prefix
and the URL configuration of the request. Registered as a template builtin in the settings, so
it replaces Django's tag in every template without a `{% load %}`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()

REMEMBERED = 4096


def reverse_or_none(
    view_name: str, args: Any, kwargs: dict[str, Any], current_app: str | None
) -> str | None:
    """Django's reverse() for the current URL configuration; None when nothing matches."""
    try:
        return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    except NoReverseMatch:
        return None


@lru_cache(maxsize=REMEMBERED)
def _reverse(
    view_name: str,
    args: tuple,
    kwargs: tuple,
    current_app: str | None,
    prefix: str,
    urlconf: str | None,
) -> str | None:
    """reverse_or_none() of a hashable question (`prefix` and `urlconf` are only keys: reverse()
    reads the same ones)."""
    return reverse_or_none(view_name, args, dict(kwargs), current_app)


def url_reverse(
    view_name: str, args: list, kwargs: dict[str, Any], current_app: str | None
) -> str | None:
    """The URL, from memory when asked before; None when nothing matches."""
    try:
        key_args, key_kwargs = tuple(args), tuple(sorted(kwargs.items()))
        hash((key_args, key_kwargs))
    except TypeError:  # an argument that cannot be a key: ask Django every time
        return reverse_or_none(view_name, args, kwargs, current_app)
    return _reverse(
        view_name, key_args, key_kwargs, current_app, get_script_prefix(), get_urlconf()
    )


class RememberedURLNode(URLNode):
    """Django's URLNode, answered through `url_reverse`."""

    def render(self, context: template.Context) -> str:
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app  # type: ignore[attr-defined]
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace  # type: ignore[attr-defined]
            except AttributeError:
                current_app = None
        url = url_reverse(view_name, args, kwargs, current_app)
        if url is None:
            if self.asvar is None:
                # Django's own message and exception, from Django's own call.
                reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
            url = ""
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser: template.base.Parser, token: template.base.Token) -> RememberedURLNode:
    """`{% url 'name' arg ... [as var] %}`, as Django's tag (same syntax, same output)."""
    node = django_url(parser, token)
    return RememberedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
