"""Single-file HTML writer: one self-contained page (styles inline, no scripts, no images)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import get_template, render_to_string

from ficarchive.exports.book import Collection


def html_write(collection: Collection) -> str:
    """The whole work (or series) as one HTML5 document with a linked table of contents."""
    return get_template("exports/single.html").render(
        {
            "collection": collection,
            "css": render_to_string("exports/epub/style.css"),
            "publisher": getattr(settings, "FICARCHIVE_SITE_NAME", "ficarchive"),
        }
    )
