"""Rate limits answer 429 once the allowance of a window is used up."""

from django.test import Client

from ficarchive.feedback.models import Comment, Kudos
from ficarchive.site.throttles import throttle_allow


def test_throttle_counts_per_key(db, settings):
    """The limiter allows `n` requests per key and window, and keys do not share counts."""
    settings.FICARCHIVE_THROTTLES = {"comment": (3, 3600)}
    results = [throttle_allow(scope="comment", ident="a") for _ in range(5)]
    assert results == [True, True, True, False, False]
    assert throttle_allow(scope="comment", ident="b")


def test_comment_throttle_answers_429(work, reader, client_for, settings):
    """Past the comment allowance, the next comment gets 429 and is not stored."""
    settings.FICARCHIVE_THROTTLES = {"comment": (2, 3600)}
    client = client_for(reader)
    codes = [
        client.post(f"/works/{work.pk}/comments/", {"body": f"c{i}"}).status_code for i in range(3)
    ]
    assert codes == [302, 302, 429]
    assert Comment.objects.count() == 2


def test_kudos_throttle_answers_429(make_work, author, settings):
    """A guest address leaving kudos on many works is stopped with 429."""
    settings.FICARCHIVE_THROTTLES = {"kudos": (2, 3600)}
    works = [make_work(author, title=f"W{i}") for i in range(3)]
    guest = Client(REMOTE_ADDR="203.0.113.50")
    codes = [guest.post(f"/works/{w.pk}/kudos/").status_code for w in works]
    assert codes == [302, 302, 429]
    assert Kudos.objects.count() == 2


def test_login_throttle_answers_429(reader, settings):
    """Repeated log-in attempts from one address get 429, even with the right password."""
    settings.FICARCHIVE_THROTTLES = {"login": (3, 3600)}
    client = Client(REMOTE_ADDR="203.0.113.60")
    for _ in range(3):
        assert (
            client.post("/login/", {"username": "reader", "password": "wrong"}).status_code == 200
        )
    response = client.post("/login/", {"username": "reader", "password": "correct-horse-battery-9"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_signup_throttle_answers_429(db, settings):
    """Sign-ups from one address beyond the allowance get 429 and create no account."""
    from ficarchive.accounts.models import User

    settings.FICARCHIVE_THROTTLES = {"signup": (2, 3600)}
    codes = []
    for i in range(3):
        client = Client(REMOTE_ADDR="203.0.113.70")
        codes.append(
            client.post(
                "/signup/",
                {
                    "username": f"newbie{i}",
                    "email": f"n{i}@example.org",
                    "password1": "a-long-passphrase-42",
                    "password2": "a-long-passphrase-42",
                },
            ).status_code
        )
    assert codes == [302, 302, 429]
    assert User.objects.filter(username__startswith="newbie").count() == 2
