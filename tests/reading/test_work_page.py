"""The work page and chapter pages, through Django's test client."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from tests.factories import PERMISSION_NOTE, legacy_fields, work_make

from ficarchive.works.admin import ChapterForm
from ficarchive.works.models import Chapter, Work

pytestmark = pytest.mark.django_db


def _html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_metadata_block_shows_every_field(client):
    """The metadata block names rating, warnings, category, tags, language, words, chapters, dates."""
    work = work_make(title="Fog Over the River", series=("Gaslight", 1), **legacy_fields())
    html = _html(client, work.get_absolute_url())
    meta = html[
        html.index('class="work-meta"') : html.index("</section>", html.index('class="work-meta"'))
    ]
    for text in (
        "General Audiences",
        "No Archive Warnings Apply",
        "Gen",
        "Sherlock Holmes - Arthur Conan Doyle",
        "Sherlock Holmes &amp; John Watson",
        "John Watson",
        "Fog",
        "English",
        "Part 1 of the",
        "Gaslight",
        "Archived on",
        "1/1",
    ):
        assert text in meta, text
    assert '<dl class="meta">' in meta
    assert re.search(r"<dt>Words</dt><dd>\d+</dd>", meta)


def test_preface_shows_legacy_header_fields(client):
    """Summary, notes, disclaimer, spoilers (revealable), distribution, feedback and songs show."""
    work = work_make(**legacy_fields())
    html = _html(client, work.get_absolute_url())
    assert "A parcel arrives without a stamp." in html
    assert "Written for a rainy afternoon." in html
    assert "belong to their author" in html
    assert re.search(r'<details class="spoiler-warning">\s*<summary>', html)
    assert "The parcel holds a violin string." in html
    assert "Ask the author before archiving it elsewhere." in html
    assert f"Archived here with the author’s permission: {PERMISSION_NOTE}" in html
    assert '<span class="archive-name">Gaslight Archive</span>' in html
    assert '<span class="archive-name">Fogbound</span>' in html
    assert "The author would like feedback." in html
    assert "“Kettle Song” by The Street Singers" in html
    assert "<cite>Hob and Fog</cite>" in html
    assert "Thank you for reading to the end." in html


def test_text_has_verse_and_scene_breaks(client):
    """The body shows verse in a verse block with line breaks and scene breaks as rules."""
    work = work_make()
    html = _html(client, work.get_absolute_url())
    assert '<div class="verse">The kettle sings upon the hob<br>The fog lies thick' in html
    assert '<hr class="scene-break">' in html
    assert "began on a grey morning" in html


def test_hooks_for_downloads_and_feedback_are_included(client):
    """The work page includes the downloads and the feedback partials."""
    work = work_make()
    html = _html(client, work.get_absolute_url())
    assert 'class="work-downloads"' in html
    assert 'class="work-feedback"' in html


@pytest.mark.parametrize("flag", ["draft", "hidden"])
def test_draft_and_hidden_works_are_not_found(client, django_user_model, flag):
    """Drafts and works hidden by staff are 404 for anonymous and other logged-in readers."""
    work = work_make(**{flag: True})
    _html(client, work.get_absolute_url(), status=404)
    _html(client, reverse("reading:chapter", args=[work.pk, 1]), status=404)
    client.force_login(django_user_model.objects.create_user("reader", password="pw-reader-1"))
    _html(client, work.get_absolute_url(), status=404)


def test_restricted_work_needs_login(client, django_user_model):
    """A restricted work is 404 to anonymous readers and readable once logged in."""
    work = work_make(title="Members Only", restricted=True)
    _html(client, work.get_absolute_url(), status=404)
    client.force_login(django_user_model.objects.create_user("reader", password="pw-reader-1"))
    assert "Members Only" in _html(client, work.get_absolute_url())


def test_work_page_shows_first_chapter_with_next_link(client):
    """A multi-chapter work opens on chapter 1, linking to chapter 2 and the entire work."""
    work = work_make(chapters=3, total=3)
    html = _html(client, work.get_absolute_url())
    assert "Chapter 1 of" in html
    assert "Chapter 2 of" not in html
    assert f'rel="next" href="/works/{work.pk}/chapters/2/"' in html
    assert f'href="/works/{work.pk}/?view_full_work=true"' in html
    assert "Previous chapter" not in html
    assert "A parcel" not in html  # no summary given, none shown


def test_chapter_page_links_both_ways(client):
    """Chapter 2 of 3 links to chapters 1 and 3 and shows only its own text."""
    work = work_make(chapters=3, total=3, **legacy_fields())
    html = _html(client, reverse("reading:chapter", args=[work.pk, 2]))
    assert "Chapter 2 of" in html
    assert "Chapter 1 of" not in html
    assert "Chapter 3 of" not in html
    assert f'rel="prev" href="/works/{work.pk}/chapters/1/"' in html
    assert f'rel="next" href="/works/{work.pk}/chapters/3/"' in html
    assert "Written for a rainy afternoon." not in html  # the work's notes open chapter 1 only
    last = _html(client, reverse("reading:chapter", args=[work.pk, 3]))
    assert "Next chapter" not in last
    assert "Thank you for reading to the end." in last  # end notes after the last chapter


def test_missing_chapter_is_not_found(client):
    """A chapter number past the end is 404."""
    work = work_make(chapters=2, total=2)
    _html(client, reverse("reading:chapter", args=[work.pk, 7]), status=404)


def test_draft_chapter_is_skipped(client):
    """A draft chapter is neither shown nor linked, and not counted in n/total."""
    work = work_make(chapters=3, total=5)
    Chapter.objects.filter(work=work, position=2).update(draft=True)
    _html(client, reverse("reading:chapter", args=[work.pk, 2]), status=404)
    html = _html(client, work.get_absolute_url())
    assert f'rel="next" href="/works/{work.pk}/chapters/3/"' in html
    assert "2/5" in html


def test_full_work_view_shows_every_chapter(client):
    """`?view_full_work=true` shows all chapters in order, each with a heading."""
    work = work_make(chapters=3, total=None)
    html = _html(client, work.get_absolute_url() + "?view_full_work=true")
    positions = [html.index(f"Chapter {n} of") for n in (1, 2, 3)]
    assert positions == sorted(positions)
    assert "Part the 2" in html
    assert "Chapter by chapter" in html
    assert "3/?" in html


def test_series_position_links_neighbours(client):
    """The middle part of a series links to the previous and next visible parts."""
    first = work_make(title="One", series=("Fogbound Tales", 1))
    middle = work_make(title="Two", series=("Fogbound Tales", 2))
    hidden = work_make(title="Three", series=("Fogbound Tales", 3), hidden=True)
    last = work_make(title="Four", series=("Fogbound Tales", 4))
    html = _html(client, middle.get_absolute_url())
    assert "Part 2 of the" in html
    assert f'rel="prev" href="/works/{first.pk}/"' in html
    assert f'rel="next" href="/works/{last.pk}/"' in html
    assert f"/works/{hidden.pk}/" not in html


def test_stored_markup_cannot_run_script(client):
    """Script in the summary is escaped; script in a body edited by staff is dropped on save."""
    work = work_make(summary="<script>alert(1)</script> and text")
    chapter = Chapter.objects.get(work=work)
    form = ChapterForm(
        instance=chapter,
        data={
            "work": work.pk,
            "position": 1,
            "title": "",
            "summary": "",
            "notes": "",
            "end_notes": "",
            "body_html": '<p>Safe <a href="javascript:x()" onclick="y()">link</a></p>'
            "<script>alert(2)</script>",
            "word_count": 1,
        },
    )
    assert form.is_valid(), form.errors
    form.save()
    stored = Chapter.objects.get(pk=chapter.pk).body_html
    assert "<script" not in stored
    assert "onclick" not in stored
    assert "javascript:" not in stored
    html = _html(client, work.get_absolute_url())
    assert "<script>" not in html
    assert "Safe" in html


def test_unknown_work_uses_the_site_404_page(client):
    """A missing work renders the site's 404 page, inside the site layout."""
    html = _html(client, "/works/987654/", status=404)
    assert "Page not found" in html
    assert 'class="skip-link"' in html
    assert not Work.objects.filter(pk=987654).exists()


def test_chapter_title_that_names_the_chapter_is_not_doubled(client):
    """A chapter titled "Chapter Two: ..." is headed by its title alone, not "Chapter 2: Chapter Two"."""
    work = work_make(chapters=2, total=2)
    Chapter.objects.filter(work=work, position=2).update(title="Chapter Two: The Return")
    html = _html(client, reverse("reading:chapter", args=[work.pk, 2]))
    assert ">Chapter Two: The Return</h2>" in html
    assert "Chapter 2: Chapter Two" not in html
    assert ">Chapter 1: Part the 1</a>" in html  # in the chapter index


def test_server_error_page_renders_without_context():
    """500.html renders with no request and no context, as Django's error handler needs."""
    html = render_to_string("500.html")
    assert "Something went wrong" in html
    assert "site.css" in html
