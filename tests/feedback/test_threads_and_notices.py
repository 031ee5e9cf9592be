"""Comments as AO3 shows them, the action row, the inbox's unread count and what it says,
moderation notices and the one queue, confirmation pages, the absent-author line."""

import re

import pytest
from django.test import Client
from tests.factories import work_make

from ficarchive.feedback.actions.comments import CommentRules, do_comment_settings_set
from ficarchive.feedback.models import Comment, InboxItem, Subscription, UserBlock, UserMute
from ficarchive.posting.services import chapter_append

pytestmark = pytest.mark.django_db


def comment(client, work, body, **extra):
    response = client.post(f"/works/{work.pk}/comments/", {"body": body, **extra})
    assert response.status_code == 302
    return Comment.objects.latest("id")


def test_commenter_names_link_and_each_comment_has_a_reply_link(work, author, reader, client_for):
    """Names link to the commenter's page; Reply opens a reply form under that comment, with
    no script needed; the comment box is the page's own form."""
    first = comment(client_for(reader), work, "Lovely.")
    page = client_for(author).get(work.get_absolute_url()).content.decode()
    assert '<a class="comment-author" href="/users/reader/">reader</a>' in page
    assert f'href="?reply={first.pk}#reply-{first.pk}" class="reply-link">Reply</a>' in page
    assert f'id="reply-{first.pk}"' not in page
    opened = client_for(author).get(f"{work.get_absolute_url()}?reply={first.pk}").content.decode()
    assert (
        f'<form method="post" action="/works/{work.pk}/comments/" class="reply-form stacked-form" id="reply-{first.pk}">'
        in opened
    )
    assert f'name="parent" value="{first.pk}"' in opened


def test_a_reply_is_announced_as_a_reply_with_its_text(work, author, reader, client_for):
    """The commenter replied to hears "replied to your comment", and sees the words."""
    first = comment(client_for(reader), work, "Lovely.")
    comment(client_for(author), work, "Thank you kindly.", parent=first.pk)
    item = InboxItem.objects.get(user=reader)
    assert item.kind == "reply"
    assert "replied to your comment" in item.text
    page = client_for(reader).get("/inbox/").content.decode()
    assert "Thank you kindly." in page
    assert "Reply to your comment" in page


def test_inbox_unread_count_in_the_navigation(work, author, reader, client_for):
    """The navigation counts unread inbox items; marking them read clears it."""
    comment(client_for(reader), work, "Lovely.")
    nav = client_for(author).get("/").content.decode()
    assert re.search(r'id="nav-inbox">Inbox <span class="count-badge">.*?1.*?unread', nav)
    client_for(author).post("/inbox/")
    assert 'class="count-badge"' not in client_for(author).get("/").content.decode()


def test_authors_hear_of_comments_awaiting_moderation_and_approve_from_one_queue(
    make_work, author, reader, client_for
):
    """A held comment is announced to the author, listed in one queue across their works, and
    approved from there."""
    works = [make_work(author, title=f"Moderated {n}") for n in (1, 2)]
    for w in works:
        do_comment_settings_set(work=w, rules=CommentRules("users", True))
        comment(client_for(reader), w, f"Thoughts on {w.title}")
    notices = InboxItem.objects.filter(user=author, kind="moderation")
    assert notices.count() == 2
    assert "waits for your approval" in notices.first().text
    assert notices.first().url.startswith("/comments/moderation/#pending-")
    queue = client_for(author).get("/comments/moderation/").content.decode()
    assert "Thoughts on Moderated 1" in queue
    assert "Thoughts on Moderated 2" in queue
    pending = Comment.objects.get(body_html__contains="Moderated 1")
    client_for(author).post(
        f"/comments/{pending.pk}/moderate/",
        {"decision": "approve", "next": "/comments/moderation/"},
    )
    pending.refresh_from_db()
    assert pending.status == "published"
    assert (
        "Thoughts on Moderated 1"
        not in client_for(author).get("/comments/moderation/").content.decode()
    )
    assert client_for(reader).get("/comments/moderation/").content.decode().count("pending-") == 0


