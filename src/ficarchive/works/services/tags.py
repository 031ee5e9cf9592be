"""Writing tags: find-or-create by name (case-insensitive), synonyms, the fixed vocabularies.

Names are looked up by LOWER(name), the index their uniqueness rests on; a work's tags are
resolved together in one query (`tags_find_or_create`); the fixed vocabularies (ratings,
warnings, categories) are read once per import run (`fixed_vocabulary_cached`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.db import IntegrityError, transaction

from ficarchive.works.models import FIXED_TAG_TYPES, Tag, TagType
from ficarchive.works.selectors import name_fold, tag_get_by_name, tags_by_name

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


def _tag_create(name: str, type: str, canonical: bool) -> Tag:
    tag = Tag(name=name, type=type, canonical=canonical)
    tag.full_clean(exclude=["synonym_of"], validate_constraints=False)
    try:
        # A concurrent import may create the same name between our read and this write.
        with transaction.atomic():
            tag.save()
    except IntegrityError:
        found = tag_get_by_name(name)
        if found is None:
            raise
        return found
    return tag


def _resolve(found: dict[str, Tag], name: str, type: str, canonical: bool) -> Tag:
    """The tag `name` of `type` from `found` (folded name -> tag), created when missing."""
    if type in FIXED_TAG_TYPES:
        tag = fixed_vocabulary().get((type, name_fold(name)))
        if tag is None:
            raise ValueError(f"{name!r} is not a {TagType(type).label.lower()}")
        return tag
    tag = found.get(name_fold(name))
    if tag is not None and tag.type != type:
        name = typed_name(name, type)
        tag = found.get(name_fold(name))
    if tag is None:
        tag = _tag_create(name, type, canonical)
        found[name_fold(name)] = tag
    elif canonical and not tag.canonical and tag.synonym_of_id is None:
        tag.canonical = True
        tag.save(update_fields=["canonical"])
    return tag


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
    return [_resolve(found, name, type, canonical) for name, type, canonical in cleaned]


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
    tag = found.get(name_fold(name)) if found is not None else tag_get_by_name(name)
    if tag is None:
        tag = tags_find_or_create([(name, canonical.type, False)], found=found)[0]
    if tag.type != canonical.type or tag.canonical or tag.pk == canonical.pk:
        return None
    if tag.synonym_of_id is None:
        tag.synonym_of = canonical
        tag.save(update_fields=["synonym_of"])
    return tag if tag.synonym_of_id == canonical.pk else None
