"""Tag wrangling: staff make tags canonical, synonyms of one tag, merged into one, or children of
a fandom, many at a time. Each change is one transaction; the search index follows through its
signals (a saved tag re-groups every work it tags)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from ficarchive.works.models import FIXED_TAG_TYPES, Tag, TagType, Work


def _free(tags: Sequence[Tag]) -> list[Tag]:
    fixed = [t.name for t in tags if t.type in FIXED_TAG_TYPES]
    if fixed:
        raise ValidationError(f"Ratings, warnings and categories are fixed: {', '.join(fixed)}.")
    return list(tags)


@transaction.atomic
def tags_make_canonical(*, tags: Sequence[Tag]) -> int:
    """Each tag becomes canonical (and stops being anyone's synonym); returns how many changed."""
    changed = 0
    for tag in _free(tags):
        if not tag.canonical or tag.synonym_of_id is not None:
            tag.canonical, tag.synonym_of = True, None
            tag.save(update_fields=["canonical", "synonym_of"])
            changed += 1
    return changed


@transaction.atomic
def tags_make_synonyms(*, tags: Sequence[Tag], canonical: Tag) -> int:
    """Each tag becomes a synonym of `canonical` (made canonical if it was not), and so do their
    own synonyms: filtering on `canonical` then finds every work any of them tags."""
    _free([*tags, canonical])
    if any(t.type != canonical.type for t in tags):
        raise ValidationError(
            f"Synonyms of {canonical.name} must be {canonical.get_type_display()} tags too."
        )
    if canonical.synonym_of is not None:
        canonical = canonical.synonym_of
    others = [t for t in tags if t.pk != canonical.pk]
    if not canonical.canonical:
        canonical.canonical = True
        canonical.save(update_fields=["canonical"])
    for tag in others:
        Tag.objects.filter(synonym_of=tag).update(synonym_of=canonical)
        tag.canonical, tag.synonym_of = False, canonical
        tag.save(update_fields=["canonical", "synonym_of"])
    return len(others)


@transaction.atomic
def tags_merge(*, tags: Sequence[Tag], into: Tag) -> int:
    """Works tagged with any of `tags` are tagged `into` instead, and the tags are deleted
    (for misspellings that should not live on as synonyms). Returns how many works changed."""
    _free([*tags, into])
    merged = [t for t in tags if t.pk != into.pk]
    if any(t.type != into.type for t in merged):
        raise ValidationError(
            f"Only {into.get_type_display()} tags can be merged into {into.name}."
        )
    works = list(Work.objects.filter(tags__in=merged).distinct())
    for work in works:
        work.tags.add(into)
        work.tags.remove(*merged)
    for tag in merged:
        Tag.objects.filter(synonym_of=tag).update(synonym_of=into)
        into.fandoms.add(*tag.fandoms.all())
        tag.delete()
    into.canonical = True
    into.save(update_fields=["canonical"])  # re-groups the index for every work it tags
    return len(works)


@transaction.atomic
def tags_add_to_fandom(*, tags: Sequence[Tag], fandom: Tag) -> int:
    """Each character, relationship or additional tag becomes a child of `fandom`."""
    if fandom.type != TagType.FANDOM:
        raise ValidationError(f"{fandom.name} is not a fandom.")
    children = [t for t in _free(tags) if t.type != TagType.FANDOM]
    if len(children) != len(tags):
        raise ValidationError("A fandom cannot be the child of another fandom.")
    for tag in children:
        tag.fandoms.add(fandom)
    return len(children)


@transaction.atomic
def fandom_media_set(*, fandom: Tag, media: str) -> Tag:
    """Which media group `/fandoms/` lists the fandom under."""
    if fandom.type != TagType.FANDOM:
        raise ValidationError(f"{fandom.name} is not a fandom.")
    fandom.media = media
    fandom.full_clean(validate_constraints=False)
    fandom.save(update_fields=["media"])
    return fandom
