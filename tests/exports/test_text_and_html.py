"""Plain-text and single-file HTML exports."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from tests.factories import hostile_work, non_latin_work, work_make_full

from ficarchive.exports.book import collection_for_series, collection_for_work
from ficarchive.exports.html import html_write
from ficarchive.exports.text import text_write, xhtml_to_plain
from ficarchive.works.models import Series

pytestmark = pytest.mark.django_db


class Outline(HTMLParser):
    """Collects ids, in-page links and tag names of an HTML document."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.anchors: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and (attrs.get("href") or "").startswith("#"):
            self.anchors.append(attrs["href"][1:])


def test_text_export_reads_like_a_text_file():
    """Title, byline, metadata lines, chapter banners, indented verse, '* * *' breaks, no tags."""
    text = text_write(collection_for_work(work_make_full()))
    assert text.startswith("=" * 17 + "\nLamps on the Quay\n")
    assert "by Wren Tallow, Ash Corder" in text
    assert "Rating: Teen And Up Audiences\n" in text
    assert "Series: Part 1 of Harbour Lights\n" in text
    assert "Summary:\n\nTwo keepers of the harbour lamps.\n\nA night of waiting." in text
    assert "Disclaimer:\n\nThe harbour belongs to nobody." in text
    assert "\n1. Dusk\n" in text
    assert "\n3. Dawn\n" in text
    assert "    Row the boat along the shore\n    Till the tide comes in once more\n" in text
    assert "* * *" in text
    assert "She said, \"Wait\" — and <waited> & hoped 'it' would pass." in text
    assert "<p>" not in text
    assert "&amp;" not in text
    end_notes, afterword = text.rsplit("Afterword", 1)
    assert end_notes.rstrip("-\n").endswith("Thanks for reading!")
    assert afterword.rstrip().endswith("leave kudos or a comment for its author there.")


def test_text_of_hostile_html_has_no_markup_or_script():
    """The hostile chapter comes out as readable text without its script."""
    text = text_write(collection_for_work(hostile_work()))
    assert "alert" not in text
    assert "<script" not in text
    assert "Before the storm\u00a0— a bold unclosed move" in text
    assert "item one" in text
    assert "old font" in text


def test_xhtml_to_plain_keeps_lines_and_blocks():
    """<br/> is a newline, blocks are apart by a blank line, whitespace inside a line collapses."""
    plain = xhtml_to_plain(
        '<p>a\n  b</p><div class="verse">x<br/>y</div><hr class="scene-break"/><p>z</p>'
    )
    assert plain == "a b\n\n    x\n    y\n\n                * * *\n\nz"


def test_html_export_is_one_linked_document():
    """One HTML5 page: styles inline, no scripts, a table of contents whose links all land."""
    page = html_write(collection_for_work(work_make_full()))
    assert page.startswith("<!DOCTYPE html>")
    outline = Outline()
    outline.feed(page)
    assert "script" not in outline.tags
    assert "link" not in outline.tags
    assert outline.anchors
    assert set(outline.anchors) <= outline.ids
    assert len([a for a in outline.anchors if "chapter" in a]) == 3
    assert ".verse" in page
    assert '<hr class="scene-break"/>' in page
    assert "<dt>Fandoms</dt><dd>Harbour Town</dd>" in page


def test_html_export_of_non_latin_and_series():
    """Non-Latin text and a whole series fit in one page, each work with its own anchors."""
    page = html_write(collection_for_work(non_latin_work()))
    assert '<html lang="ru">' in page
    assert "港の灯り" in page
    work_make_full()
    work_make_full(title="Second Light")
    series = Series.objects.get(title="Harbour Lights")
    works = [p.work for p in series.parts.order_by("position", "id")]
    page = html_write(collection_for_series(series, works))
    outline = Outline()
    outline.feed(page)
    assert {"work-1", "work-2", "w2-chapter-3"} <= outline.ids
    assert set(outline.anchors) <= outline.ids
