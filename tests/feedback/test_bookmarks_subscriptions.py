"""Bookmarks, subscriptions and the inbox."""

from django.core import mail
from django.test import Client

from ficarchive.feedback.models import Bookmark, InboxItem, Subscription
from ficarchive.posting.services import chapter_append, work_post


def test_bookmark_with_notes_tags_private_and_for_later(work, reader, client_for):
    """A bookmark keeps notes (sanitized), the bookmarker's tags and its flags."""
    client = client_for(reader)
    response = client.post(
        f"/works/{work.pk}/bookmark/",
        {"notes": "Reread <b>soon</b>", "tags": "comfort, comfort, rainy day", "for_later": "on"},
    )
    assert response.status_code == 302
    bookmark = Bookmark.objects.get()
    assert bookmark.tags == ["comfort", "rainy day"]
    assert bookmark.for_later
    assert not bookmark.private
    assert "<b>soon</b>" in bookmark.notes_html
    work.refresh_from_db()
    assert work.bookmarks_count == 1
    assert "rainy day" in client.get("/bookmarks/?later=1").content.decode()


def test_private_bookmarks_stay_private(work, reader, client_for):
    """Private bookmarks are left out of the public list and the work's count."""
    client_for(reader).post(f"/works/{work.pk}/bookmark/", {"private": "on", "tags": "secret-tag"})
    work.refresh_from_db()
    assert work.bookmarks_count == 0
    assert "secret-tag" not in Client().get("/users/reader/bookmarks/").content.decode()
    assert "secret-tag" in client_for(reader).get("/bookmarks/").content.decode()


def test_public_bookmarks_of_restricted_works_hidden_from_guests(
    make_work, author, reader, client_for
):
    """A public bookmark of a restricted work does not reveal the work to guests."""
    members = make_work(author, title="Members Only Title", restricted=True)
    client_for(reader).post(f"/works/{members.pk}/bookmark/", {})
    assert "Members Only Title" not in Client().get("/users/reader/bookmarks/").content.decode()
    assert (
        "Members Only Title" in client_for(author).get("/users/reader/bookmarks/").content.decode()
    )


def test_only_owner_deletes_bookmark(work, reader, make_user, client_for):
    """Someone else's bookmark answers 404 to a delete."""
    client_for(reader).post(f"/works/{work.pk}/bookmark/", {})
    bookmark = Bookmark.objects.get()
    assert (
        client_for(make_user("thief")).post(f"/bookmarks/{bookmark.pk}/delete/").status_code == 404
    )
    assert client_for(reader).post(f"/bookmarks/{bookmark.pk}/delete/").status_code == 302
    assert not Bookmark.objects.exists()


def test_work_subscriber_gets_new_chapter_in_inbox_and_by_email(
    work, reader, client_for, django_capture_on_commit_callbacks
):
    """Subscribing to a work brings its next chapter to the inbox and the mailbox."""
    client = client_for(reader)
    client.post("/subscriptions/new/", {"kind": "work", "id": work.pk})
    assert Subscription.objects.filter(user=reader, work=work).exists()
    with django_capture_on_commit_callbacks(execute=True):
        chapter_append(work=work, title="The Return", body="More words.")
    item = InboxItem.objects.get(user=reader)
    assert item.kind == "chapter"
    assert "The Return" in item.text
    assert "The Return" in client.get("/inbox/").content.decode()
    assert any(reader.email in m.to for m in mail.outbox)


def test_creator_subscriber_hears_of_new_work_but_not_drafts(make_work, author, reader, client_for):
    """Following a creator announces posted works; a draft stays silent until it is posted."""
    pseud = author.pseuds.get()
    client_for(reader).post("/subscriptions/new/", {"kind": "creator", "id": pseud.pk})
    draft = make_work(author, title="Secret Draft", draft=True)
    assert not InboxItem.objects.filter(user=reader).exists()
    assert "Secret Draft" not in client_for(reader).get("/inbox/").content.decode()
    work_post(work=draft)
    assert InboxItem.objects.get(user=reader).kind == "work"