def test_destructive_actions_ask_on_a_page_that_works_without_script(
    work, author, reader, client_for
):
    """Delete comment, block, mute and delete chapter: GET shows a question and a form (no
    script needed); POST does it."""
    first = comment(client_for(reader), work, "Lovely.")
    second = chapter_append(work=work, title="Coda", body="The end, again.")
    client = client_for(author)
    chapter_url = f"/works/{work.pk}/chapters/{second.pk}/delete/"
    for url in (
        f"/comments/{first.pk}/delete/",
        "/users/reader/block/",
        "/users/reader/mute/",
        chapter_url,
    ):
        page = client.get(url).content.decode()
        assert '<form method="post" class="confirm-form">' in page, url
        assert "Cancel" in page, url
    assert Comment.objects.filter(pk=first.pk).exists()
    assert work.chapters.count() == 2
    client.post("/users/reader/block/")
    client.post("/users/reader/mute/")
    client.post(f"/comments/{first.pk}/delete/")
    client.post(chapter_url)
    assert UserBlock.objects.filter(blocker=author).exists()
    assert UserMute.objects.filter(muter=author).exists()
    assert not Comment.objects.filter(pk=first.pk).exists()
    assert not work.chapters.filter(pk=second.pk).exists()
    assert work.chapters.count() == 1


def test_the_action_row_shows_at_the_top_and_after_the_text(work, reader, client_for):
    """Kudos, Bookmark, Subscribe (Unsubscribe once subscribed) in one row, twice."""
    page = client_for(reader).get(work.get_absolute_url()).content.decode()
    assert page.count('class="action-row"') == 2
    assert 'id="kudos-button"' in page
    assert 'id="kudos-button-end"' in page
    assert 'id="subscribe-button"' in page
    assert 'id="bookmark-link"' in page
    Subscription.objects.create(user=reader, work=work)
    page = client_for(reader).get(work.get_absolute_url()).content.decode()
    assert 'id="unsubscribe-button"' in page
    assert 'id="subscribe-button"' not in page


def test_works_of_absent_authors_say_comments_are_kept(client):
    """An imported author without an account: the comments section says they are kept."""
    work = work_make(title="Waiting", authors=("Absent Author",))
    page = client.get(work.get_absolute_url()).content.decode()
    assert "Absent Author has not joined the archive yet" in page
    assert "the author sees them when they claim this work" in page


def test_drafts_show_no_comment_box_and_no_downloads(make_work, author, client_for):
    """A draft's page has its banner, and neither a comment form nor download links."""
    draft = make_work(author, title="Not Yet", draft=True)
    page = client_for(author).get(draft.get_absolute_url()).content.decode()
    assert "This work is a draft" in page
    assert 'id="post-draft"' in page
    assert 'id="comment-form"' not in page
    assert 'class="work-downloads"' not in page
    assert Client().get(draft.get_absolute_url()).status_code == 404


def test_a_refused_comment_comes_back_to_its_form_with_the_message(work, reader, client_for):
    """An empty or too long comment is no bare error page: the work page again (400), the
    message beside the box that holds what was typed."""
    response = client_for(reader).post(f"/works/{work.pk}/comments/", {"body": "x" * 10_001})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Your comment was not posted" in page
    assert "limited to 10000 characters" in page
    assert 'aria-invalid="true" aria-describedby="comment-error">' + "x" * 100 in page
    assert '<h1 id="work-title"' in page
    first = Comment.objects.create(work=work, body_html="<p>Hi</p>", user=reader)
    reply = client_for(reader).post(
        f"/works/{work.pk}/comments/", {"body": "  ", "parent": first.pk}
    )
    assert reply.status_code == 400
    assert f'id="reply-{first.pk}"' in reply.content.decode()
    assert "Your reply was not posted" in reply.content.decode()


def test_a_bookmark_too_long_is_shown_again_with_its_error(work, reader, client_for):
    """Bookmark notes past the limit re-show the form with the message beside the notes."""
    response = client_for(reader).post(f"/works/{work.pk}/bookmark/", {"notes": "n" * 5001})
    assert response.status_code == 400
    assert 'id="id_notes_error"' in response.content.decode()
