"""Control characters and non-characters, at every way in: titles, summaries, tags and chapter
text holding each C0 and C1 control and U+FFFE give valid OPDS, well-formed EPUBs that
epubcheck passes, and clean HTML, whether they came in a story file, through the posting form,
or were already in the database."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from django.test import Client
from tests.exports.epubcheck_runner import epubcheck, problems

from ficarchive.accounts.services import user_create
from ficarchive.importing.services import import_bytes
from ficarchive.legacy import parse_bytes
from ficarchive.sanitize.text import text_clean, text_clean_all
from ficarchive.works.models import Chapter, Tag, Work

pytestmark = pytest.mark.django_db

# Every C0 control but tab and newline (CR becomes a newline), DEL, every C1 control, and the
# non-characters XML cannot hold.
UNWANTED_CODES = [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]
UNWANTED = [chr(c) for c in UNWANTED_CODES] + ["\ufffe", "\uffff", "\U0001fffe", "\ud800"]
# What a page, a feed or a book must never carry: raw, or as a character reference.
RAW_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
REFERENCE_UNWANTED = re.compile(
    r"&#(?:x0*(?:[0-8bcef]|1[0-9a-f]|7f|8[0-9a-f]|9[0-9a-f]|fffe)|0*(?:[0-8]|1[1-9]|2[0-9]|3[01]|12[7-9]|1[3-5][0-9]|65534));",
    re.I,
)
# Each unwanted character once; a file cannot hold NUL (it reads as binary) or a lone surrogate.
EVERY = "".join(chr(c) for c in UNWANTED_CODES if c) + "\ufffe"


def dirty(word: str) -> str:
    """`word` with every unwanted character inside it."""
    return f"{word[:3]}{EVERY}{word[3:]}"


def assert_clean(text: str, where: str) -> None:
    assert not RAW_UNWANTED.search(text), (where, RAW_UNWANTED.search(text))
    assert not REFERENCE_UNWANTED.search(text), (where, REFERENCE_UNWANTED.search(text))


@pytest.mark.parametrize("character", UNWANTED, ids=[f"U+{ord(c):04X}" for c in UNWANTED])
def test_text_clean_drops_each_unwanted_character(character):
    """Each control and non-character goes; the letters around it stay together."""
    assert text_clean(f"ab{character}cd") == "abcd"


def test_text_clean_keeps_text_tabs_newlines_and_line_ends():
    """Tabs, newlines, accents and emoji stay; CR LF and CR become LF."""
    text = "Ünïcödé\tline\none 😀 "
    assert text_clean(text) is text
    assert text_clean("a\r\nb\rc") == "a\nb\nc"


def test_text_clean_returns_ascii_text_without_controls_as_it_is():
    """The quick ASCII check keeps every printable character, tab and newline: the very object
    comes back, and one control among them still goes."""
    text = ("".join(chr(c) for c in range(0x20, 0x7F)) + "\t\n") * 3
    assert len(text) > 200
    assert text_clean(text) is text
    assert text_clean(text + "\x1b") == text


def test_text_clean_all_reaches_every_string_of_a_parsed_work():
    """Nested dataclasses, lists and dicts all come out clean."""
    parsed = parse_bytes(b"Title: Plain\n\nSome words here.", "plain.txt")
    parsed.title, parsed.fandoms = "T\x01itle", ["Fan\x1bdom"]
    parsed.extra = {"Be\x07ta": "Rea\x85der"}
    parsed.blocks[0].text = "Wo\x0crds"
    text_clean_all(parsed)
    assert (parsed.title, parsed.fandoms, parsed.extra) == ("Title", ["Fandom"], {"Beta": "Reader"})
    assert parsed.blocks[0].text == "Words"


def dirty_story() -> bytes:
    """A legacy story file whose title, summary, tags and text hold every unwanted character."""
    return (
        f"Title: {dirty('Lanternlight')}\n"
        f"Author: {dirty('Wrenna Holloway')}\n"
        f"Fandom: {dirty('Original Work')}\n"
        f"Characters: {dirty('Marisol Venn')}, {dirty('Odo Ferrick')}\n"
        f"Tags: {dirty('Harbour Lights')}, {dirty('Slow Burn')}\n"
        "Rating: PG\n"
        f"Summary: {dirty('The lantern keeper counts the ships that never come home.')}\n"
        "\n"
        f"{dirty('The harbour was quiet the night the lamps went out, and Marisol counted.')}\n\n"
        f"{dirty('Odo brought oil in a tin can and they lit the lamps again, one by one.')}\n\n"
        f"{dirty('By morning the fishing boats came back through the fog, every one of them.')}\n\n"
        # Enough clean prose that the file reads as text with a few stray controls, not binary.
        + "The gulls settled on the harbour wall and the tide turned slowly.\n\n"
        * 100
    ).encode()


def test_the_reader_returns_no_unwanted_character():
    """Every string of `parse --json` output is clean."""
    parsed = parse_bytes(dirty_story(), "dirty.txt")
    assert parsed.title == "Lanternlight"
    assert_clean(json.dumps(parsed.to_json(), ensure_ascii=False), "parse output")


def works_new_form(client: Client, **fields) -> dict:
    pseud = client.get("/works/new/").context["form"].fields["pseuds"].queryset.get()
    data = {
        "title": dirty("Tidewater Bell"),
        "pseuds": [pseud.pk],
        "rating": "General Audiences",
        "warnings": ["No Archive Warnings Apply"],
        "fandoms": f"{dirty('Original Work')}, {dirty('Harbour Tales')}",
        "characters": dirty("Marisol Venn"),
        "freeform": dirty("Slow Burn"),
        "summary": dirty("The bell rings for every ship that comes home."),
        "notes": dirty("Written on a rainy day."),
        "series_title": dirty("Harbour Lights"),
        "distribution_permission": "unknown",
        "language": "en",
        "chapter_title": dirty("The Bell"),
        "body": dirty("The bell rang twice at dusk, and the harbour master looked up."),
        "action": "post",
    }
    data.update(fields)
    return data


@pytest.fixture
def author_client(settings) -> Client:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = user_create(username="wrenna", email="wrenna@example.org", password="harbour-bell-42")
    client = Client()
    client.force_login(user)
    return client


def pages_of(client: Client, work: Work) -> dict[str, str]:
    """Every page and feed that shows the work, as text."""
    tag = work.tags.filter(type="freeform").first() or work.tags.first()
    urls = [
        work.get_absolute_url(),
        f"/works/{work.pk}/chapters/1/",
        "/works/",
        f"/works/?q={work.title.split()[0]}",
        f"/api/works/?q={work.title.split()[0]}",
        tag.get_absolute_url(),
        f"/downloads/{work.pk}.html",
        f"/downloads/{work.pk}.txt",
    ]
    texts = {}
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        texts[url] = b"".join(
            response.streaming_content if response.streaming else [response.content]
        ).decode("utf-8")
    return texts


def feeds_of(client: Client, work: Work) -> dict[str, ET.Element]:
    """The OPDS feeds that list the work, parsed as XML (a parse error fails the test)."""
    urls = ["/opds/new/", f"/opds/search/?q={work.title.split()[0]}", "/opds/fandoms/"]
    urls += [f"/opds/tags/{t.pk}/" for t in work.tags.all()]
    feeds = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_clean(response.content.decode("utf-8"), url)
        feeds[url] = ET.fromstring(response.content)
    return feeds


def epub_of(client: Client, work: Work, folder: Path) -> Path:
    """The work's EPUB, every XML file in it parsed (a parse error fails the test)."""
    response = client.get(f"/downloads/{work.pk}.epub")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    book = zipfile.ZipFile(io.BytesIO(data))
    for name in book.namelist():
        if name.endswith((".opf", ".ncx", ".xhtml", ".xml")):
            text = book.read(name).decode("utf-8")
            assert_clean(text, name)
            ET.fromstring(text)
    path = folder / f"work-{work.pk}.epub"
    path.write_bytes(data)
    return path


