"""The one home of the test builders: people, works and small archives, made through the real
services (or, for search, written straight with the ORM where thousands are needed).

Plain functions; the fixtures built on them live in `tests/fixtures.py`.
"""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, datetime, timedelta
from importlib import import_module

from django.apps import apps as django_apps
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ficarchive.accounts.models import ClaimInvitation, User
from ficarchive.accounts.services import user_create
from ficarchive.feedback.models import Bookmark, Comment, Subscription
from ficarchive.importing.models import ImportRecord, ImportStatus, UploadBlob
from ficarchive.legacy.model import (
    Block,
    ChapterNumber,
    Distribution,
    Feedback,
    ParsedChapter,
    ParsedWork,
    Series,
    Song,
)
from ficarchive.posting.services import WorkInput, work_create
from ficarchive.search.bitmaps.index import WorkRecord
from ficarchive.search.indexing import works_index
from ficarchive.works.models import Authorship, Chapter, Creator, SeriesPart, Tag, Work
from ficarchive.works.services import work_create_from_parsed

PASSWORD = "correct-horse-battery-9"
BASE_DATE = datetime(2020, 1, 1, tzinfo=UTC)


def vocabularies_restore() -> None:
    """Write the fixed ratings, warnings and categories again, as their migration does.

    A transactional test's flush empties what migrations wrote; the autouse fixture
    `fixed_vocabularies` (tests/fixtures.py) calls this before every transactional test.
    """
    import_module("ficarchive.works.migrations.0002_fixed_vocabularies").create_vocabularies(
        django_apps, None
    )


# ---- people ------------------------------------------------------------------------------------


def user_make(name: str, **extra) -> User:
    """A member with the test password, a pseud of their name, and any extra fields set."""
    user = user_create(username=name, email=f"{name}@example.org", password=PASSWORD)
    for key, value in extra.items():
        setattr(user, key, value)
    user.save()
    return user


# ---- works posted by a member (the posting service) --------------------------------------------


def work_post(
    owner: User, title: str = "A Story", body: str = "Once upon a time.", **fields
) -> Work:
    """A work `owner` posted under their first pseud (`draft=True` keeps it a draft)."""
    draft = fields.pop("draft", False)
    data = WorkInput(
        title=title,
        pseuds=list(Creator.objects.filter(user=owner)[:1]),
        fandoms=["Original Work"],
        **fields,
    )
    return work_create(data=data, chapter_title="", body=body, draft=draft)


# ---- works imported (work_create_from_parsed): short ones for the reading pages ----------------

VERSE = "The kettle sings upon the hob\nThe fog lies thick on Baker Street\nAnd every clue\nIs something new"


def chapter_blocks(label: str) -> list[Block]:
    """A short body with a paragraph, a scene break, a verse stanza and a closing paragraph."""
    return [
        Block("paragraph", f"{label} began on a grey morning when the post came late."),
        Block("break"),
        Block("verse", VERSE),
        Block("paragraph", f"{label} ended with tea, and nobody said another word."),
    ]


def work_make(
    *,
    title: str = "The Case of the Late Post",
    authors: tuple[str, ...] = ("Mrs Hudson",),
    chapters: int = 1,
    total: int | None = 1,
    series: tuple[str, int] | None = None,
    fandoms: tuple[str, ...] = ("Sherlock Holmes - Arthur Conan Doyle",),
    relationships: tuple[str, ...] = ("Sherlock Holmes & John Watson",),
    relationships_original: tuple[str, ...] = (),
    characters: tuple[str, ...] = ("Sherlock Holmes", "John Watson"),
    freeform: tuple[str, ...] = ("Fog",),
    rating: str = "General Audiences",
    warnings: tuple[str, ...] = ("No Archive Warnings Apply",),
    categories: tuple[str, ...] = ("Gen",),
    draft: bool = False,
    restricted: bool = False,
    hidden: bool = False,
    permission_granted: str = "",
    **fields,
) -> Work:
    """A posted work with `chapters` chapters (each with verse and a scene break).

    A work whose `distribution` asks first is held from the public unless `permission_granted`
    says how permission was obtained (the importer's rule)."""
    parsed = ParsedWork(
        source=f"{title}.txt",
        title=title,
        authors=list(authors),
        rating=rating,
        fandoms=list(fandoms),
        relationships=list(relationships),
        relationships_original=list(relationships_original),
        characters=list(characters),
        warnings=list(warnings),
        categories=list(categories),
        freeform=list(freeform),
        series=Series(title=series[0], part=series[1]) if series else None,
        chapter=ChapterNumber(number=chapters, total=total),
        chapters=[
            ParsedChapter(title=f"Part the {n}", blocks=chapter_blocks(f"Chapter {n} of {title}"))
            for n in range(1, chapters + 1)
        ],
        **fields,
    )
    work = work_create_from_parsed(
        parsed=parsed, draft=draft, permission_granted=permission_granted
    )
    if restricted or hidden:
        Work.objects.filter(pk=work.pk).update(restricted=restricted, hidden_by_staff=hidden)
        work.refresh_from_db()
    return work


