"""The tags of a batch of new works, resolved together: one read, one insert, a few updates.

`works_tags_resolve` gives each work the tags `work_tags_resolve` (work_write.py) gives it when
the works are stored one after another in the same order: the same find-or-create by name, the
same typed names for a name taken by another type, synonyms and AO3's parent tags. What differs
is the cost: the names of the whole batch are read in one query, the new tags inserted in one
statement, and the changes to existing tags (made canonical, made synonyms) written at the end.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import IntegrityError
from django.db.models.signals import post_save

from ficarchive.site.database_insert import rows_insert_new
from ficarchive.works.models import FIXED_TAG_TYPES, Tag, TagType
from ficarchive.works.selectors import name_fold, tags_by_name, tags_with_parents
from ficarchive.works.services.tags import fixed_vocabulary, tag_name_clean, typed_name

# The free tag lists of a work (WorkInput fields), by the tag type they hold.
FREE_TAG_FIELDS = (
    ("fandoms", TagType.FANDOM),
    ("relationships", TagType.RELATIONSHIP),
    ("characters", TagType.CHARACTER),
    ("freeform", TagType.FREEFORM),
)


class _TagPlan:
    """Tags found or to be created for the batch, and the changes to make to existing ones."""

    def __init__(self, found: dict[str, Tag]) -> None:
        self.found = found  # folded name -> tag (stored, or new in `self.new`)
        self.new: list[Tag] = []
        self.made_canonical: dict[int, Tag] = {}  # id(tag) -> stored tag made canonical
        self.synonyms: dict[int, tuple[Tag, Tag]] = {}  # id(tag) -> (tag, its canonical tag)

    def _has_synonym_of(self, tag: Tag) -> bool:
        return tag.synonym_of_id is not None or id(tag) in self.synonyms

    def resolve(self, name: str, type: str, canonical: bool) -> Tag:
        """As tags._resolve: the tag `name` of `type`, planned for creation when missing."""
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

    def synonym_attach(self, name: str, canonical: Tag) -> None:
        """As tags.tag_synonym_attach: `name` becomes a synonym of `canonical` unless it is the
        same tag or has a meaning of its own."""
        name = tag_name_clean(name)
        if not name or name_fold(name) == name_fold(canonical.name):
            return
        tag = self.found.get(name_fold(name))
        if tag is None:
            tag = self.resolve(name, canonical.type, False)
        if tag.type != canonical.type or tag.canonical or tag is canonical:
            return
        if not self._has_synonym_of(tag):
            self.synonyms[id(tag)] = (tag, canonical)

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
    plan = _TagPlan(tags_by_name(names))
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
    """As work_write._parents_attach, work after work: a character or relationship with no
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