def assert_shown_clean(client: Client, work: Work, folder: Path) -> Path:
    for url, text in pages_of(client, work).items():
        assert_clean(text, url)
    feeds = feeds_of(client, work)
    titles = [
        e.findtext("{http://www.w3.org/2005/Atom}title")
        for e in feeds["/opds/new/"].iter("{http://www.w3.org/2005/Atom}entry")
    ]
    assert work.title in titles
    return epub_of(client, work, folder)


def imported_work_check(client: Client, folder: Path) -> Path:
    """Imported: the stored work is clean; pages, API, OPDS and EPUB are valid and clean."""
    result = import_bytes(source="dirty.txt", data=dirty_story())
    assert result.status == "created", result.error
    work = Work.objects.get(pk=result.work_id)
    assert work.title == "Lanternlight"
    assert work.summary == "The lantern keeper counts the ships that never come home."
    assert {"Slow Burn", "Harbour Lights", "Marisol Venn"} <= set(
        work.tags.values_list("name", flat=True)
    )
    assert_clean(work.chapters.get().body_html, "stored chapter")
    return assert_shown_clean(client, work, folder)


def posted_work_check(client: Client, folder: Path) -> Path:
    """Posted through the form (every text field dirty, a dirty comment): stored clean, shown
    clean."""
    response = client.post("/works/new/", works_new_form(client))
    assert response.status_code == 302, response.context and response.context["form"].errors
    work = Work.objects.get(title="Tidewater Bell")
    chapter = work.chapters.get()
    for value in (work.summary, work.notes, chapter.title, chapter.body_html):
        assert_clean(value, "stored field")
    assert {"Harbour Tales", "Slow Burn", "Marisol Venn"} <= set(
        work.tags.values_list("name", flat=True)
    )
    comment = client.post(f"/works/{work.pk}/comments/", {"body": dirty("Lovely bells here.")})
    assert comment.status_code == 302
    assert_clean(work.comments.get().body_html, "stored comment")
    return assert_shown_clean(client, work, folder)


