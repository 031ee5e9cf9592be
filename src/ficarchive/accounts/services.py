"""Writes to accounts: sign-up, pseuds, and claiming creators that came in with an import."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from ficarchive.accounts.models import ClaimInvitation
from ficarchive.works.models import Creator
from ficarchive.works.readers import Member
from ficarchive.works.services import works_permission_settle_for

PSEUD_NAME_MAX = Creator._meta.get_field("name").max_length
# A claim link is a bearer token in a mailbox: it stops working after this long.
CLAIM_LIFETIME = timedelta(days=30)


def pseud_name_available(name: str) -> bool:
    """True when no creator (imported or not) is called `name`, in any case."""
    return not Creator.objects.filter(name__iexact=name.strip()).exists()


@transaction.atomic
def user_create(*, username: str, email: str, password: str):
    """A new account with a hashed password and a default pseud of the same name.

    Raises ValidationError when the name is taken by an account or by an existing creator
    (an imported author's name is claimed through an invitation, not by signing up as it).
    """
    User = get_user_model()
    if not pseud_name_available(username):
        raise ValidationError({"username": "That name belongs to a creator on the archive."})
    user = User(username=username, email=email)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    pseud_create(user=user, name=username)
    return user


@transaction.atomic
def pseud_create(*, user: Member, name: str, description: str = "") -> Creator:
    """Another name for the account to post and comment under."""
    name = " ".join(name.split())[:PSEUD_NAME_MAX]
    if not name:
        raise ValidationError({"name": "A pseud needs a name."})
    if not pseud_name_available(name):
        raise ValidationError({"name": "That name is taken."})
    pseud = Creator(name=name, user=user, description=description)
    pseud.full_clean()
    pseud.save()
    return pseud


def pseud_ensure(*, user: Member) -> Creator:
    """The account's first pseud; an account made without one (the admin's createsuperuser)
    gets one named after it, or after it with a number when that name is taken."""
    pseud = Creator.objects.filter(user=user).order_by("id").first()
    if pseud is not None:
        return pseud
    base = user.get_username()
    for suffix in ["", *(f" ({n})" for n in range(2, 100))]:
        if pseud_name_available(base + suffix):
            return pseud_create(user=user, name=base + suffix)
    raise ValidationError("No free name for a pseud.")


@transaction.atomic
def creator_grant(*, creator: Creator, user: Member) -> Creator:
    """Staff give an unclaimed creator (and so its works) to an account."""
    if creator.user_id is not None and creator.user_id != user.pk:
        raise ValidationError("That creator already belongs to another account.")
    creator.user = user
    creator.save(update_fields=["user"])
    works_permission_settle_for(creators=[creator])
    return creator


@transaction.atomic
def claim_invitation_send(*, creator: Creator, created_by, site_url: str) -> ClaimInvitation:
    """Email the creator's address on record a link that lets its owner claim the creator."""
    if creator.user_id is not None:
        raise ValidationError("That creator is already claimed.")
    if not creator.email:
        raise ValidationError("That creator has no email on record.")
    invitation = ClaimInvitation.objects.create(
        creator=creator,
        email=creator.email,
        token=secrets.token_urlsafe(32),
        created_by=created_by,
    )
    link = f"{site_url.rstrip('/')}/claim/{invitation.token}/"
    transaction.on_commit(
        lambda: send_mail(
            f"Claim your works as {creator.name}",
            f"Works by {creator.name} are on the archive. To claim them, log in or sign up and "
            f"follow this link within {CLAIM_LIFETIME.days} days:\n\n{link}\n",
            settings.DEFAULT_FROM_EMAIL,
            [creator.email],
        )
    )
    return invitation


def claim_invitation_get(*, token: str) -> ClaimInvitation | None:
    """The unused invitation with this token, if any, sent less than CLAIM_LIFETIME ago."""
    return (
        ClaimInvitation.objects.filter(
            token=token, used_at__isnull=True, created_at__gte=timezone.now() - CLAIM_LIFETIME
        )
        .select_related("creator")
        .first()
    )


@transaction.atomic
def claim_invitation_accept(*, invitation: ClaimInvitation, user: Member) -> Creator:
    """The account following the link becomes the creator's owner; the link then stops working.

    Unclaimed creators with the same address on record go with it: an old archive's members
    who shared one address are one person with several pseuds, and the link reached her mailbox.
    """
    creator = Creator.objects.select_for_update().get(pk=invitation.creator_id)
    if creator.user_id is not None and creator.user_id != user.pk:
        raise ValidationError("That creator is already claimed.")
    siblings = list(
        Creator.objects.select_for_update()
        .filter(email__iexact=invitation.email, user__isnull=True)
        .exclude(pk=creator.pk)
        .exclude(email="")
    )
    for claimed in [creator, *siblings]:
        claimed.user = user
        claimed.save(update_fields=["user"])
    invitation.used_by = user
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_by", "used_at"])
    # The author has claimed her works: those held for her permission are hers to show now.
    works_permission_settle_for(creators=[creator, *siblings])
    return creator
