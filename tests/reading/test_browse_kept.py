"""The browse indexes read kept figures, not the tables: /series/ and /opds/series/ take their
series, order and counts from what the search index keeps per series, /tags/?type= its tags and
total from the index, /users/ walks the LOWER(name) index a page at a time. Each is compared
with the straightforward ORM answer, for every kind of reader, before and after the archive
changes while the index lives from request to request (as in a server)."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.core.signals import request_started
from django.db import connection
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from tests.factories import tag, user_make, work_post

from ficarchive.works.models import Creator, Series, SeriesPart, Tag, TagType, Work
from ficarchive.works.selectors import work_list_visible
from ficarchive.works.services import series_find_or_create, series_part_place, series_parts_set

# Committed transactions: the change log (which moves the index on) is written on commit.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def index_kept():
    """This process's search index lives from request to request, as in a server."""
    request_started.disconnect(dispatch_uid="tests.search_index_per_request")


def _get(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _expected_series(user) -> list[tuple[str, int]]:
    """(title, visible works) of every series with a visible work, latest update first (ties:
    newer series first), counted the plain way over the tables."""
    visible = work_list_visible(user=user)
    rows = []
    for series in Series.objects.all():
        works = list(visible.filter(series_parts__series=series))
        if works:
            latest = max(int(w.updated_at.timestamp()) if w.updated_at else 0 for w in works)
            rows.append((-latest, -series.pk, series.title, len(works)))
    return [(title, count) for _, _, title, count in sorted(rows)]


def _shown_series(page: str) -> list[tuple[str, int]]:
    titles = re.findall(r'<h2 class="series-row-title"><a href="/series/\d+/">([^<]*)</a>', page)
    counts = [int(n) for n in re.findall(r"<dt>Works</dt><dd>(\d+)</dd>", page)]
    return list(zip([html.unescape(t) for t in titles], counts, strict=True))


def _opds_series(client: Client) -> list[str]:
    feed = _get(client, "/opds/series/")
    return [html.unescape(t) for t in re.findall(r"<entry>\s*<title>([^<]*)</title>", feed)]


def _readers(owner, other, staff) -> list[tuple[object, Client]]:
    clients = []
    for user in (owner, other, staff):
        client = Client()
        client.force_login(user)
        clients.append((user, client))
    from django.contrib.auth.models import AnonymousUser

    return [(AnonymousUser(), Client()), *clients]


def _check_series(readers) -> None:
    for user, client in readers:
        expected = _expected_series(user)
        assert _shown_series(_get(client, "/series/")) == expected, user
        assert _opds_series(client) == [title for title, _ in expected], user


def _in_series(owner, title: str, series: str, part: int, **fields) -> Work:
    work = work_post(owner, title=title, **fields)
    found = series_find_or_create(title=series, creators=work.creators.all())
    series_part_place(series=found, work=work, part=part)
    return work


def test_series_figures_follow_every_change(index_kept):
    """/series/ and /opds/series/ list what the tables say, for guests, the owner (drafts
    included), another member and staff, through posts, edits, hiding and series rewrites."""
    owner = user_make("wren")
    other = user_make("finch")
    staff = user_make("heron", is_staff=True)
    readers = _readers(owner, other, staff)
    first = _in_series(owner, "Lamps One", "Lamp Cycle", 1)
    _in_series(owner, "Lamps Two", "Lamp Cycle", 2)
    _in_series(owner, "Tide One", "Tide Cycle", 1, restricted=True)
    draft = _in_series(owner, "Fog One", "Fog Cycle", 1, draft=True)
    _in_series(owner, "Fog Two", "Fog Cycle", 2)
    _check_series(readers)

    later = timezone.now() + timedelta(days=3)
    first.updated_at = later
    first.save()  # logged: Lamp Cycle is the newest now
    assert _shown_series(_get(Client(), "/series/"))[0] == ("Lamp Cycle", 2)
    _check_series(readers)

    Work.objects.get(title="Fog Two").delete()  # only the owner's draft is left in Fog Cycle
    _check_series(readers)
    owner_page = _get(readers[1][1], "/series/")
    assert ("Fog Cycle", 1) in _shown_series(owner_page)
    assert "Fog Cycle" not in _get(Client(), "/series/")

    draft.draft = False
    draft.save()
    _check_series(readers)

    lamps = Series.objects.get(title="Lamp Cycle")
    tide_work = Work.objects.get(title="Tide One")
    series_parts_set(series=lamps, works=[tide_work, first])  # Lamps Two leaves, Tide One joins
    _check_series(readers)
    assert ("Lamp Cycle", 1) in _shown_series(_get(Client(), "/series/"))

    SeriesPart.objects.filter(work=first).delete()
    Series.objects.get(title="Fog Cycle").delete()
    _check_series(readers)


def test_series_pages_read_no_part_or_count(index_kept):
    """The series indexes count nothing in the database and read no series part."""
    owner = user_make("wren")
    for n in range(3):
        _in_series(owner, f"Part {n}", f"Cycle {n}", 1)
    client = Client()
    for url in ("/series/", "/opds/series/", "/series/?page=1"):
        _get(client, url)
        with CaptureQueriesContext(connection) as queries:
            _get(client, url)
        read = " ".join(q["sql"] for q in queries.captured_queries).upper()
        assert "COUNT(" not in read, url
        assert "GROUP BY" not in read, url
        assert "WORKS_SERIESPART" not in read, url


def test_series_index_pages_are_numbered_from_kept_totals(index_kept, monkeypatch):
    """Numbered pages of /series/ hold every listed series once, in order."""
    owner = user_make("wren")
    for n in range(5):
        _in_series(owner, f"Story {n}", f"Cycle {n}", 1)
    from ficarchive.reading import browse

    monkeypatch.setattr(browse, "SERIES_PER_PAGE", 2)
    client = Client()
    shown = []
    for number in (1, 2, 3):
        page = _get(client, f"/series/?page={number}")
        shown += _shown_series(page)
    assert shown == _expected_series(None)
    assert 'aria-label="Page 3"' in _get(client, "/series/")


def _expected_tags(user, tag_type: str) -> list[tuple[str, int]]:
    """Canonical tags of the type with visible works, A–Z, counted the plain way."""
    visible = work_list_visible(user=user)
    rows = []
    for canonical in Tag.objects.filter(type=tag_type, synonym_of__isnull=True):
        count = visible.filter(Q(tags=canonical) | Q(tags__synonym_of=canonical)).distinct().count()
        if count:
            rows.append((canonical.name.casefold(), canonical.name, count))
    return [(name, count) for _, name, count in sorted(rows)]


def _shown_tags(page: str) -> list[tuple[str, int]]:
    found = re.findall(
        r'<li><a href="/tags/[^"]*/works/">([^<]*)</a> <span class="count">(\d+)</span>', page
    )
    return [(html.unescape(name), int(count)) for name, count in found]


def test_tags_of_a_type_match_the_tables(index_kept):
    """/tags/?type= lists each canonical tag with visible works once, A–Z, with the count the
    tables give (synonyms folded in), its total in the heading; a new tag shows at once."""
    owner = user_make("wren")
    canon = tag("Quiet Harbours")
    tag("quiet harbour", synonym_of=canon)
    work_post(owner, title="One", freeform=["quiet harbour", "Lanterns"])
    work_post(owner, title="Two", freeform=["Quiet Harbours", "Zephyrs"])
    work_post(owner, title="Three", freeform=["Secret Tag"], draft=True)
    guest = Client()
    page = _get(guest, "/tags/?type=freeform")
    expected = _expected_tags(None, TagType.FREEFORM)
    assert _shown_tags(page) == expected
    assert ("Quiet Harbours", 2) in expected
    assert f"{len(expected)} tags, A–Z" in page
    assert "Secret Tag" not in page
    assert _shown_tags(_get(guest, "/tags/?type=freeform&letter=Q")) == [("Quiet Harbours", 2)]
    work_post(owner, title="Four", freeform=["Amber Lights"])
    assert ("Amber Lights", 1) in _shown_tags(_get(guest, "/tags/?type=freeform"))
    assert _shown_tags(_get(guest, "/tags/?type=freeform")) == _expected_tags(None, "freeform")
    with CaptureQueriesContext(connection) as queries:
        _get(guest, "/tags/?type=freeform&letter=A")
    read = " ".join(q["sql"] for q in queries.captured_queries).upper()
    assert "COUNT(" not in read


def _shown_creators(page: str) -> list[str]:
    listed = re.search(r'<ul class="count-list columns">(.*?)</ul>', page)
    if listed is None:
        return []
    found = re.findall(r'<li><a href="/users/[^"]*">([^<]*)</a>', listed.group(1))
    return [html.unescape(name) for name in found]


def _link(page: str, rel: str) -> str | None:
    found = re.search(rf'<a rel="{rel}" href="([^"]*)"', page)
    return html.unescape(found.group(1)) if found else None


def test_creators_page_along_their_names_without_counting(index_kept, monkeypatch):
    """/users/ walks every creator once, A–Z by lower-cased name, through Next; Previous goes
    back; a letter keeps to its names; no page counts the creators."""
    from ficarchive.reading import browse

    monkeypatch.setattr(browse, "PER_PAGE", 2)
    for name in ("delta", "Alpha", "charlie", "Bravo", "echo", "9 Lives", "Mallory", "mike"):
        Creator.objects.create(name=name)
    expected = sorted(
        Creator.objects.exclude(name="Anonymous").values_list("name", flat=True),
        key=str.casefold,
    )
    client = Client()
    _get(client, "/users/")  # the index is made (once per process) before pages are read
    url: str | None = "/users/"
    pages = []
    while url:
        with CaptureQueriesContext(connection) as queries:
            page = _get(client, url if url.startswith("/") else f"/users/{url}")
        assert "COUNT(" not in " ".join(q["sql"] for q in queries.captured_queries).upper()
        pages.append(page)
        url = _link(page, "next")
    walked = [name for page in pages for name in _shown_creators(page)]
    assert walked == expected
    assert _link(pages[0], "prev") is None
    back = _get(client, f"/users/{_link(pages[1], 'prev')}")
    assert _shown_creators(back) == _shown_creators(pages[0])
    assert _shown_creators(_get(client, "/users/?letter=M")) == ["Mallory", "mike"]
    assert _shown_creators(_get(client, "/users/?letter=%23")) == ["9 Lives"]


def _expected_creators(user) -> list[tuple[str, int]]:
    """(name, works the reader may see) of every creator, A–Z, counted over the tables."""
    visible = work_list_visible(user=user)
    rows = [
        (c.name, visible.filter(creators=c).distinct().count())
        for c in Creator.objects.exclude(name="Anonymous")
    ]
    return sorted(rows, key=lambda row: row[0].casefold())


def _shown_creator_counts(page: str) -> list[tuple[str, int]]:
    listed = re.search(r'<ul class="count-list columns">(.*?)</ul>', page)
    assert listed is not None
    found = re.findall(
        r'<li><a href="/users/[^"]*">([^<]*)</a>(?: <span class="note">[^<]*</span>)?'
        r' <span class="count">([\d,]+) works?</span>',
        listed.group(1),
    )
    return [(html.unescape(name), int(count.replace(",", ""))) for name, count in found]


def _shown_work_ids(page: str) -> set[int]:
    listed = re.search(r'<ol class="blurbs">(.*?)</ol>', page, re.S)
    return (
        {int(i) for i in re.findall(r'href="/works/(\d+)/"', listed.group(1))} if listed else set()
    )


def _check_creators(readers) -> None:
    """/users/ and each creator's page show, for every reader, what the tables say."""
    for user, client in readers:
        assert _shown_creator_counts(_get(client, "/users/")) == _expected_creators(user), user
        for creator in Creator.objects.exclude(name="Anonymous"):
            page = _get(client, creator.get_absolute_url())
            theirs = work_list_visible(user=user).filter(creators=creator).distinct()
            expected = set(theirs.values_list("id", flat=True))
            assert _shown_work_ids(page) == expected, (user, creator.name)
            noun = "work" if len(expected) == 1 else "works"
            assert f"{len(expected)} {noun}." in page, (user, creator.name)


def _written(title: str, pseuds: list[Creator], **fields) -> Work:
    from ficarchive.posting.services import WorkInput, work_create

    draft = fields.pop("draft", False)
    data = WorkInput(title=title, pseuds=pseuds, fandoms=["Original Work"], **fields)
    return work_create(data=data, chapter_title="", body="Rain on the quay.", draft=draft)


def test_creator_counts_and_pages_follow_every_change(index_kept):
    """/users/ counts and creators' pages list, for guests, a member (their drafts, co-written
    drafts and works they archived included), another member and staff, what the tables say:
    through a work added, its creators changed, hidden, and deleted; neither page reads the
    authorships or counts in the database."""
    from dataclasses import replace

    from ficarchive.accounts.services import pseud_create
    from ficarchive.works.services.work_write import work_input_for_edit, work_update_from_input

    owner = user_make("wren")
    other = user_make("finch")
    staff = user_make("heron", is_staff=True)
    readers = _readers(owner, other, staff)
    wren = Creator.objects.get(user=owner)
    alt = pseud_create(user=owner, name="Wren Moss")
    finch = Creator.objects.get(user=other)
    lamps = _written("Lamps", [wren])
    tide = _written("Tide", [wren], restricted=True)
    _written("Fog", [alt], draft=True)
    _written("Duet", [finch, wren], draft=True)  # the draft both members see
    _written("Song", [finch])
    # Archived by wren for an author with no account, still a draft: wren and staff see it.
    _written("Quill Notes", [], author_names=["Old Quill"], archived_by=owner, draft=True)
    _check_creators(readers)
    assert ("wren", 3) in _shown_creator_counts(_get(readers[1][1], "/users/"))

    _written("New Lamps", [alt])  # added
    _check_creators(readers)

    edit = replace(work_input_for_edit(lamps), pseuds=[alt, finch])  # creators changed
    work_update_from_input(work=lamps, data=edit)
    _check_creators(readers)
    assert ("finch", 2) in _shown_creator_counts(_get(Client(), "/users/"))

    lamps.hidden_by_staff = True  # hidden
    lamps.save()
    _check_creators(readers)

    tide.delete()  # deleted
    _check_creators(readers)

    for user, client in readers:
        for url in ("/users/", finch.get_absolute_url()):
            _get(client, url)  # the works' cards are made once, then kept
            with CaptureQueriesContext(connection) as queries:
                _get(client, url)
            read = " ".join(q["sql"] for q in queries.captured_queries).upper()
            assert "WORKS_AUTHORSHIP" not in read, (user, url, read)
            assert "COUNT(" not in read, (user, url)
            assert "GROUP BY" not in read, (user, url)