PERMISSION_NOTE = "by letter to the archive, 1 March 2003"


def legacy_fields() -> dict:
    """The legacy header fields AO3 has no place for, filled in (the author asks first, and
    the archive recorded her permission: `permission_granted`)."""
    return {
        "summary": "A parcel arrives without a stamp.",
        "notes": "Written for a rainy afternoon.",
        "end_notes": "Thank you for reading to the end.",
        "disclaimer": "The characters belong to their author's estate.",
        "spoilers": "The parcel holds a violin string.",
        "distribution": Distribution(
            text="Gaslight Archive and Fogbound, others please ask",
            archives=["Gaslight Archive", "Fogbound"],
            permission="ask",
        ),
        "feedback": Feedback(text="Letters welcome.", wanted=True),
        "songs": [Song(artist="The Street Singers", title="Kettle Song", album="Hob and Fog")],
        "permission_granted": PERMISSION_NOTE,
    }


# ---- works imported with every field and block kind, for the exports ---------------------------

HOSTILE_HTML = (
    "<p>Before the storm&nbsp;&mdash; a <b>bold <i>unclosed</b> move"
    '<script>alert("boo")</script><p onclick="steal()" style="color:red">Click'
    ' <a href="javascript:alert(1)">here</a> or <a href="http://example.com/?a=1&b=2">there</a>'
    ' or <a href="#nowhere">nowhere</a> or <a href="../secret.html">up</a>'
    "<div><em>a block <div>inside</div> an inline</em></div>"
    '<img src="http://example.com/x.png" onerror="x()"><iframe src="http://evil"></iframe>'
    "<ul>loose text<li>item one<li>item two</ul><li>stray item"
    "<font face=Arial>old font</font> &copy; &hellip; &bogus; &#0; \x0c form feed \x1a"
    "<table><tr><td>cell</td></tr></table><p dir=sideways>sideways</p><h7>h7</h7>"
    "<style>body{}</style><!-- a comment --><br><br/><hr><hr/></em>"
)


# A chapter as the posting form stores it: blocks with inline markup.
INLINE_HTML = (
    "<h2>Interlude</h2>"
    "<p>She <em>meant</em> it, <strong>every word</strong>; <i>Mara</i> was <b>sure</b>,"
    " <u>underlined</u> and <s>struck</s>.</p>"
    '<div class="verse"><em>Low</em> tide, <strong>high</strong> tide<br>the bell says <i>home</i></div>'
    '<hr class="scene-break">'
    "<p>After &amp; before &lt;nothing&gt;.</p>"
)


def blocks_of_every_kind(seed: str = "") -> list[Block]:
    """Paragraphs, verse, scene breaks and a heading; `seed` makes texts differ between calls."""
    return [
        Block("heading", f"Part the First{seed}"),
        Block("paragraph", f"The lamps were lit along the quay{seed}, and nobody came."),
        Block(
            "verse", "Row the boat along the shore\nTill the tide comes in once more\nSing it low"
        ),
        Block("break"),
        Block("paragraph", "She said, \"Wait\" — and <waited> & hoped 'it' would pass."),
        Block("verse", "One line only"),
        Block("break"),
        Block("paragraph", "Morning came with rain."),
    ]