def stored_dirty_check(client: Client, folder: Path) -> Path:
    """Text stored before the cleaning existed (written straight to the tables) still gives
    well-formed OPDS and EPUB: the writers guard on output."""
    result = import_bytes(source="older.txt", data=dirty_story().replace(b"Lanternl", b"Older L"))
    work = Work.objects.get(pk=result.work_id)
    Work.objects.filter(pk=work.pk).update(
        title=dirty("Older Lanternlight"), summary=dirty("Old summary."), notes=dirty("Old notes.")
    )
    Tag.objects.filter(name="Slow Burn").update(name=dirty("Slow Burn"))
    Chapter.objects.filter(work=work).update(
        title=dirty("Old chapter"), body_html=f"<p>{dirty('Old chapter text here.')}</p>"
    )
    work.refresh_from_db()
    slow_burn = Tag.objects.get(name__startswith="Slo")
    for url in ["/opds/new/", "/opds/fandoms/", f"/opds/tags/{slow_burn.pk}/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_clean(response.content.decode("utf-8"), url)
        ET.fromstring(response.content)
    return epub_of(client, work, folder)


@pytest.mark.slow  # runs the real epubcheck (about a minute): in make test, not test-fast
def test_every_way_in_gives_valid_feeds_books_and_pages(author_client, tmp_path, settings):
    """A story file, the posting form, and text already in the database: every page, feed and
    book is clean and well-formed, and epubcheck passes each EPUB (one run for the three)."""
    settings.DATA_DIR = tmp_path
    books = [
        imported_work_check(author_client, tmp_path),
        posted_work_check(author_client, tmp_path),
        stored_dirty_check(author_client, tmp_path),
    ]
    reports = epubcheck(books)
    assert {path.name: problems(reports[path]) for path in books} == {
        path.name: [] for path in books
    }
