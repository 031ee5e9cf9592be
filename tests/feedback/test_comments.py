"""Comments over HTTP: who may post, reply, edit, delete and moderate."""

from django.core import mail
from django.test import Client

from ficarchive.feedback.models import Comment, CommentStatus, InboxItem, WorkFeedbackSettings


def post_comment(client, work, body="Lovely story.", **extra):
    return client.post(f"/works/{work.pk}/comments/", {"body": body, **extra})


def test_reader_comment_appears_on_work_page_and_counts(work, reader, client_for):
    """A logged-in reader's comment is stored, counted and shown on the work page."""
    client = client_for(reader)
    response = post_comment(client, work, "I loved the ending.")
    assert response.status_code == 302
    comment = Comment.objects.get(work=work)
    assert comment.user == reader
    assert comment.status == CommentStatus.PUBLISHED
    work.refresh_from_db()
    assert work.comments_count == 1
    page = client.get(work.get_absolute_url()).content.decode()
    assert "I loved the ending." in page
    assert f'id="comment-{comment.pk}"' in page


def test_author_is_notified_of_comment(
    work, author, reader, client_for, django_capture_on_commit_callbacks
):
    """The work's creator finds a new comment in the inbox and by email."""
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client_for(reader), work)
    assert InboxItem.objects.filter(user=author, kind="comment").count() == 1
    assert any("author@example.org" in m.to for m in mail.outbox)


def test_replies_nest_under_their_parent(work, reader, author, client_for):
    """A reply records its parent and depth and is listed right after it."""
    post_comment(client_for(reader), work, "First!")
    parent = Comment.objects.get()
    post_comment(client_for(author), work, "Thank you!", parent=parent.pk)
    reply = Comment.objects.exclude(pk=parent.pk).get()
    assert reply.parent == parent
    assert reply.depth == 1
    page = Client().get(work.get_absolute_url()).content.decode()
    assert page.index("First!") < page.index("Thank you!")
    assert InboxItem.objects.filter(user=reader, kind="reply").exists()


def test_guest_cannot_comment_by_default(work):
    """Without the author's permission, guests get 403 and nothing is stored."""
    response = post_comment(Client(), work, guest_name="G", guest_email="g@example.org")
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_guest_comments_when_author_allows_and_email_stays_hidden(work, author, client_for):
    """With comments open to anyone, a guest comments with a name; the email is never shown."""
    client_for(author).post(f"/works/{work.pk}/comments/moderate/", {"comment_policy": "anyone"})
    response = post_comment(
        Client(), work, "Guest words", guest_name="Passer-by", guest_email="secret@example.org"
    )
    assert response.status_code == 302
    page = Client().get(work.get_absolute_url()).content.decode()
    assert "Passer-by" in page
    assert "Guest words" in page
    assert "secret@example.org" not in page


def test_feedback_wanted_no_closes_comments(make_work, author, reader, client_for):
    """A work whose author said "feedback wanted: no" takes no comments until the author opens them."""
    quiet = make_work(author, title="Quiet", feedback_wanted=False)
    assert post_comment(client_for(reader), quiet).status_code == 403
    assert (
        "Comments are closed" in client_for(reader).get(quiet.get_absolute_url()).content.decode()
    )
    client_for(author).post(f"/works/{quiet.pk}/comments/moderate/", {"comment_policy": "users"})
    assert post_comment(client_for(reader), quiet).status_code == 302


def test_only_author_of_comment_edits_it(work, reader, make_user, client_for):
    """The comment's author may edit it; anyone else gets 403."""
    post_comment(client_for(reader), work, "Typo here")
    comment = Comment.objects.get()
    other = make_user("other")
    assert client_for(other).post(f"/comments/{comment.pk}/edit/", {"body": "x"}).status_code == 403
    assert (
        client_for(reader).post(f"/comments/{comment.pk}/edit/", {"body": "Fixed"}).status_code
        == 302
    )
    comment.refresh_from_db()
    assert "Fixed" in comment.body_html
    assert comment.edited_at is not None


def test_comment_deleted_only_by_its_author_or_the_works_creator(
    work, author, reader, make_user, client_for
):
    """A stranger cannot delete a comment; the commenter and the work's creator can."""
    post_comment(client_for(reader), work, "one")
    post_comment(client_for(reader), work, "two")
    first, second = Comment.objects.order_by("id")
    stranger = make_user("stranger")
    assert client_for(stranger).post(f"/comments/{first.pk}/delete/").status_code == 403
    assert Comment.objects.count() == 2
    assert Client().post(f"/comments/{first.pk}/delete/").status_code == 302  # to the login page
    assert Comment.objects.count() == 2
    assert client_for(reader).post(f"/comments/{first.pk}/delete/").status_code == 302
    assert client_for(author).post(f"/comments/{second.pk}/delete/").status_code == 302
    assert not Comment.objects.exists()
    work.refresh_from_db()
    assert work.comments_count == 0


