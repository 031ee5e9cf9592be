"""Reads that need permission. Every page, feed, API and download asks these which works it may show."""

from __future__ import annotations

import functools
import string
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, connections
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from ficarchive.site.plain_reads import rows_values
from ficarchive.works.models import Creator, Tag, Work
from ficarchive.works.readers import Reader

_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def work_visibility_q(user: Reader | None) -> Q:
    """The works `user` may see: posted, not hidden by staff, not held for the author's
    permission, not restricted for anonymous readers.

    A work's own creators, and the archivist who brought it in for its author, see it in any
    state (a draft, hidden, held for permission); staff see everything.
    """
    if user is not None and user.is_authenticated and user.is_staff:
        return Q()
    public = Q(draft=False, hidden_by_staff=False, permission_held=False)
    if user is None or not user.is_authenticated:
        return public & Q(restricted=False)
    return public | Q(creators__user=user) | Q(archived_by=user)


def work_list_visible(*, user: Reader) -> QuerySet[Work]:
    """All works `user` may see (distinct, unordered beyond the model's default)."""
    return Work.objects.filter(work_visibility_q(user)).distinct()


def tag_suggestions(*, user: Reader, typed: str, types: Iterable[str], limit: int) -> list[dict]:
    """Up to `limit` tags of `types` whose name, or a synonym's, starts with `typed` (then
    those that contain it), by name: [{"name", "matched"}], where a synonym typed ("W/S")
    suggests its canonical tag and `matched` says which name matched (None for the tag's own).
    Only tags some work `user` may read carries: drafts and hidden works keep theirs private."""
    types = list(types)
    if not typed or not types:
        return []
    seen = work_list_visible(user=user).filter(tags=OuterRef("pk"))
    tags = Tag.objects.filter(Exists(seen), type__in=types).select_related("synonym_of")
    found = list(tags.filter(name__istartswith=typed).order_by("name")[:limit])
    if len(found) < limit:
        more = tags.filter(name__icontains=typed).exclude(pk__in=[t.pk for t in found])
        found += list(more.order_by("name")[: limit - len(found)])
    suggestions: dict[str, dict] = {}
    for tag in found:
        canonical = tag.synonym_of or tag
        entry = {"name": canonical.name, "matched": tag.name if tag.synonym_of_id else None}
        suggestions.setdefault(canonical.name.casefold(), entry)
    return list(suggestions.values())


# Stands for the work's id while a guest's statement is compiled (`_guest_one_statement`).
_ANY_WORK = -7_171_717


@functools.cache
def _guest_one_statement(alias: str) -> tuple[str, tuple[Any, ...]]:
    """The ORM's own statement for one work as a guest may see it (`work_visibility_q`), and
    its parameters but the work's id (the last), compiled once per database: a guest's look at
    a work is the commonest read of all, and building and compiling the query costs the ORM
    more than twice what running it does."""
    query = Work.objects.using(alias).filter(work_visibility_q(None)).filter(pk=_ANY_WORK).query
    sql, params = query.sql_with_params()
    if not params or params[-1] != _ANY_WORK:
        raise RuntimeError("the work's id is not the statement's last parameter")
    return sql, tuple(params[:-1])


def work_visible_one(works: QuerySet[Work], *, user: Reader, work_id: int) -> Work | None:
    """The work `work_id` from `works` if `user` may see it, else None: one query. (A member's
    rule joins the creators, which could repeat the row: for members, as a subquery, not
    DISTINCT, so `works` may select related rows.) For a guest, when `works` has no filter of
    its own, the statement is compiled once (`_guest_one_statement`) and related rows load
    when first read."""
    if not user.is_authenticated and not works.query.where:
        low, high = connections[works.db].ops.integer_field_range(Work._meta.pk.get_internal_type())
        if (low is not None and work_id < low) or (high is not None and work_id > high):
            return None  # no row has such an id (the ORM's lookups say so the same way)
        sql, params = _guest_one_statement(works.db)
        return next(iter(Work.objects.raw(sql, (*params, work_id), using=works.db)), None)
    if user.is_authenticated and not user.is_staff:
        seen = Work.objects.filter(work_visibility_q(user), pk=work_id).values("pk")
        return works.filter(pk=work_id, pk__in=seen).first()
    return works.filter(work_visibility_q(user), pk=work_id).first()


