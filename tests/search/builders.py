"""Small archives for search tests, written with the ORM (bulk inserts where it matters)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ficarchive.search.indexing import works_index
from ficarchive.works.models import Authorship, Chapter, Creator, Tag, Work

BASE_DATE = datetime(2020, 1, 1, tzinfo=UTC)


def tag(name: str, type: str = "freeform", *, synonym_of: Tag | None = None) -> Tag:
    """A tag (created once per name); a synonym points at its canonical tag."""
    found = Tag.objects.filter(name__iexact=name).first()
    if found:
        return found
    return Tag.objects.create(
        name=name, type=type, canonical=synonym_of is None, synonym_of=synonym_of
    )


def work(
    title: str,
    *,
    tags: tuple[Tag, ...] = (),
    creator: str = "Anonymous",
    user=None,
    summary: str = "",
    notes: str = "",
    body: str = "",
    words: int = 1000,
    kudos: int = 0,
    hits: int = 0,
    comments: int = 0,
    bookmarks: int = 0,
    days: int = 0,
    posted_days: int | None = None,
    chapters: int = 1,
    expected: int | None = 1,
    language: str = "en",
    restricted: bool = False,
    draft: bool = False,
    hidden: bool = False,
) -> Work:
    """A work with one creator and `chapters` posted chapters; not yet in the search index."""
    created = Work.objects.create(
        title=title,
        summary=summary,
        notes=notes,
        word_count=words,
        kudos_count=kudos,
        hits=hits,
        comments_count=comments,
        bookmarks_count=bookmarks,
        updated_at=BASE_DATE + timedelta(days=days),
        published_at=BASE_DATE + timedelta(days=posted_days if posted_days is not None else days),
        expected_chapters=expected,
        language=language,
        restricted=restricted,
        draft=draft,
        hidden_by_staff=hidden,
    )
    pseud = Creator.objects.filter(name__iexact=creator).first() or Creator.objects.create(
        name=creator, user=user
    )
    Authorship.objects.create(work=created, creator=pseud)
    Chapter.objects.bulk_create(
        [
            Chapter(work=created, position=n, body_html=f"<p>{body}</p>" if n == 1 else "<p>…</p>")
            for n in range(1, chapters + 1)
        ]
    )
    created.tags.set(tags)
    return created


def indexed(*works: Work) -> list[Work]:
    """Index these works now (tests run inside one transaction, so nothing is committed)."""
    works_index([w.pk for w in works])
    return list(works)