def test_cannot_subscribe_to_an_unseen_work(make_work, author, reader, client_for):
    """Subscribing to a draft someone else owns answers 404."""
    draft = make_work(author, title="Draft", draft=True)
    response = client_for(reader).post("/subscriptions/new/", {"kind": "work", "id": draft.pk})
    assert response.status_code == 404
    assert not Subscription.objects.exists()


def test_only_subscriber_unsubscribes(work, reader, make_user, client_for):
    """Another user cannot remove someone's subscription."""
    client_for(reader).post("/subscriptions/new/", {"kind": "work", "id": work.pk})
    sub = Subscription.objects.get()
    assert client_for(make_user("x")).post(f"/subscriptions/{sub.pk}/delete/").status_code == 404
    client_for(reader).post(f"/subscriptions/{sub.pk}/delete/")
    assert not Subscription.objects.exists()


def test_abuse_report_is_stored_for_the_staff(work, reader, client_for):
    """A report names a page on the site and a reason; it lands in the admin's queue."""
    from ficarchive.feedback.models import AbuseReport

    client = client_for(reader)
    bad = client.post("/report/", {"url": "https://elsewhere.example/", "reason": "spam"})
    assert bad.status_code == 400
    ok = client.post("/report/", {"url": f"/works/{work.pk}/", "reason": "Plagiarised"})
    assert ok.status_code == 200
    report = AbuseReport.objects.get()
    assert report.work == work
    assert report.reporter == reader


def test_moderation_queue_in_admin_lists_pending_comments(
    work, author, reader, make_user, client_for
):
    """Staff see pending comments in the admin and can approve them from there."""
    from ficarchive.feedback.models import Comment

    client_for(author).post(
        f"/works/{work.pk}/comments/moderate/", {"comment_policy": "users", "moderated": "on"}
    )
    client_for(reader).post(f"/works/{work.pk}/comments/", {"body": "Waiting here"})
    comment = Comment.objects.get()
    staff = make_user("staffer", is_staff=True, is_superuser=True)
    admin = client_for(staff)
    listing = admin.get("/admin/feedback/comment/?status__exact=pending").content.decode()
    assert f"/admin/feedback/comment/{comment.pk}/" in listing
    admin.post(
        "/admin/feedback/comment/",
        {"action": "approve", "_selected_action": [comment.pk]},
    )
    comment.refresh_from_db()
    assert comment.status == "published"


def test_series_subscriber_hears_of_a_new_part(make_work, author, reader, client_for):
    """Following a series brings a newly posted part to the inbox."""
    first = make_work(author, title="Part One", series_title="Seasons", series_part=1)
    series = first.series_parts.get().series
    client_for(reader).post("/subscriptions/new/", {"kind": "series", "id": series.pk})
    make_work(author, title="Part Two", series_title="Seasons", series_part=2)
    item = InboxItem.objects.get(user=reader)
    assert item.kind == "work"
    assert item.work.title == "Part Two"
    assert "Seasons" in client_for(reader).get("/subscriptions/").content.decode()


def test_block_and_mute_buttons_on_other_users_comments(work, author, reader, client_for):
    """Logged-in readers see mute and block forms on others' comments, never on their own."""
    client_for(reader).post(f"/works/{work.pk}/comments/", {"body": "Hello"})
    own = client_for(reader).get(work.get_absolute_url()).content.decode()
    other = client_for(author).get(work.get_absolute_url()).content.decode()
    assert "/users/reader/mute/" not in own
    assert "/users/reader/mute/" in other
    assert "/users/reader/block/" in other
    client_for(author).post("/users/reader/mute/", {"next": work.get_absolute_url()})
    assert (
        "A comment from a user you muted"
        in client_for(author).get(work.get_absolute_url()).content.decode()
    )
