"""Who may change what: owners only, by POST only, and nothing of another user's shows."""

import pytest
from django.test import Client

from ficarchive.feedback.models import Bookmark, Comment, InboxItem, Subscription
from ficarchive.works.models import Work

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(make_user, make_work, author, reader, client_for):
    """An author's work with a reader's comment, private bookmark and subscription."""
    work = make_work(author, title="Owned Work")
    client_for(reader).post(f"/works/{work.pk}/comments/", {"body": "Reader's words."})
    client_for(reader).post(
        f"/works/{work.pk}/bookmark/", {"notes": "my secret note", "private": "on"}
    )
    client_for(reader).post("/subscriptions/new/", {"kind": "work", "id": work.pk})
    return {
        "work": work,
        "comment": Comment.objects.get(),
        "bookmark": Bookmark.objects.get(),
        "subscription": Subscription.objects.get(),
        "mallory": client_for(make_user("mallory")),
    }


def state_changing_urls(scene) -> list[str]:
    work, comment = scene["work"], scene["comment"]
    chapter = work.chapters.get()
    return [
        f"/works/{work.pk}/delete/",
        f"/works/{work.pk}/post/",
        f"/works/{work.pk}/chapters/{chapter.pk}/delete/",
        f"/works/{work.pk}/kudos/",
        f"/works/{work.pk}/comments/",
        f"/comments/{comment.pk}/delete/",
        f"/comments/{comment.pk}/moderate/",
        f"/bookmarks/{scene['bookmark'].pk}/delete/",
        f"/subscriptions/{scene['subscription'].pk}/delete/",
        "/subscriptions/new/",
        "/users/author/block/",
        "/users/author/mute/",
        "/me/pseuds/new/",
    ]


# Destructive actions answer GET with a page that asks to confirm (a form that POSTs back).
CONFIRMED_BY_PAGE = ("/delete/", "/block/", "/mute/")


def test_no_get_changes_anything(scene, author, reader, client_for):
    """Every state-changing URL refuses GET (405), or answers it with a confirmation page
    whose form posts back; either way, even the owner's GET changes nothing."""
    for url in state_changing_urls(scene):
        owner = client_for(reader if "/bookmarks/" in url or "/subscriptions/" in url else author)
        response = owner.get(url)
        if url.endswith(CONFIRMED_BY_PAGE) and "/subscriptions/" not in url:
            assert response.status_code == 200, url
            page = response.content.decode()
            assert '<form method="post" class="confirm-form">' in page, url
            assert 'id="confirm-button"' in page, url
        else:
            assert response.status_code == 405, url
    assert Work.objects.count() == 1
    assert Comment.objects.count() == 1
    assert Bookmark.objects.count() == 1
    assert Subscription.objects.count() == 1
    assert not author.blocks_made.exists()
    assert not author.mutes_made.exists()


def test_strangers_cannot_change_others_things(scene):
    """Another member gets 403/404 deleting, editing or moderating what is not theirs."""
    mallory, work, comment = scene["mallory"], scene["work"], scene["comment"]
    chapter = work.chapters.get()
    attempts = [
        ("post", f"/works/{work.pk}/delete/", {}),
        ("post", f"/works/{work.pk}/edit/", {"title": "Pwned"}),
        ("post", f"/works/{work.pk}/chapters/{chapter.pk}/edit/", {"body": "Pwned"}),
        ("post", f"/works/{work.pk}/comments/moderate/", {"comment_policy": "closed"}),
        ("post", f"/comments/{comment.pk}/delete/", {}),
        ("post", f"/comments/{comment.pk}/edit/", {"body": "Pwned"}),
        ("post", f"/comments/{comment.pk}/moderate/", {"decision": "reject"}),
        ("post", f"/bookmarks/{scene['bookmark'].pk}/delete/", {}),
        ("post", f"/subscriptions/{scene['subscription'].pk}/delete/", {}),
    ]
    for method, url, data in attempts:
        assert getattr(mallory, method)(url, data).status_code in (403, 404), url
    assert Work.objects.get().title == "Owned Work"
    assert "words" in Comment.objects.get().body_html
    assert Comment.objects.get().status == "published"
    assert Bookmark.objects.count() == 1
    assert Subscription.objects.count() == 1


def test_private_things_stay_private(scene, reader, client_for):
    """Private bookmarks and inboxes show to their owner only."""
    mallory = scene["mallory"]
    assert "my secret note" in client_for(reader).get("/bookmarks/").content.decode()
    assert "my secret note" not in mallory.get("/bookmarks/").content.decode()
    assert "my secret note" not in Client().get("/users/reader/bookmarks/").content.decode()
    assert "my secret note" not in mallory.get("/users/reader/bookmarks/").content.decode()
    assert InboxItem.objects.filter(user__username="author").exists()
    assert "Owned Work" not in mallory.get("/inbox/").content.decode()


def test_comment_author_and_work_creator_may_delete(scene, author, reader, client_for):
    """The comment's author or the work's creator may delete a comment."""
    comment = scene["comment"]
    assert client_for(author).post(f"/comments/{comment.pk}/delete/").status_code == 302
    assert not Comment.objects.exists()


def test_admin_is_for_staff_only(reader, client_for):
    """A logged-in member who is not staff is sent to the admin log-in, not let in."""
    response = client_for(reader).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert client_for(reader).get("/staff/creators/1/claim/").status_code == 302