def work_get_for_reader(*, user: Reader, work_id: int) -> Work:
    """The work if `user` may read it; Http404 otherwise (never reveals that it exists)."""
    work = work_visible_one(Work.objects.all(), user=user, work_id=work_id)
    if work is None:
        raise Http404("No such work.")
    return work


class NotACreator(PermissionDenied):
    """The reader may see the work but is not one of its creators (HTTP 403)."""


def user_is_work_creator(*, user: Reader | None, work: Work) -> bool:
    """True when `user` owns one of the work's pseuds."""
    if user is None or not user.is_authenticated:
        return False
    return work.creators.filter(user=user).exists()


def access_work_as_creator(*, user: Reader, work_id: int) -> Work:
    """The work if `user` is one of its creators (staff too); Http404 if they may not see it,
    NotACreator if they may see it but it is not theirs."""
    work = work_get_for_reader(user=user, work_id=work_id)
    if not (
        user.is_authenticated and (user.is_staff or user_is_work_creator(user=user, work=work))
    ):
        raise NotACreator("Only the work's creators may do this.")
    return work


# ---- by name ------------------------------------------------------------------------------------
# Tag and creator names are unique by LOWER(name), an index on both databases. Lookups compare
# LOWER(name) so that index is used (`name__iexact` compiles to LIKE or UPPER(), which scan).


# PostgreSQL's LOWER() (a libc locale) lowers each character alone, by its simple mapping;
# Python's str.lower() differs for two: a capital sigma at a word's end becomes a final sigma
# (ς), and a dotted capital I becomes two characters (i and a combining dot). Mapped first, they
# fold as the database folds them.
_SIMPLE_LOWER = str.maketrans({"\u03a3": "\u03c3", "\u0130": "i"})


@functools.cache
def _lower_is_ascii_only() -> bool:
    """Whether the database's LOWER() folds ASCII letters only (SQLite). Read once: a process
    keeps its database, and `name_fold` runs for every tag of every imported work, where
    asking the connection each time cost more than the folding."""
    return connection.vendor == "sqlite"


def name_fold(name: str) -> str:
    """`name` folded the way the database's LOWER() folds it (SQLite folds ASCII letters only;
    PostgreSQL each character by its simple lower-case mapping, `_SIMPLE_LOWER`)."""
    if _lower_is_ascii_only():
        return name.translate(_ASCII_LOWER)
    return name.lower() if name.isascii() else name.translate(_SIMPLE_LOWER).lower()


def _all_named(model: type[Tag] | type[Creator], names: Iterable[str]) -> dict[str, Any]:
    """The rows of `model` among `names` (any case), keyed by folded name. Written out, not
    built by the ORM: imports ask this for every work, and compiling the query cost twenty
    times what the database took to answer it."""
    wanted = sorted({name_fold(n) for n in names if n})
    if not wanted:
        return {}
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in model._meta.concrete_fields)
    marks = ", ".join(["%s"] * len(wanted))
    found = model.objects.raw(
        f"SELECT {columns}, LOWER({quote('name')}) AS folded FROM {quote(model._meta.db_table)}"
        f" WHERE LOWER({quote('name')}) IN ({marks})",
        wanted,
    )
    # Each row carries the selected LOWER(name) as `folded`.
    return {getattr(item, "folded"): item for item in found}  # noqa: B009


def tag_get_by_name(name: str) -> Tag | None:
    """The tag called `name` in any case, or None (one indexed lookup)."""
    found: Tag | None = _all_named(Tag, [name]).get(name_fold(name))
    return found


def tags_by_name(names: Iterable[str]) -> dict[str, Tag]:
    """The existing tags among `names` (any case), keyed by `name_fold(name)`; one query."""
    return _all_named(Tag, names)


def creators_by_name(names: Iterable[str]) -> dict[str, Creator]:
    """The existing creators among `names` (any case), keyed by `name_fold(name)`; one query."""
    return _all_named(Creator, names)


def creator_get_by_name(name: str) -> Creator | None:
    """The creator called `name` in any case, or None (one indexed lookup)."""
    found: Creator | None = _all_named(Creator, [name]).get(name_fold(name))
    return found


def tags_with_parents(tag_ids: Iterable[int]) -> set[int]:
    """The tags among `tag_ids` that belong to a fandom already (have a parent tag); one indexed
    statement, written once (`site.plain_reads`)."""
    links = Tag.fandoms.through
    return {
        tag_id for (tag_id,) in rows_values(links, ("from_tag",), from_tag=sorted(set(tag_ids)))
    }
