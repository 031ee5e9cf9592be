"""Keeping the search index in step with the archive.

Signals on works, chapters, tags, creators and authorship queue the work ids they touch; after the
transaction commits, those works' text is re-stored and one `IndexChange` row per work tells every
process's bitmap index to re-read them on its next query. `bulk_indexing()` pauses this for imports
and indexes everything touched, in batches, when it exits.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from ficarchive.search.backends import search_backend
from ficarchive.search.documents import work_documents
from ficarchive.search.models import IndexChange
from ficarchive.works.models import Authorship, Chapter, Creator, SeriesPart, Tag, Work

# Past this many works in one go, processes rebuild their bitmaps instead of re-reading each work.
LOG_EACH_UP_TO = 20_000
KEEP_CHANGES = 100_000
BATCH = 2000

_local = threading.local()


def _token() -> str:
    return secrets.token_hex(8)


def changes_log(*, work_ids: Iterable[int] = (), kind: str = IndexChange.Kind.WORK) -> None:
    """Tell every process's bitmap index what changed (see `bitmaps.sync`)."""
    ids = sorted(set(work_ids))
    if kind == IndexChange.Kind.WORK and len(ids) > LOG_EACH_UP_TO:
        kind, ids = IndexChange.Kind.ALL, []
    if kind == IndexChange.Kind.WORK:
        IndexChange.objects.bulk_create(
            [IndexChange(kind=kind, work_id=i, token=_token()) for i in ids], batch_size=BATCH
        )
    else:
        IndexChange.objects.create(kind=kind, token=_token())
    newest = IndexChange.objects.order_by("-id").values_list("id", flat=True).first() or 0
    if newest > KEEP_CHANGES and newest % 1000 < max(len(ids), 1):
        IndexChange.objects.filter(id__lt=newest - KEEP_CHANGES).delete()


def works_index(ids: Iterable[int], *, text_only: bool = False) -> int:
    """Re-store the full text of these works (deleting the text of those that no longer exist)
    and log the change for the bitmap indexes, unless only their text changed (`text_only`: a
    renamed tag); returns how many documents were stored."""
    ids = sorted(set(ids))
    if not ids:
        return 0
    backend = search_backend()
    stored = 0
    with transaction.atomic():
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            documents = list(work_documents(chunk))
            present = {d.id for d in documents}
            missing = [i for i in chunk if i not in present]
            if missing:
                backend.documents_delete(missing)
            stored += backend.documents_store(documents)
        if not text_only:
            changes_log(work_ids=ids)
    return stored


def index_rebuild(*, progress: Callable[[int, int], object] | None = None) -> int:
    """Rebuild the full-text index of the whole archive; returns how many works were indexed."""
    backend = search_backend()
    stored = 0
    with transaction.atomic():
        backend.documents_clear()
        ids = list(Work.objects.order_by("id").values_list("id", flat=True))
        for start in range(0, len(ids), BATCH):
            stored += backend.documents_store(work_documents(ids[start : start + BATCH]))
            if progress is not None:
                progress(stored, len(ids))
        changes_log(kind=IndexChange.Kind.ALL)
    return stored


@contextmanager
def bulk_indexing() -> Iterator[set[int]]:
    """Pause per-change indexing; at exit, index every work touched inside, in batches.

    Nested uses join the outermost one. Yields the set of pending work ids.
    """
    outer = getattr(_local, "pending", None)
    if outer is not None:
        yield outer
        return
    pending: set[int] = set()
    _local.pending = pending
    try:
        yield pending
    finally:
        _local.pending = None
        works_index(pending)


def _queue(ids: Iterable[int]) -> None:
    ids = [i for i in ids if i is not None]
    if not ids:
        return
    pending = getattr(_local, "pending", None)
    if pending is not None:
        pending.update(ids)
        return
    queued = getattr(_local, "queued", None)
    if queued is None:
        queued = _local.queued = set()
    queued.update(ids)
    transaction.on_commit(_flush)


def _flush() -> None:
    queued = getattr(_local, "queued", None)
    if queued:
        ids = list(queued)
        queued.clear()
        works_index(ids)


def _work_saved(sender: type[Work], instance: Work, **kwargs: Any) -> None:
    _queue([instance.pk])


def _work_part_saved(sender: type[Model], instance: Chapter | SeriesPart, **kwargs: Any) -> None:
    _queue([instance.work_id])


def _tags_changed(
    sender: type[Model],
    instance: Work | Tag,
    action: str,
    reverse: bool,
    pk_set: set[int] | None,
    **kwargs: Any,
) -> None:
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if not reverse:
        _queue([instance.pk])
    elif action == "pre_clear" and isinstance(instance, Tag):
        _queue(instance.works.values_list("id", flat=True))
    else:
        _queue(pk_set or [])


def _tag_saved(
    sender: type[Tag],
    instance: Tag,
    created: bool,
    update_fields: frozenset[str] | None = None,
    **kwargs: Any,
) -> None:
    if created:
        return
    # Names, types and synonym links live in the bitmap indexes' tag table: one TAGS change
    # reloads it in every process, without re-reading a single work. Only a rename changes the
    # works' searchable text (documents hold tag names), and only that text is re-stored.
    transaction.on_commit(lambda: changes_log(kind=IndexChange.Kind.TAGS))
    if update_fields is not None and "name" not in update_fields:
        return
    ids = list(
        Work.tags.through.objects.filter(tag_id=instance.pk).values_list("work_id", flat=True)
    )
    transaction.on_commit(lambda: works_index(ids, text_only=True))


def _creator_saved(sender: type[Creator], instance: Creator, created: bool, **kwargs: Any) -> None:
    if not created:
        _queue(Authorship.objects.filter(creator=instance).values_list("work_id", flat=True))


def _orphans_drop(sender: object, **kwargs: Any) -> None:
    # Test flushes empty the works but not the engine's own table; drop text of vanished works.
    search_backend().documents_orphans_delete()


def signals_connect() -> None:
    """Connect the indexing signals (called once from the app's ready())."""
    uid = "ficarchive.search"
    post_save.connect(_work_saved, sender=Work, dispatch_uid=f"{uid}.work_saved")
    post_delete.connect(_work_saved, sender=Work, dispatch_uid=f"{uid}.work_deleted")
    for model in (Chapter, Authorship):
        name = model.__name__.lower()
        post_save.connect(_work_part_saved, sender=model, dispatch_uid=f"{uid}.{name}_saved")
        post_delete.connect(_work_part_saved, sender=model, dispatch_uid=f"{uid}.{name}_deleted")
    m2m_changed.connect(_tags_changed, sender=Work.tags.through, dispatch_uid=f"{uid}.tags")
    post_save.connect(_tag_saved, sender=Tag, dispatch_uid=f"{uid}.tag_saved")
    post_save.connect(_creator_saved, sender=Creator, dispatch_uid=f"{uid}.creator_saved")
    search_app = apps.get_app_config("search")
    post_migrate.connect(_orphans_drop, sender=search_app, dispatch_uid=f"{uid}.orphans")
