"""Archiving permission: works whose author asked to be asked first are held until she claims
them or staff record her permission (issue 10). The rule, its callers and who may lift it."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from ficarchive.accounts.models import ClaimInvitation
from ficarchive.accounts.services import claim_invitation_accept, creator_grant
from ficarchive.legacy.model import Block, Distribution, ParsedChapter, ParsedWork
from ficarchive.works.models import Creator, Work
from ficarchive.works.selectors import work_list_visible
from ficarchive.works.services import (
    creator_find_or_create,
    work_create_from_parsed,
    work_permission_record,
    work_update_from_parsed,
)

pytestmark = pytest.mark.django_db


def parsed_story(wish: str, title: str = "Lamps on the Moor", author: str = "Wren Talbot"):
    """A one-chapter story whose header states the distribution wish `wish`."""
    return ParsedWork(
        source=f"{title}.txt",
        title=title,
        authors=[author],
        distribution=Distribution(text=f"wish: {wish}", permission=wish),
        chapters=[
            ParsedChapter(
                title=None,
                blocks=[Block("paragraph", "The lamps went out one by one across the moor.")],
            )
        ],
    )


def make_user(name: str, **fields):
    return get_user_model().objects.create_user(name, password="lamp-post-99x", **fields)


@pytest.mark.parametrize(
    ("wish", "held"), [("ask", True), ("no", True), ("yes", False), ("unknown", False)]
)
def test_rule_holds_only_asks_first_and_no(wish, held):
    """An imported author who asked to be asked first or said no is held; yes/unknown are not."""
    work = work_create_from_parsed(parsed=parsed_story(wish))
    assert work.permission_held is held
    assert Work.objects.get(pk=work.pk).permission_held is held
    assert work_list_visible(user=None).filter(pk=work.pk).exists() is not held


def test_recorded_permission_shows_and_releases():
    """With `permission_granted` the work is public and keeps how permission was obtained."""
    work = work_create_from_parsed(parsed=parsed_story("no"), permission_granted="  by  e-mail ")
    work.refresh_from_db()
    assert not work.permission_held
    assert work.permission_note == "by e-mail"
    assert work.permission_recorded_at is not None


def test_author_posting_her_own_story_needs_no_permission():
    """A creator with an account (the author herself) is never held."""
    author = make_user("wren")
    own = creator_find_or_create(name="Wren Talbot", user=author)
    work = work_create_from_parsed(parsed=parsed_story("ask"), creators=[own])
    assert not work.permission_held


def test_update_keeps_recorded_permission_and_reapplies_the_rule():
    """A changed file that now asks first holds its work; recorded permission survives."""
    work = work_create_from_parsed(parsed=parsed_story("yes"))
    assert not work.permission_held
    work = work_update_from_parsed(work=work, parsed=parsed_story("ask"))
    assert work.permission_held
    staff = make_user("keeper", is_staff=True)
    work_permission_record(work=work, user=staff, note="asked on her journal")
    work = work_update_from_parsed(work=Work.objects.get(pk=work.pk), parsed=parsed_story("no"))
    assert not work.permission_held
    assert work.permission_note == "asked on her journal"
    assert work.permission_recorded_by == staff


def test_claiming_the_creator_releases_her_held_works():
    """Following a claim invitation makes the author's held works public."""
    work = work_create_from_parsed(parsed=parsed_story("ask"))
    creator = Creator.objects.get(name="Wren Talbot")
    invitation = ClaimInvitation.objects.create(creator=creator, email="w@example.org", token="t1")
    claim_invitation_accept(invitation=invitation, user=make_user("wren"))
    work.refresh_from_db()
    assert not work.permission_held
    assert work_list_visible(user=None).filter(pk=work.pk).exists()


def test_staff_granting_the_creator_releases_her_held_works():
    """Staff giving the creator to her account counts as her claim."""
    work = work_create_from_parsed(parsed=parsed_story("no"))
    creator_grant(creator=Creator.objects.get(name="Wren Talbot"), user=make_user("wren"))
    work.refresh_from_db()
    assert not work.permission_held


def test_only_staff_record_permission_and_they_say_how():
    """Members cannot lift a hold; staff must write a note."""
    work = work_create_from_parsed(parsed=parsed_story("ask"))
    with pytest.raises(PermissionDenied):
        work_permission_record(work=work, user=make_user("reader"), note="she said yes")
    with pytest.raises(PermissionDenied):
        work_permission_record(work=work, user=None, note="she said yes")
    staff = make_user("keeper", is_staff=True)
    with pytest.raises(ValidationError):
        work_permission_record(work=work, user=staff, note="   ")
    work.refresh_from_db()
    assert work.permission_held
    work_permission_record(work=work, user=staff, note="letter of 2 June")
    work.refresh_from_db()
    assert not work.permission_held


def test_work_page_form_records_permission_for_staff_only():
    """The held work's page offers staff the form; its POST needs CSRF and staff."""
    work = work_create_from_parsed(parsed=parsed_story("ask"))
    url = f"/works/{work.pk}/permission/"
    reader = Client()
    reader.force_login(make_user("reader"))
    assert reader.post(url, {"note": "yes"}).status_code == 404  # may not even see it
    assert Client().post(url, {"note": "yes"}).status_code == 302  # to the log-in page
    work.refresh_from_db()
    assert work.permission_held

    staff_user = make_user("keeper", is_staff=True)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(staff_user)
    page = strict.get(work.get_absolute_url()).content.decode()
    assert "Held: not public" in page
    assert 'action="/works/' in page
    assert strict.post(url, {"note": "by e-mail"}).status_code == 403  # no CSRF token
    staff = Client()
    staff.force_login(staff_user)
    assert staff.get(url).status_code == 405
    response = staff.post(url, {"note": "by e-mail, 3 May"})
    assert response.status_code == 302
    work.refresh_from_db()
    assert not work.permission_held
    assert work.permission_note == "by e-mail, 3 May"
    page = Client().get(work.get_absolute_url()).content.decode()
    assert "Archived here with the author’s permission: by e-mail, 3 May" in page
    assert "Held: not public" not in page


def test_members_cannot_record_permission_even_on_works_they_see():
    """A member who sees a work (her own draft) still may not record permission on it."""
    owner = make_user("co-writer")
    pseud = creator_find_or_create(name="Co Writer", user=owner)
    work = work_create_from_parsed(parsed=parsed_story("ask"), draft=True, creators=[pseud])
    client = Client()
    client.force_login(owner)
    assert client.post(f"/works/{work.pk}/permission/", {"note": "mine"}).status_code == 403
