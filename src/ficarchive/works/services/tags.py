"""Writing tags: find-or-create by name (case-insensitive), synonyms, the fixed vocabularies."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from ficarchive.works.models import FIXED_TAG_TYPES, Tag, TagType

TAG_NAME_MAX = Tag._meta.get_field("name").max_length


def tag_name_clean(name: str) -> str:
    """The name as stored: whitespace collapsed, trimmed, cut to the column's length."""
    return " ".join(name.split())[:TAG_NAME_MAX]


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
    if type in FIXED_TAG_TYPES:
        tag = Tag.objects.filter(name__iexact=name, type=type).first()
        if tag is None:
            raise ValueError(f"{name!r} is not a {TagType(type).label.lower()}")
        return tag
    tag = Tag.objects.filter(name__iexact=name).first()
    if tag is not None and tag.type != type:
        name = tag_name_clean(f"{name} ({TagType(type).label})")
        tag = Tag.objects.filter(name__iexact=name).first()
    if tag is not None:
        if canonical and not tag.canonical and tag.synonym_of_id is None:
            tag.canonical = True
            tag.save(update_fields=["canonical"])
        return tag
    tag = Tag(name=name, type=type, canonical=canonical)
    tag.full_clean(validate_constraints=False)
    try:
        # A concurrent import may create the same name between our read and this write.
        with transaction.atomic():
            tag.save()
    except IntegrityError:
        return Tag.objects.get(name__iexact=name)
    return tag


def tag_synonym_attach(*, name: str, canonical: Tag) -> Tag | None:
    """Make the tag `name` a synonym of `canonical` (creating it), unless it is the same tag or
    already has a meaning of its own (canonical, or a synonym of another tag). Returns the synonym.
    """
    name = tag_name_clean(name)
    if not name or name.lower() == canonical.name.lower():
        return None
    tag = Tag.objects.filter(name__iexact=name).first()
    if tag is None:
        tag = tag_find_or_create(name=name, type=canonical.type)
    if tag.type != canonical.type or tag.canonical or tag.pk == canonical.pk:
        return None
    if tag.synonym_of_id is None:
        tag.synonym_of = canonical
        tag.save(update_fields=["synonym_of"])
    return tag if tag.synonym_of_id == canonical.pk else None


def tag_fixed_get(*, name: str | None, type: str, default: str | None = None) -> Tag | None:
    """The fixed-vocabulary tag of `type` named `name` (any case), or `default`'s, or None."""
    for candidate in (name, default):
        if candidate:
            tag = Tag.objects.filter(name__iexact=candidate.strip(), type=type).first()
            if tag is not None:
                return tag
    return None
