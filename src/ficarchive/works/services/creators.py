"""Writing creators (pseuds)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from ficarchive.works.models import Creator
from ficarchive.works.readers import Member
from ficarchive.works.selectors import creator_get_by_name

CREATOR_NAME_MAX = Creator._meta.get_field("name").max_length


def creator_find_or_create(*, name: str, user: Member | None = None) -> Creator:
    """The creator called `name` (any case), created when missing.

    Imported authors are created without an account (`user=None`) so they can claim their works
    later; when `user` is given and the creator has no account yet, it is not taken over here.
    """
    name = " ".join(name.split())[:CREATOR_NAME_MAX]
    if not name:
        raise ValueError("a creator needs a name")
    creator = creator_get_by_name(name)
    if creator is not None:
        return creator
    creator = Creator(name=name, user=user)
    creator.full_clean(exclude=["user"], validate_constraints=False)
    try:
        with transaction.atomic():
            creator.save()
    except IntegrityError:
        found = creator_get_by_name(name)
        if found is None:
            raise
        return found
    return creator
