"""Writing tags: find-or-create by name (case-insensitive), synonyms, the fixed vocabularies.

Names are looked up by LOWER(name), the index their uniqueness rests on; a work's tags are
resolved together (`TagPlan`: one read, one insert of the new ones; for a batch of works,
`tags_batch.works_tags_resolve`); the fixed vocabularies (ratings,
warnings, categories) are read once per import run (`fixed_vocabulary_cached`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.db import IntegrityError
from django.db.models.signals import post_save

from ficarchive.site.database_insert import rows_insert_new
from ficarchive.works.models import FIXED_TAG_TYPES, Tag, TagType
from ficarchive.works.selectors import name_fold, tags_by_name

TAG_NAME_MAX = Tag._meta.get_field("name").max_length

_local = threading.local()


def tag_name_clean(name: str) -> str:
    """The name as stored: whitespace collapsed, trimmed, cut to the column's length."""
    return " ".join(name.split())[:TAG_NAME_MAX]


def typed_name(name: str, type: str) -> str:
    """The name (cleaned) a tag gets when `name` is taken by a tag of another type."""
    return tag_name_clean(f"{name} ({TagType(type).label})")


# ---- the fixed vocabularies ---------------------------------------------------------------------


def _fixed_read() -> dict[tuple[str, str], Tag]:
    return {(t.type, name_fold(t.name)): t for t in Tag.objects.filter(type__in=FIXED_TAG_TYPES)}


def fixed_vocabulary() -> dict[tuple[str, str], Tag]:
    """Ratings, warnings and categories keyed by (type, folded name): one query, or none inside
    `fixed_vocabulary_cached()`."""
    cached = getattr(_local, "fixed", None)
    return cached if cached is not None else _fixed_read()


@contextmanager
def fixed_vocabulary_cached() -> Iterator[None]:
    """Read the fixed vocabularies once for everything done inside (an import run).

    Nothing inside may add to them: they are created by migrations and edited by staff only.
    """
    if getattr(_local, "fixed", None) is not None:
        yield
        return
    _local.fixed = _fixed_read()
    try:
        yield
    finally:
        _local.fixed = None


def tag_fixed_get(*, name: str | None, type: str, default: str | None = None) -> Tag | None:
    """The fixed-vocabulary tag of `type` named `name` (any case), or `default`'s, or None."""
    vocabulary = fixed_vocabulary()
    for candidate in (name, default):
        if candidate and candidate.strip():
            tag = vocabulary.get((type, name_fold(tag_name_clean(candidate))))
            if tag is not None:
                return tag
    return None


# ---- free tags ----------------------------------------------------------------------------------


