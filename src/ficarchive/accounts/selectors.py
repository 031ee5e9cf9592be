"""Reads about accounts: a member's own page, and an account found by its username."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from ficarchive.works.models import Creator, Work
from ficarchive.works.readers import Member


def profile_lists(*, user: Member) -> dict[str, Any]:
    """What the user's own page lists: their pseuds, every work of theirs (drafts included,
    newest first), and the accounts they block and mute."""
    accounts = get_user_model().objects
    return {
        "pseuds": Creator.objects.filter(user=user),
        "works": Work.objects.filter(creators__user=user).distinct().order_by("-created_at"),
        "blocked": accounts.filter(blocks_received__blocker=user),
        "muted": accounts.filter(mutes_received__muter=user),
    }


def account_by_username(username: str) -> Member | None:
    """The account called `username`, if there is one."""
    return get_user_model().objects.filter(username=username).first()