def parsed_work(**overrides) -> ParsedWork:
    """A ParsedWork with every header field filled; keyword arguments replace fields."""
    values = dict(
        source="tests/lamps-on-the-quay.txt",
        title="Lamps on the Quay",
        authors=["Wren Tallow", "Ash Corder"],
        rating="Teen And Up Audiences",
        fandoms=["Harbour Town"],
        relationships=["Mara/Ines"],
        characters=["Mara", "Ines"],
        warnings=["No Archive Warnings Apply"],
        categories=["F/F"],
        freeform=["Fluff", "Rain"],
        summary="Two keepers of the harbour lamps.\n\nA night of waiting.",
        notes="Written for a friend.",
        end_notes="Thanks for reading!",
        disclaimer="The harbour belongs to nobody.",
        spoilers="Up to the end of the first book.",
        series=Series(title="Harbour Lights", part=1),
        distribution=Distribution(text="Archive anywhere, just tell me.", permission="yes"),
        feedback=Feedback(text="Comments welcome.", wanted=True),
        songs=[Song(artist="The Pilots", title="Low Tide", album="Shoreline")],
        language="en",
        chapters=[
            ParsedChapter(title="Dusk", blocks=blocks_of_every_kind(" one")),
            ParsedChapter(title="Night", blocks=blocks_of_every_kind(" two")),
            ParsedChapter(title="Dawn", blocks=blocks_of_every_kind(" three")),
        ],
    )
    values.update(overrides)
    return ParsedWork(**values)


def work_make_full(**overrides) -> Work:
    """A stored work through `work_create_from_parsed` (every field and block kind); a third
    chapter, when there is one, carries inline markup as posted HTML does."""
    work = work_create_from_parsed(parsed=parsed_work(**overrides))
    Chapter.objects.filter(work=work, position=3).update(body_html=INLINE_HTML)
    return Work.objects.get(pk=work.pk)


def non_latin_work() -> Work:
    """A Russian work with a Japanese chapter and an Arabic (right-to-left) title."""
    return work_make_full(
        title="قناديل الميناء",
        authors=["Лада Соколова"],
        language="ru",
        fandoms=["Гавань"],
        freeform=["日本語のタグ"],
        summary="Две хранительницы огней.",
        series=None,
        chapters=[
            ParsedChapter(
                title="Сумерки",
                blocks=[
                    Block("paragraph", "Фонари зажглись вдоль набережной, и никто не пришёл."),
                    Block("verse", "Плыви, лодка, вдоль берега\nПока не придёт прилив"),
                    Block("break"),
                    Block("paragraph", "Утро пришло с дождём."),
                ],
            ),
            ParsedChapter(
                title="夜明け",
                blocks=[
                    Block("paragraph", "港の灯りが一つずつ消えていった。"),
                    Block("verse", "潮が満ちる\n舟は眠る"),
                ],
            ),
            ParsedChapter(
                title="الفجر",
                blocks=[
                    Block("paragraph", "جاء الصباح مع المطر، وانطفأت القناديل واحدا تلو الآخر.")
                ],
            ),
        ],
    )


def hostile_work() -> Work:
    """A work whose first chapter body holds HTML from a hostile import (set through the ORM,
    as an older importer that trusted its input could have stored it)."""
    work = work_make_full(title='Storm <Warning> & "Quotes"', series=None)
    Chapter.objects.filter(work=work, position=1).update(body_html=HOSTILE_HTML)
    Work.objects.filter(pk=work.pk).update(
        summary='<p>Summary with <script>x()</script><a href="javascript:x()">a link</a></p>',
        notes="Notes with &nbsp; and < angle > & amp",
    )
    return Work.objects.get(pk=work.pk)


# ---- search: rows written with the ORM (not yet indexed) ---------------------------------------


def tag(name: str, type: str = "freeform", *, synonym_of: Tag | None = None) -> Tag:
    """A tag (created once per name); a synonym points at its canonical tag."""
    found = Tag.objects.filter(name__iexact=name).first()
    if found:
        return found
    return Tag.objects.create(
        name=name, type=type, canonical=synonym_of is None, synonym_of=synonym_of
    )