class TagPlan:
    """Tags found (`found`: folded name -> tag, read in one query) or to be created, and the
    changes to make to stored ones, for one work or a batch; `write()` stores them. The one
    home of the rules for finding, creating and linking free tags."""

    def __init__(self, found: dict[str, Tag]) -> None:
        self.found = found  # folded name -> tag (stored, or new in `self.new`)
        self.new: list[Tag] = []
        self.made_canonical: dict[int, Tag] = {}  # id(tag) -> stored tag made canonical
        self.synonyms: dict[int, tuple[Tag, Tag]] = {}  # id(tag) -> (tag, its canonical tag)

    def _has_synonym_of(self, tag: Tag) -> bool:
        return tag.synonym_of_id is not None or id(tag) in self.synonyms

    def resolve(self, name: str, type: str, canonical: bool) -> Tag:
        """The tag `name` (cleaned) of `type`, planned for creation when missing: a name taken
        by another type gets the type in brackets; a stored tag asked for as `canonical` is made
        canonical unless it is a synonym; the fixed types are never created (ValueError)."""
        if type in FIXED_TAG_TYPES:
            fixed = fixed_vocabulary().get((type, name_fold(name)))
            if fixed is None:
                raise ValueError(f"{name!r} is not a {TagType(type).label.lower()}")
            return fixed
        tag = self.found.get(name_fold(name))
        if tag is not None and tag.type != type:
            name = typed_name(name, type)
            tag = self.found.get(name_fold(name))
        if tag is None:
            tag = Tag(name=name, type=type, canonical=canonical)
            tag.full_clean(exclude=["synonym_of"], validate_constraints=False)
            self.new.append(tag)
            self.found[name_fold(name)] = tag
        elif canonical and not tag.canonical and not self._has_synonym_of(tag):
            tag.canonical = True
            if tag.pk is not None:
                self.made_canonical[id(tag)] = tag
        return tag

    def synonym_attach(self, name: str, canonical: Tag) -> Tag | None:
        """`name` planned as a synonym of `canonical` (created when missing) unless it is the
        same tag or has a meaning of its own (canonical, or a synonym already); returns the tag
        when it may be one (after `write()`, it is one if its `synonym_of` is `canonical`)."""
        name = tag_name_clean(name)
        if not name or name_fold(name) == name_fold(canonical.name):
            return None
        tag = self.found.get(name_fold(name))
        if tag is None:
            tag = self.resolve(name, canonical.type, False)
        if tag.type != canonical.type or tag.canonical or tag is canonical:
            return None
        if not self._has_synonym_of(tag):
            self.synonyms[id(tag)] = (tag, canonical)
        return tag

    def _adopt(self, missed: list[Tag]) -> None:
        """Take the rows another writer stored meanwhile under these new tags' names; raises
        IntegrityError when one is of another type (then the names would resolve otherwise)."""
        stored = tags_by_name(t.name for t in missed)
        for tag in missed:
            row = stored.get(name_fold(tag.name))
            if row is None or row.type != tag.type:
                raise IntegrityError(f"the tag {tag.name!r} could not be stored")
            tag.pk, tag.canonical, tag.synonym_of_id = row.pk, row.canonical, row.synonym_of_id
            tag._state.adding = False
            tag._state.db = row._state.db

    def write(self) -> None:
        """Insert the new tags (one statement; a name another writer stored meanwhile is read
        back) and write the changes to stored ones."""
        stored = rows_insert_new(self.new, match="name")
        if len(stored) < len(self.new):
            self._adopt([t for t in self.new if t.pk is None])
        if self.made_canonical:
            Tag.objects.filter(pk__in=[t.pk for t in self.made_canonical.values()]).update(
                canonical=True
            )
        for tag, canonical in self.synonyms.values():
            tag.synonym_of = canonical
        if self.synonyms:
            Tag.objects.bulk_update([tag for tag, _ in self.synonyms.values()], ["synonym_of"])
        # Stored tags changed: the search index hears it as it hears a tag's save().
        new = {id(t) for t in self.new}
        changed = {id(t): t for t in self.made_canonical.values()}
        changed.update({id(t): t for t, _ in self.synonyms.values() if id(t) not in new})
        for tag in changed.values():
            fields = frozenset({"canonical", "synonym_of"})
            post_save.send(sender=Tag, instance=tag, created=False, update_fields=fields)


def tags_find_or_create(
    wanted: Sequence[tuple[str, str, bool]], *, found: dict[str, Tag] | None = None
) -> list[Tag]:
    """Tags for (name, type, canonical) triples, in order, found in one query and created when
    missing (same rules as `tag_find_or_create`); blank names are skipped.

    `found` (folded name -> tag, as `tags_by_name` returns) may carry tags read already.
    """
    cleaned = [(tag_name_clean(n), t, c) for n, t, c in wanted if n and tag_name_clean(n)]
    if found is None:
        found = tags_by_name(
            [name for name, _, _ in cleaned] + [typed_name(n, t) for n, t, _ in cleaned]
        )
    plan = TagPlan(found)
    tags = [plan.resolve(name, type, canonical) for name, type, canonical in cleaned]
    plan.write()
    return tags


def tag_find_or_create(*, name: str, type: str, canonical: bool = False) -> Tag:
    """The tag called `name` (any case) of `type`, created when missing.

    A synonym is returned as itself, not as its canonical tag: the work keeps the tag it was given,
    and filters resolve `synonym_of`. Tag names are unique across types, so a name already taken
    by another type gets the type in brackets ("Sherlock Holmes (Character)"). The fixed types
    (rating, warning, category) are never created here: an unknown name raises ValueError.
    """
    name = tag_name_clean(name)
    if not name:
        raise ValueError("a tag needs a name")
    return tags_find_or_create([(name, type, canonical)])[0]


def tag_synonym_attach(
    *, name: str, canonical: Tag, found: dict[str, Tag] | None = None
) -> Tag | None:
    """Make the tag `name` a synonym of `canonical` (creating it), unless it is the same tag or
    already has a meaning of its own (canonical, or a synonym of another tag). Returns the synonym.

    `found` (folded name -> tag) may carry tags read already, saving the lookup.
    """
    name = tag_name_clean(name)
    if not name or name_fold(name) == name_fold(canonical.name):
        return None
    if found is None:
        found = tags_by_name([name, typed_name(name, canonical.type)])
    plan = TagPlan(found)
    tag = plan.synonym_attach(name, canonical)
    plan.write()
    return tag if tag is not None and tag.synonym_of_id == canonical.pk else None
