"""The tags of a batch of new works, resolved together: one read, one insert, a few updates.

`works_tags_resolve` gives each work the tags `work_tags_resolve` (work_write.py) gives it when
the works are stored one after another in the same order: the same find-or-create by name, the
same typed names for a name taken by another type, synonyms and AO3's parent tags. What differs
is the cost: the names of the whole batch are read in one query, the new tags inserted in one
statement, and the changes to existing tags (made canonical, made synonyms) written at the end.
"""

from __future__ import annotations

from collections.abc import Sequence

from ficarchive.works.models import Tag, TagType
from ficarchive.works.selectors import name_fold, tags_by_name, tags_with_parents
from ficarchive.works.services.tags import TagPlan, tag_name_clean, typed_name

# The free tag lists of a work (WorkInput fields), by the tag type they hold.
FREE_TAG_FIELDS = (
    ("fandoms", TagType.FANDOM),
    ("relationships", TagType.RELATIONSHIP),
    ("characters", TagType.CHARACTER),
    ("freeform", TagType.FREEFORM),
)


def _wanted_names(data) -> dict[str, list[str]]:
    return {
        name: [n for n in getattr(data, name) if n and n.strip()] for name, _ in FREE_TAG_FIELDS
    }


def works_tags_resolve(inputs: Sequence, fixed: Sequence[list[Tag]]) -> list[list[Tag]]:
    """The tags of each of `inputs` (WorkInputs of new works, in storing order) beside its
    `fixed` ones (rating, warnings, categories: `work_write.work_fixed_tags`): free tags found by
    name or created, originals as written made synonyms, new characters and relationships given
    the work's fandoms as parents. Writes the new tags and the changes to stored ones, in the
    caller's transaction; each list is without repeats."""
    wanted = [_wanted_names(data) for data in inputs]
    names: list[str] = []
    for data, lists in zip(inputs, wanted, strict=True):
        for field_name, tag_type in FREE_TAG_FIELDS:
            for name in lists[field_name]:
                names += [tag_name_clean(name), typed_name(name, tag_type)]
        for original, _ in data.synonyms:
            names.append(tag_name_clean(original))
            names += [typed_name(original, tag_type) for _, tag_type in FREE_TAG_FIELDS]
    plan = TagPlan(tags_by_name(names))
    per_work: list[list[Tag]] = []
    parent_wishes: list[tuple[list[Tag], list[Tag]]] = []
    for data, lists, own_fixed in zip(inputs, wanted, fixed, strict=True):
        resolved = {
            field_name: [
                plan.resolve(clean, tag_type, data.canonical_tags and tag_type != TagType.FREEFORM)
                for clean in (tag_name_clean(n) for n in lists[field_name])
                if clean
            ]
            for field_name, tag_type in FREE_TAG_FIELDS
        }
        tags = list(own_fixed) + [
            t for field_name, _ in FREE_TAG_FIELDS for t in resolved[field_name]
        ]
        by_name = {name_fold(t.name): t for t in tags}
        for original, canonical_name in data.synonyms:
            canonical = by_name.get(name_fold(tag_name_clean(canonical_name)))
            if canonical is not None:
                plan.synonym_attach(original, canonical)
        parent_wishes.append(
            (resolved["relationships"] + resolved["characters"], resolved["fandoms"])
        )
        per_work.append(list({id(t): t for t in tags}.values()))
    plan.write()
    _parents_attach(parent_wishes)
    return [list({t.pk: t for t in tags}.values()) for tags in per_work]


def _parents_attach(wishes: list[tuple[list[Tag], list[Tag]]]) -> None:
    """AO3's parent tags, work after work in storing order: a character or relationship with no
    fandom yet belongs to the fandoms of the first work that names it with some."""
    parented = tags_with_parents(t.pk for tags, _ in wishes for t in tags)
    links = Tag.fandoms.through
    rows = []
    for tags, fandoms in wishes:
        if not fandoms:
            continue
        orphans = sorted({t.pk for t in tags} - parented)
        rows += [links(from_tag_id=tag_id, to_tag_id=f.pk) for tag_id in orphans for f in fandoms]
        parented.update(orphans)
    if rows:
        links.objects.bulk_create(rows, ignore_conflicts=True)
