"""A small archive with one object behind every URL parameter, built through the real services."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from tests.browser import vocabularies_restore

from ficarchive.accounts.models import ClaimInvitation
from ficarchive.accounts.services import user_create
from ficarchive.feedback.models import Bookmark, Comment, Subscription
from ficarchive.importing.models import ImportRecord, ImportStatus
from ficarchive.posting.services import WorkInput, work_create
from ficarchive.works.models import Creator, SeriesPart, Tag, Work

PASSWORD = "correct-horse-battery-9"


def people() -> dict:
    """An author (who owns the works), a staff superuser and an imported creator without account."""
    author = user_create(username="author", email="author@example.org", password=PASSWORD)
    staff = user_create(username="staffer", email="staff@example.org", password=PASSWORD)
    staff.is_staff = staff.is_superuser = True
    staff.save()
    return {"author": author, "staff": staff}


def archive_build() -> dict[str, str]:
    """Create the objects; return the existing value for each URL parameter name.

    An earlier transactional test may have flushed the fixed vocabularies: write them again.
    """
    vocabularies_restore()
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
    record = ImportRecord.objects.create(
        source="upload.txt", status=ImportStatus.PENDING, user=author, data=b"Title: Hi\n\nText."
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
