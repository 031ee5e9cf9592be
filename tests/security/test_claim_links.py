"""Claim links are bearer tokens: they stop working after their lifetime, as well as after use."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ficarchive.accounts.models import ClaimInvitation
from ficarchive.accounts.services import CLAIM_LIFETIME
from ficarchive.works.models import Creator

pytestmark = pytest.mark.django_db


def invitation_aged(age: timedelta) -> ClaimInvitation:
    creator = Creator.objects.create(name="Old Timer", email="old@example.org")
    invitation = ClaimInvitation.objects.create(
        creator=creator, email=creator.email, token=f"token-{age.days}"
    )
    ClaimInvitation.objects.filter(pk=invitation.pk).update(created_at=timezone.now() - age)
    return invitation


def test_expired_claim_link_gives_nothing(reader, client_for):
    """A link older than the lifetime answers 404 and leaves the creator unclaimed."""
    invitation = invitation_aged(CLAIM_LIFETIME + timedelta(days=1))
    client = client_for(reader)
    assert client.get(f"/claim/{invitation.token}/").status_code == 404
    assert client.post(f"/claim/{invitation.token}/").status_code == 404
    assert Creator.objects.get(pk=invitation.creator_id).user is None


def test_fresh_claim_link_still_works(reader, client_for):
    """A link inside its lifetime gives the creator to the account that follows it."""
    invitation = invitation_aged(CLAIM_LIFETIME - timedelta(days=1))
    assert client_for(reader).post(f"/claim/{invitation.token}/").status_code == 302
    assert Creator.objects.get(pk=invitation.creator_id).user == reader
