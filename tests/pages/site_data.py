"""A small archive with one of everything a page can show, made through the real services.

Used by the every-page test (tests/pages/test_every_page.py) as guest, author, second reader and
staff. Names and text are invented for these tests.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.test import Client
from tests.factories import legacy_fields, work_make

from ficarchive.accounts.services import user_create
from ficarchive.feedback.actions.bookmarks import do_bookmark_save, do_subscribe
from ficarchive.feedback.actions.comments import (
    CommentRules,
    check_comment_add,
    do_comment_add,
    do_comment_settings_set,
)
from ficarchive.feedback.actions.safety import do_abuse_report
from ficarchive.importing.uploads import upload_receive
from ficarchive.posting.services import WorkInput, chapter_append, work_create
from ficarchive.search.indexing import works_index
from ficarchive.works.models import Chapter, Work

PASSWORD = "a-long-passphrase-42"
LONG_VERSE_LINE = (
    "and the harbour bells were ringing out across the water for the boats that "
    "would not come home again before the turning of the tide"
)
BODY = (
    "<p>The light at the end of the harbour wall had burned every night for ninety years.</p>"
    f'<div class="verse">Keep the lamp and keep the wall<br>{LONG_VERSE_LINE}<br>'
    "keep the light</div>"
    '<hr class="scene-break"><p>Nell trimmed the wick and waited for the fog to lift.</p>'
)
UPLOAD = b"""Title: The Lighthouse Ledger
Author: Morwenna Tregear
Rating: PG
Fandom: Original Work
Summary: A keeper's ledger, kept for forty winters.
Feedback: morwenna@example.net, please!

Every entry in the ledger began with the weather. Wind from the west, the keeper wrote,
and a sea running high, and no ship seen. She wrote it in the same brown ink for forty
winters, and when the ink ran out she made more from oak galls and rusty nails.

The last entry did not mention the weather at all.
"""


@dataclass
class Archive:
    """What the page test visits, by name."""

    author: object
    reader: object
    staff: object
    imported: Work
    second_part: Work
    harbour: Work
    draft: Work
    chapter_draft: Chapter
    reader_comment: object
    upload_id: int


def _user(name: str, **extra):
    user = user_create(username=name, email=f"{name}@example.org", password=PASSWORD)
    for key, value in extra.items():
        setattr(user, key, value)
    user.save()
    return user


def archive_build() -> Archive:
    """Everything committed (the live server reads it from another thread) and indexed."""
    author = _user("nell")
    reader = _user("gull")
    staff = _user("warden", is_staff=True, is_superuser=True)
    author.user_permissions.add(Permission.objects.get(codename="archive_for_others"))
    imported = work_make(
        title="The Lamp in the Window",
        chapters=3,
        total=4,
        series=("Fogbound Tales", 1),
        relationships=("Sherlock Holmes/John Watson",),
        relationships_original=("Holmes/Watson",),
        freeform=("Fog", "harbour fog", "Harbor Fog"),
        **legacy_fields(),
    )
    Work.objects.filter(pk=imported.pk).update(archived_by=staff)
    second = work_make(title="The Second Lamp", series=("Fogbound Tales", 2))
    pseud = author.pseuds.get()
    harbour = work_create(
        data=WorkInput(
            title="The Harbour Light",
            pseuds=[pseud],
            rating="Teen And Up Audiences",
            warnings=["No Archive Warnings Apply"],
            categories=["F/F"],
            fandoms=["Original Work"],
            relationships=["Nell/Morwenna"],
            characters=["Nell", "Morwenna"],
            freeform=["Lighthouses", "Sea Fog"],
            summary="A keeper, a wall, a light that must not go out.",
            series_title="Harbour Nights",
            expected_chapters=3,
        ),
        chapter_title="The Wall",
        body=BODY,
    )
    chapter_append(work=harbour, title="The Fog", body="<p>Fog came in like wool.</p>")
    chapter_draft = chapter_append(
        work=harbour, title="Not Yet", body="<p>Unfinished words.</p>", draft=True
    )
    draft = work_create(
        data=WorkInput(title="A Draft of Gulls", pseuds=[pseud], fandoms=["Original Work"]),
        body="Gulls, gulls, gulls.",
        draft=True,
    )
    comment = do_comment_add(
        user=reader,
        draft=check_comment_add(user=reader, work=harbour, body="The verse made me cry."),
    )
    do_comment_add(
        user=author,
        draft=check_comment_add(
            user=author, work=harbour, body="Thank you for reading!", parent_id=comment.pk
        ),
    )
    do_comment_settings_set(work=harbour, rules=CommentRules("users", True))
    do_comment_add(
        user=reader,
        draft=check_comment_add(user=reader, work=harbour, body="A second thought, to approve."),
    )
    do_bookmark_save(
        user=reader,
        work=harbour,
        notes="Read again in winter.",
        tags="cosy",
        private=False,
        for_later=True,
    )
    do_subscribe(user=reader, work=harbour)
    do_abuse_report(
        reporter=reader, url=imported.get_absolute_url(), reason="Posted twice?", email=""
    )
    upload = upload_receive(user=author, source="pasted text", data=UPLOAD)
    works_index(Work.objects.values_list("pk", flat=True))
    return Archive(
        author=author,
        reader=reader,
        staff=staff,
        imported=Work.objects.get(pk=imported.pk),
        second_part=second,
        harbour=harbour,
        draft=draft,
        chapter_draft=chapter_draft,
        reader_comment=comment,
        upload_id=upload.pk,
    )


def session_cookie(user, url: str) -> list[dict]:
    """A logged-in session for `user`, as Playwright cookies for the live server at `url`."""
    client = Client()
    client.force_login(user)
    return [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}]
