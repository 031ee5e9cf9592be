"""Sign-up, log-in, log-out, password reset, pseuds and claiming imported creators."""

import re

from django.contrib.auth.hashers import get_hasher, identify_hasher
from django.core import mail
from django.test import Client

from ficarchive.accounts.models import ClaimInvitation, User
from ficarchive.works.models import Creator

SIGNUP = {
    "username": "newcomer",
    "email": "newcomer@example.org",
    "password1": "a-long-passphrase-42",
    "password2": "a-long-passphrase-42",
}


def test_signup_creates_account_with_hashed_password_and_pseud(db):
    """Signing up logs the user in, hashes the password with Django's default and makes a pseud."""
    client = Client()
    response = client.post("/signup/", SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == "/me/"
    user = User.objects.get(username="newcomer")
    assert user.password != SIGNUP["password1"]
    assert identify_hasher(user.password).algorithm == get_hasher("default").algorithm
    assert user.check_password(SIGNUP["password1"])
    assert Creator.objects.get(user=user).name == "newcomer"
    assert client.get("/me/").status_code == 200


def test_signup_refuses_an_imported_creators_name(db):
    """A name held by an imported creator cannot be taken by signing up (it is claimed instead)."""
    Creator.objects.create(name="Newcomer")
    response = Client().post("/signup/", SIGNUP)
    assert response.status_code == 200
    assert not User.objects.filter(username="newcomer").exists()


def test_signup_refuses_mismatched_or_weak_passwords(db):
    """Django's password validators apply."""
    weak = dict(SIGNUP, password1="123", password2="123")
    assert Client().post("/signup/", weak).status_code == 200
    assert not User.objects.exists()


def test_login_and_logout(author):
    """The right password logs in; logging out (POST) ends the session."""
    client = Client()
    assert client.post("/login/", {"username": "author", "password": "nope"}).status_code == 200
    response = client.post("/login/", {"username": "author", "password": "correct-horse-battery-9"})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    client.post("/logout/")
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email(author, settings):
    """The reset email carries a link that sets a new password."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client = Client()
    client.post("/password/reset/", {"email": "author@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "brand-new-secret-77", "new_password2": "brand-new-secret-77"}
    )
    assert done.status_code == 302
    author.refresh_from_db()
    assert author.check_password("brand-new-secret-77")


def test_add_pseud(author, client_for):
    """A user adds a second pseud; a taken or empty name comes back on the account page, the
    message beside the name field and the form open, nothing added."""
    client = client_for(author)
    assert client.post("/me/pseuds/new/", {"name": "Night Writer"}).status_code == 302
    for name, message in (("author", "That name is taken."), ("", "This field is required.")):
        refused = client.post("/me/pseuds/new/", {"name": name})
        assert refused.status_code == 400
        page = refused.content.decode()
        field = page[page.index('id="field-name"') :]
        field = field[: field.index("</div>")]
        assert message in field, field
        assert re.search(r'<details class="form-section pseud-add" open>', page)
    assert sorted(author.pseuds.values_list("name", flat=True)) == ["Night Writer", "author"]


def test_claim_invitation_emailed_and_accepted(
    author, make_user, client_for, settings, django_capture_on_commit_callbacks
):
    """Staff email an invitation to the creator's address; the link gives the creator to the account."""
    imported = Creator.objects.create(name="Old Timer", email="old@example.org")
    staff = make_user("staffer", is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(staff).post(f"/staff/creators/{imported.pk}/claim/", {"action": "invite"})
    assert mail.outbox[-1].to == ["old@example.org"]
    path = re.search(r"https?://[^/]+(/claim/\S+/)", mail.outbox[-1].body).group(1)
    claimer = make_user("claimer")
    assert Client().post(path).status_code == 302  # to the log-in page
    client_for(claimer).post(path)
    imported.refresh_from_db()
    assert imported.user == claimer
    assert ClaimInvitation.objects.get().used_by == claimer
    assert client_for(author).post(path).status_code == 404  # used links stop working


def test_only_staff_grant_or_invite(author, reader, client_for):
    """Non-staff cannot reach the claim tools; staff grant a creator to an account directly."""
    imported = Creator.objects.create(name="Unclaimed", email="u@example.org")
    response = client_for(reader).post(
        f"/staff/creators/{imported.pk}/claim/", {"action": "grant", "username": "reader"}
    )
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    imported.refresh_from_db()
    assert imported.user is None
    author.is_staff = True
    author.save()
    client_for(author).post(
        f"/staff/creators/{imported.pk}/claim/", {"action": "grant", "username": "reader"}
    )
    imported.refresh_from_db()
    assert imported.user == reader


def test_signup_and_login_forms_need_csrf(author):
    """Sign-up and log-in refuse a POST without the CSRF token."""
    client = Client(enforce_csrf_checks=True)
    assert client.post("/signup/", SIGNUP).status_code == 403
    assert (
        client.post(
            "/login/", {"username": "author", "password": "correct-horse-battery-9"}
        ).status_code
        == 403
    )
    assert not User.objects.filter(username="newcomer").exists()


def test_signup_username_payload_is_escaped(db):
    """A script in the username is refused by the validator and echoed escaped."""
    response = Client().post("/signup/", dict(SIGNUP, username="<script>alert(1)</script>"))
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not User.objects.exists()


def test_profile_needs_login(db):
    """The profile page sends guests to log in."""
    response = Client().get("/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
