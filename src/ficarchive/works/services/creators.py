"""Writing creators (pseuds)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction

from ficarchive.site.database_insert import rows_insert_new
from ficarchive.works.models import Creator
from ficarchive.works.readers import Member
from ficarchive.works.selectors import creator_get_by_name, creators_by_name, name_fold

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
    return _creator_create(name=name, user=user)


def creator_name_clean(name: str) -> str:
    """A creator's name as stored: white space collapsed, cut to the column's length."""
    return " ".join(name.split())[:CREATOR_NAME_MAX]


def creators_stored(*, names: Iterable[str]) -> dict[str, Creator]:
    """Every creator among `names` (cleaned already; blanks skipped), keyed by folded name,
    created without an account when missing: one query for those that exist, one insert for
    the missing ones (a name another writer stored meanwhile is read back). Raises
    IntegrityError if one can be neither stored nor read."""
    cleaned = [name for name in names if name]
    found = creators_by_name(cleaned)
    missing: dict[str, str] = {}
    for name in cleaned:
        missing.setdefault(name_fold(name), name)  # the first spelling of a name is kept
    for folded in found:
        missing.pop(folded, None)
    if missing:
        new = [Creator(name=name) for name in missing.values()]
        for creator in new:
            creator.full_clean(exclude=["user"], validate_constraints=False)
        # A concurrent import may add one of these names meanwhile: its row is kept, and read.
        inserted = rows_insert_new(new, match="name")
        found.update((name_fold(c.name), c) for c in inserted)
        if len(inserted) < len(new):
            found.update(creators_by_name(n for f, n in missing.items() if f not in found))
    for folded, name in missing.items():
        if folded not in found:
            raise IntegrityError(f"the creator {name!r} could not be stored")
    return found


def _creator_create(*, name: str, user: Member | None) -> Creator:
    """A new creator called `name`, or the one a concurrent writer created meanwhile."""
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


def creator_for_imported_author(*, name: str, email: str = "", qualifier: str = "") -> Creator:
    """The creator an author from another archive gets: the existing creator called `name` when
    it has the same e-mail address on record, else a new one without an account. A name taken
    by someone else gets the qualifier ("Rook (Lantern Hollow)"). The address is kept only for
    claim invitations; it is never shown.
    """
    name = " ".join(name.split())[:CREATOR_NAME_MAX]
    email = email.strip()
    if not name:
        raise ValueError("a creator needs a name")
    base = name
    candidate, number = name, 1
    while True:
        found = Creator.objects.filter(name__iexact=candidate).first()
        if found is None:
            name = candidate
            break
        if email and found.email.strip().lower() == email.lower():
            return found
        if number == 1 and qualifier:
            base = f"{name} ({qualifier})"[:CREATOR_NAME_MAX]
            candidate = base
        else:
            candidate = f"{base} {number + 1}"[:CREATOR_NAME_MAX]
        number += 1
    creator = Creator(name=name, email=email if "@" in email else "")
    creator.full_clean(validate_constraints=False)
    with transaction.atomic():
        creator.save()
    return creator
