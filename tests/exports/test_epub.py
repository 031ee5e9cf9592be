"""EPUB 3 files: validity (real epubcheck), layout, metadata, chapter markup, hostile input."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest
from tests.exports.epubcheck_runner import epubcheck, problems
from tests.factories import hostile_work, non_latin_work, work_make_full

from ficarchive.exports.book import collection_for_series, collection_for_work
from ficarchive.exports.epub import epub_write
from ficarchive.legacy.model import Block, ParsedChapter
from ficarchive.legacy.model import Series as ParsedSeries
from ficarchive.works.models import Chapter, Series, Work

pytestmark = pytest.mark.django_db
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
XHTML = "{http://www.w3.org/1999/xhtml}"
NCX = "{http://www.daisy.org/z3986/2005/ncx/}"


def build(work: Work) -> zipfile.ZipFile:
    out = io.BytesIO()
    epub_write(collection_for_work(work), out)
    return zipfile.ZipFile(io.BytesIO(out.getvalue()))


def package(book: zipfile.ZipFile) -> ET.Element:
    return ET.fromstring(book.read("EPUB/package.opf"))


def text_of(book: zipfile.ZipFile, name: str) -> str:
    return book.read(f"EPUB/text/{name}").decode("utf-8")


def two_part_series() -> tuple[Series, list[Work]]:
    first = work_make_full()
    second = work_make_full(
        title="Second Light", series=ParsedSeries(title="Harbour Lights", part=2)
    )
    series = Series.objects.get(title="Harbour Lights")
    assert [p.work for p in series.parts.order_by("position")] == [first, second]
    return series, [first, second]


@pytest.mark.slow
def test_epubcheck_reports_no_errors_and_no_warnings(tmp_path):
    """Every kind of block, non-Latin text, hostile HTML and a whole series: epubcheck is clean."""
    series, works = two_part_series()
    paths = []
    for name, collection in [
        ("every-block", collection_for_work(works[0])),
        ("non-latin", collection_for_work(non_latin_work())),
        ("hostile", collection_for_work(hostile_work())),
        ("series", collection_for_series(series, works)),
    ]:
        path = tmp_path / f"{name}.epub"
        with path.open("wb") as out:
            epub_write(collection, out)
        paths.append(path)
    reports = epubcheck(paths)
    assert len(reports) == 4
    for path, report in reports.items():
        assert problems(report) == [], path.name
        checker = report["checker"]
        assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), path.name


def test_mimetype_comes_first_and_is_stored():
    """The OCF container: `mimetype` is the first entry, uncompressed, then container.xml."""
    book = build(work_make_full())
    first = book.infolist()[0]
    assert first.filename == "mimetype"
    assert first.compress_type == zipfile.ZIP_STORED
    assert book.read("mimetype") == b"application/epub+zip"
    container = ET.fromstring(book.read("META-INF/container.xml"))
    rootfile = container.find(".//{urn:oasis:names:tc:opendocument:xmlns:container}rootfile")
    assert rootfile.get("full-path") == "EPUB/package.opf"


def test_package_metadata_names_the_work():
    """dc:identifier (urn:uuid), title, creators, language, a dc:subject per tag, dcterms:modified."""
    work = work_make_full()
    opf = package(build(work))
    metadata = opf.find(f"{OPF}metadata")
    identifier = metadata.find(f"{DC}identifier").text
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", identifier)
    assert opf.get("unique-identifier") == metadata.find(f"{DC}identifier").get("id")
    assert metadata.find(f"{DC}title").text == "Lamps on the Quay"
    assert [e.text for e in metadata.findall(f"{DC}creator")] == ["Wren Tallow", "Ash Corder"]
    assert metadata.find(f"{DC}language").text == "en"
    subjects = {e.text for e in metadata.findall(f"{DC}subject")}
    assert subjects == {t.name for t in work.tags.all()}
    assert {"Harbour Town", "Mara/Ines", "Fluff", "Teen And Up Audiences"} <= subjects
    modified = [
        m.text for m in metadata.findall(f"{OPF}meta") if m.get("property") == "dcterms:modified"
    ]
    assert len(modified) == 1
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", modified[0])
    collection = [
        m.text
        for m in metadata.findall(f"{OPF}meta")
        if m.get("property") == "belongs-to-collection"
    ]
    assert collection == ["Harbour Lights"]


def test_identifier_is_stable_and_modified_follows_changes():
    """Rebuilding gives the same bytes; after an edit the identifier stays, dcterms:modified moves."""
    work = work_make_full()
    first = io.BytesIO()
    epub_write(collection_for_work(work), first)
    again = io.BytesIO()
    epub_write(collection_for_work(Work.objects.get(pk=work.pk)), again)
    assert first.getvalue() == again.getvalue()

    Work.objects.filter(pk=work.pk).update(modified_at=work.created_at.replace(year=2030))
    later = package(build(Work.objects.get(pk=work.pk)))
    before = package(zipfile.ZipFile(first))
    ident = f"{OPF}metadata/{DC}identifier"
    assert later.find(ident).text == before.find(ident).text

    def modified(opf):
        return [m.text for m in opf.iter(f"{OPF}meta") if m.get("property") == "dcterms:modified"]

    assert modified(later) != modified(before)
    assert modified(later)[0].startswith("2030-")


def test_manifest_spine_nav_and_ncx_list_every_chapter():
    """Title page, one XHTML file per chapter, end notes; nav (EPUB 3) and NCX both list them."""
    book = build(work_make_full())
    opf = package(book)
    hrefs = [i.get("href") for i in opf.iter(f"{OPF}item")]
    chapters = [h for h in hrefs if re.fullmatch(r"text/w01-c\d{3}\.xhtml", h)]
    assert chapters == ["text/w01-c001.xhtml", "text/w01-c002.xhtml", "text/w01-c003.xhtml"]
    assert "text/w01-title.xhtml" in hrefs
    assert "text/w01-end.xhtml" in hrefs
    nav_item = [i for i in opf.iter(f"{OPF}item") if i.get("properties") == "nav"]
    assert len(nav_item) == 1
    spine = [r.get("idref") for r in opf.iter(f"{OPF}itemref")]
    ids = {i.get("id"): i.get("href") for i in opf.iter(f"{OPF}item")}
    assert ids[spine[0]] == "text/w01-title.xhtml"
    assert ids[spine[-1]] == "text/w01-end.xhtml"

    nav = ET.fromstring(book.read("EPUB/nav.xhtml"))
    toc = next(
        n for n in nav.iter(f"{XHTML}nav") if n.get("{http://www.idpf.org/2007/ops}type") == "toc"
    )
    links = [(a.text, a.get("href")) for a in toc.iter(f"{XHTML}a")]
    assert ("1. Dusk", "text/w01-c001.xhtml") in links
    assert ("3. Dawn", "text/w01-c003.xhtml") in links
    ncx = ET.fromstring(book.read("EPUB/toc.ncx"))
    points = [p.find(f"{NCX}content").get("src") for p in ncx.iter(f"{NCX}navPoint")]
    assert points == [href for _, href in links]
    orders = [int(p.get("playOrder")) for p in ncx.iter(f"{NCX}navPoint")]
    assert orders == list(range(1, len(orders) + 1))


def test_title_page_carries_the_works_metadata():
    """Rating, warnings, fandoms, relationships, characters, tags, series and part, words,
    chapters, summary, notes, disclaimer and source all appear on the title page."""
    work = work_make_full()
    page = text_of(build(work), "w01-title.xhtml")
    for expected in [
        "<dt>Rating</dt><dd>Teen And Up Audiences</dd>",
        "<dt>Archive Warnings</dt><dd>No Archive Warnings Apply</dd>",
        "<dt>Fandoms</dt><dd>Harbour Town</dd>",
        "<dt>Relationships</dt><dd>Mara/Ines</dd>",
        "<dt>Characters</dt><dd>Ines, Mara</dd>",
        "<dt>Additional Tags</dt><dd>Fluff, Rain</dd>",
        "<dt>Series</dt><dd>Part 1 of Harbour Lights</dd>",
        f"<dt>Words</dt><dd>{work.word_count:,}</dd>",
        "<dt>Chapters</dt><dd>3/3</dd>",
        "<dt>Source</dt><dd>lamps-on-the-quay.txt</dd>",
        "<p>Two keepers of the harbour lamps.</p><p>A night of waiting.</p>",
        "Written for a friend.",
        "The harbour belongs to nobody.",
        '<h1 class="title" dir="auto">Lamps on the Quay</h1>',
        "by Wren Tallow, Ash Corder",
    ]:
        assert expected in page
    assert work.word_count > 0


def test_chapters_keep_verse_breaks_headings_and_escaping():
    """Verse lines stay lines, scene breaks are rules, headings stay, text is escaped; the CSS
    styles verse and breaks; end notes have their own page."""
    book = build(work_make_full())
    chapter = text_of(book, "w01-c001.xhtml")
    ET.fromstring(chapter)  # well-formed XML
    assert (
        '<div class="verse">Row the boat along the shore<br/>Till the tide comes in once more<br/>Sing it low</div>'
        in chapter
    )
    assert chapter.count('<hr class="scene-break"/>') == 2
    assert "<h2>Part the First one</h2>" in chapter
    assert "&lt;waited&gt; &amp; hoped" in chapter
    css = book.read("EPUB/style.css").decode()
    assert re.search(r"\.verse\s*\{[^}]*font-style:\s*italic", css)
    assert re.search(r"hr\.scene-break\s*\{[^}]*margin", css)
    assert "Thanks for reading!" in text_of(book, "w01-end.xhtml")
    inline = text_of(book, "w01-c003.xhtml")
    for markup in [
        "<em>meant</em>",
        "<strong>every word</strong>",
        "<i>Mara</i>",
        "<b>sure</b>",
        "<u>underlined</u>",
        "<s>struck</s>",
        "<h2>Interlude</h2>",
        '<div class="verse"><em>Low</em> tide, <strong>high</strong> tide<br/>the bell',
    ]:
        assert markup in inline


def test_hostile_html_is_neutralised():
    """Scripts, handlers, javascript: and relative links, images, unknown entities and control
    characters never reach the book, and every page is well-formed XML."""
    book = build(hostile_work())
    for name in book.namelist():
        if name.endswith((".xhtml", ".opf", ".ncx", ".xml")):
            ET.fromstring(book.read(name))
    chapter = text_of(book, "w01-c001.xhtml")
    lowered = chapter.lower()
    for forbidden in [
        "<script",
        "alert(",
        "onclick",
        "onerror",
        "javascript:",
        "<img",
        "<iframe",
        "<style",
        "<font",
        "&nbsp;",
        "&copy;",
        "\x0c",
        "\x1a",
        'href="#',
        "../secret",
    ]:
        assert forbidden not in lowered, forbidden
    assert '<a href="http://example.com/?a=1&amp;b=2">there</a>' in chapter
    assert "Before the storm\u00a0— a" in chapter
    assert "item one" in chapter
    assert "old font" in chapter
    title = text_of(book, "w01-title.xhtml")
    assert "Storm &lt;Warning&gt; &amp; &quot;Quotes&quot;" in title
    assert "x()" not in title
    assert "Notes with \u00a0 and &lt; angle &gt; &amp; amp" in title


def test_non_latin_text_and_right_to_left_title():
    """Russian, Japanese and Arabic text survive; pages declare the language; the Arabic title
    is marked for automatic direction."""
    book = build(non_latin_work())
    opf = package(book)
    assert opf.find(f"{OPF}metadata/{DC}title").text == "قناديل الميناء"
    assert opf.find(f"{OPF}metadata/{DC}language").text == "ru"
    title = text_of(book, "w01-title.xhtml")
    assert 'xml:lang="ru" lang="ru"' in title
    assert '<h1 class="title" dir="auto">قناديل الميناء</h1>' in title
    assert "Лада Соколова" in title
    assert "港の灯りが一つずつ消えていった。" in text_of(book, "w01-c002.xhtml")
    assert '<h2 class="chapter-title" dir="auto">3. الفجر</h2>' in text_of(book, "w01-c003.xhtml")


def test_series_epub_holds_every_part_in_order():
    """A series EPUB opens with the series page, then each work's title page and chapters,
    with a nested table of contents."""
    series, works = two_part_series()
    out = io.BytesIO()
    epub_write(collection_for_series(series, works), out)
    book = zipfile.ZipFile(out)
    opf = package(book)
    ids = {i.get("id"): i.get("href") for i in opf.iter(f"{OPF}item")}
    spine = [ids[r.get("idref")] for r in opf.iter(f"{OPF}itemref")]
    assert spine[0] == "text/series.xhtml"
    assert spine.index("text/w01-title.xhtml") < spine.index("text/w02-title.xhtml")
    assert "text/w02-c003.xhtml" in spine
    assert opf.find(f"{OPF}metadata/{DC}title").text == "Harbour Lights"
    front = text_of(book, "series.xhtml")
    assert front.index("Lamps on the Quay") < front.index("Second Light")
    nav = ET.fromstring(book.read("EPUB/nav.xhtml"))
    nested = [li for li in nav.iter(f"{XHTML}li") if li.find(f"{XHTML}ol") is not None]
    assert [li.find(f"{XHTML}a").text for li in nested] == ["Lamps on the Quay", "Second Light"]


def test_draft_chapters_are_left_out():
    """A chapter still in draft is not exported."""
    work = work_make_full()
    Chapter.objects.filter(work=work, position=2).update(draft=True)
    names = build(work).namelist()
    assert "EPUB/text/w01-c002.xhtml" in names  # chapters are renumbered: 1, 3 → 1, 2
    assert "EPUB/text/w01-c003.xhtml" not in names


def test_right_to_left_language_turns_pages_right_to_left():
    """An Arabic work: the spine turns pages right to left and every page is dir="rtl"."""
    chapter = ParsedChapter(title="الفجر", blocks=[Block("paragraph", "جاء الصباح مع المطر.")])
    book = build(work_make_full(title="قناديل", language="ar", series=None, chapters=[chapter]))
    assert package(book).find(f"{OPF}spine").get("page-progression-direction") == "rtl"
    for name in ("w01-title.xhtml", "w01-c001.xhtml"):
        root = ET.fromstring(book.read(f"EPUB/text/{name}"))
        assert root.get("dir") == "rtl"
        assert root.get("lang") == "ar"
    english = build(work_make_full())
    assert package(english).find(f"{OPF}spine").get("page-progression-direction") is None