def test_deleted_comment_with_replies_stays_as_placeholder(work, author, reader, client_for):
    """Deleting a comment that has replies keeps the thread with a placeholder."""
    post_comment(client_for(reader), work, "Parent text")
    parent = Comment.objects.get()
    post_comment(client_for(author), work, "Child text", parent=parent.pk)
    client_for(reader).post(f"/comments/{parent.pk}/delete/")
    page = Client().get(work.get_absolute_url()).content.decode()
    assert "Parent text" not in page
    assert "Previous comment deleted" in page
    assert "Child text" in page


def test_moderated_comments_wait_for_approval(work, author, reader, client_for):
    """With moderation on, a comment is hidden from others until the author approves it."""
    client_for(author).post(
        f"/works/{work.pk}/comments/moderate/", {"comment_policy": "users", "moderated": "on"}
    )
    assert WorkFeedbackSettings.objects.get(work=work).moderated
    post_comment(client_for(reader), work, "Please approve me")
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING
    assert "Please approve me" not in Client().get(work.get_absolute_url()).content.decode()
    queue = client_for(author).get(f"/works/{work.pk}/comments/moderate/").content.decode()
    assert "Please approve me" in queue
    response = client_for(reader).post(f"/comments/{comment.pk}/moderate/", {"decision": "approve"})
    assert response.status_code == 403
    client_for(author).post(f"/comments/{comment.pk}/moderate/", {"decision": "approve"})
    assert "Please approve me" in Client().get(work.get_absolute_url()).content.decode()


def test_moderation_page_is_for_creators_only(work, reader, client_for):
    """Another user cannot see or change a work's comment settings."""
    assert client_for(reader).get(f"/works/{work.pk}/comments/moderate/").status_code == 403
    response = client_for(reader).post(
        f"/works/{work.pk}/comments/moderate/", {"comment_policy": "closed"}
    )
    assert response.status_code == 403
    assert not WorkFeedbackSettings.objects.exists()


def test_cannot_comment_on_restricted_work_as_guest_or_see_it(make_work, author):
    """A restricted work answers 404 to guests, for the page and the comment form alike."""
    hidden = make_work(author, title="Members only", restricted=True)
    assert Client().get(hidden.get_absolute_url()).status_code == 404
    response = post_comment(Client(), hidden, guest_name="G", guest_email="g@example.org")
    assert response.status_code == 404


def test_hidden_and_draft_works_refuse_comments_from_others(make_work, author, reader, client_for):
    """Hidden-by-staff works and drafts are 404 for other users' comments and kudos."""
    draft = make_work(author, title="Draft", draft=True)
    hidden = make_work(author, title="Hidden")
    hidden.hidden_by_staff = True
    hidden.save()
    for w in (draft, hidden):
        assert post_comment(client_for(reader), w).status_code == 404
        assert client_for(reader).post(f"/works/{w.pk}/kudos/").status_code == 404
    assert not Comment.objects.exists()


def test_comment_on_a_chapter_shows_on_that_chapter(make_work, author, reader, client_for):
    """A comment left on chapter 2 is listed on chapter 2's page, not chapter 1's."""
    from ficarchive.posting.services import chapter_append

    w = make_work(author, title="Two parts", body="Part one text.")
    second = chapter_append(work=w, title="Later", body="Part two text.")
    post_comment(client_for(reader), w, "About part two", chapter=second.pk)
    assert Comment.objects.get().chapter == second
    two = Client().get(second.get_absolute_url()).content.decode()
    one = Client().get(w.chapters.get(position=1).get_absolute_url()).content.decode()
    assert "About part two" in two
    assert "About part two" not in one


def test_blocked_user_cannot_comment_on_blockers_works(work, author, reader, client_for):
    """After the author blocks a reader, the reader's comments are refused."""
    client_for(author).post(f"/users/{reader.username}/block/")
    assert post_comment(client_for(reader), work).status_code == 403


def test_muted_users_comments_are_hidden_from_the_muter(
    work, author, reader, make_user, client_for
):
    """A muted user's comment is hidden for the muter but shown to others."""
    post_comment(client_for(reader), work, "Noisy words")
    viewer = make_user("viewer")
    client_for(viewer).post(f"/users/{reader.username}/mute/")
    assert "Noisy words" not in client_for(viewer).get(work.get_absolute_url()).content.decode()
    assert "Noisy words" in Client().get(work.get_absolute_url()).content.decode()


def test_empty_and_oversized_comments_are_refused(work, reader, client_for):
    """Empty bodies and bodies over 10000 characters answer 400."""
    client = client_for(reader)
    assert post_comment(client, work, "   ").status_code == 400
    assert post_comment(client, work, "x" * 10_001).status_code == 400
    assert not Comment.objects.exists()


def test_comment_that_sanitizes_to_nothing_is_refused(work, reader, client_for):
    """A comment made only of stripped markup is empty, so it answers 400."""
    response = post_comment(client_for(reader), work, "<script>alert(1)</script><img src=x>")
    assert response.status_code == 400
    assert not Comment.objects.exists()