def work_row(
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


# ---- an archive with one object behind every URL parameter (the robustness sweep) --------------


def people() -> dict:
    """An author (who owns the works), a staff superuser and an imported creator without account."""
    author = user_create(username="author", email="author@example.org", password=PASSWORD)
    staff = user_create(username="staffer", email="staff@example.org", password=PASSWORD)
    staff.is_staff = staff.is_superuser = True
    staff.save()
    return {"author": author, "staff": staff}


def archive_build() -> dict[str, str]:
    """Create the objects; return the existing value for each URL parameter name."""
    users = people()
    author = users["author"]
    pseud = Creator.objects.filter(user=author).first()
    data = WorkInput(
        title="Kept Promises",
        pseuds=[pseud],
        fandoms=["Original Work"],
        freeform=["Willow Rosenberg/Spike", "Lanterns"],
        rating="General Audiences",
        series_title="Lamplit Tales",
        series_part=1,
    )
    work = work_create(data=data, chapter_title="One", body="<p>Once upon a time.</p>")
    draft = work_create(
        data=WorkInput(title="Unfinished", pseuds=[pseud], fandoms=["Original Work"]),
        chapter_title="",
        body="<p>Not yet.</p>",
        draft=True,
    )
    series = SeriesPart.objects.get(work=work).series
    chapter = work.chapters.order_by("position").first()
    comment = Comment.objects.create(work=work, chapter=chapter, user=author, body_html="<p>Hi</p>")
    bookmark = Bookmark.objects.create(user=author, work=work, notes_html="<p>Good</p>")
    subscription = Subscription.objects.create(user=author, work=work)
    upload = b"Title: Hi\n\nText."
    blob = UploadBlob.objects.create(content_hash=hashlib.sha256(upload).hexdigest(), data=upload)
    record = ImportRecord.objects.create(
        source="upload.txt",
        status=ImportStatus.PENDING,
        user=author,
        content_hash=blob.content_hash,
    )
    imported = Creator.objects.create(name="Old Timer", email="old@example.org")
    claim = ClaimInvitation.objects.create(creator=imported, email=imported.email, token="t0ken")
    tag = Tag.objects.get(name="Lanterns")
    return {
        "work_id": str(work.pk),
        "draft_id": str(draft.pk),
        "chapter_id": str(chapter.pk),
        "position": "1",
        "series_id": str(series.pk),
        "tag_id": str(tag.pk),
        "comment_id": str(comment.pk),
        "bookmark_id": str(bookmark.pk),
        "subscription_id": str(subscription.pk),
        "record_id": str(record.pk),
        "creator_id": str(imported.pk),
        "token": claim.token,
        "password_reset_confirm:token": default_token_generator.make_token(author),
        "uidb64": urlsafe_base64_encode(force_bytes(author.pk)),
        "username": "author",
        "tag:name": "Willow Rosenberg/Spike",
        "tag_works:name": "Lanterns",
        "creator:name": pseud.name,
        "slug": "kept-promises",
        "view_on_site:content_type_id": str(ContentType.objects.get_for_model(Work).pk),
        "view_on_site:object_id": str(work.pk),
        "url": "works/work/",
    }


# ---- index records (the in-memory search index, without a database) ----------------------------


def work_record(rng: random.Random, wid: int, **fields) -> WorkRecord:
    """A one-tag index record of work `wid`: a draft, hidden or restricted now and then (drawn
    from `rng`), any field given in `fields` instead."""
    values = dict(
        id=wid,
        title=f"Work {wid}",
        creator="ann",
        tag_ids=(1,),
        language="en",
        words=1,
        posted=0,
        updated=wid,
        kudos=0,
        hits=0,
        comments=0,
        bookmarks=0,
        chapters=1,
        expected_chapters=1,
        draft=rng.random() < 0.2,
        hidden=rng.random() < 0.1,
        restricted=rng.random() < 0.3,
    )
    values.update(fields)
    return WorkRecord(**values)
