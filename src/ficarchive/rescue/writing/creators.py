"""Members become creators: made on first need inside the transaction that needs them, one
claim invitation per address, taken away again when a member says no."""

from __future__ import annotations

from django.conf import settings

from ficarchive.accounts.models import ClaimInvitation
from ficarchive.accounts.services import claim_invitation_send
from ficarchive.rescue.models import ItemKind, ItemStatus, RescuedArchive, RescueItem
from ficarchive.rescue.source import Member
from ficarchive.rescue.writing.keys import content_hash, display_name, usable_email
from ficarchive.works.models import Creator
from ficarchive.works.services import creator_for_imported_author


class CreatorBook:
    """The creators of one rescued archive's members, by member id."""

    def __init__(self, archive: RescuedArchive, members: dict[str, Member]) -> None:
        self.archive = archive
        self.members = members
        self._creators: dict[str, Creator] = {}
        self._invited_emails: set[str] = self._invited()

    def _invited(self) -> set[str]:
        found = ClaimInvitation.objects.filter(creator__rescue_items__archive=self.archive)
        return {e.lower() for e in found.values_list("email", flat=True)}

    def creator(self, member_id: str | None) -> Creator | None:
        """The creator of member `member_id`, made (with its claim invitation) when missing.

        Call inside the transaction that needs it: a rollback takes the new creator with it.
        """
        if not member_id or member_id not in self.members:
            return None
        if member_id in self._creators:
            return self._creators[member_id]
        member = self.members[member_id]
        email = usable_email(member.email)
        name = display_name(member)
        item = RescueItem.objects.filter(
            archive=self.archive, kind=ItemKind.CREATOR, old_id=member_id
        ).first()
        creator = item.creator if item is not None else None
        if creator is None:
            creator = creator_for_imported_author(
                name=name, email=email, qualifier=self.archive.name
            )
            RescueItem.objects.update_or_create(
                archive=self.archive,
                kind=ItemKind.CREATOR,
                old_id=member_id,
                defaults={
                    "status": ItemStatus.IMPORTED,
                    "creator": creator,
                    "content_hash": content_hash([name, email]),
                },
            )
            self._invite(creator)
        elif email and creator.email != email and creator.user_id is None:
            creator.email = email
            creator.save(update_fields=["email"])
        self._creators[member_id] = creator
        return creator

    def _invite(self, creator: Creator) -> None:
        """One claim invitation per address (members sharing one are one person)."""
        if not creator.email or creator.user_id is not None:
            return
        key = creator.email.lower()
        if key in self._invited_emails:
            return
        claim_invitation_send(
            creator=creator,
            created_by=None,
            site_url=getattr(settings, "FICARCHIVE_SITE_URL", "http://127.0.0.1:8000/"),
        )
        self._invited_emails.add(key)

    def forget_unsaved(self) -> None:
        """After a rolled-back transaction: drop creators it made from the cache."""
        kept = set(
            RescueItem.objects.filter(
                archive=self.archive, kind=ItemKind.CREATOR, old_id__in=list(self._creators)
            ).values_list("old_id", flat=True)
        )
        self._creators = {k: v for k, v in self._creators.items() if k in kept}
        self._invited_emails = self._invited()

    def member_gone(self, member_id: str) -> None:
        """A member who asked not to be imported: their old page answers 410 Gone, and a
        creator an earlier run made for them goes (unless claimed, or with works left)."""
        earlier = RescueItem.objects.filter(
            archive=self.archive, kind=ItemKind.CREATOR, old_id=member_id
        ).first()
        creator = earlier.creator if earlier is not None else None
        if creator is not None and creator.user_id is None and not creator.works.exists():
            creator.delete()
        self._creators.pop(member_id, None)
        RescueItem.objects.update_or_create(
            archive=self.archive,
            kind=ItemKind.CREATOR,
            old_id=member_id,
            defaults={"status": ItemStatus.GONE, "reason": "do_not_import", "creator": None},
        )
