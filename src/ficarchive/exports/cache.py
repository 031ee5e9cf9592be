"""Built downloads kept on disk until the work changes.

A file's name is a fingerprint of everything it shows (the work's `modified_at`, its chapters'
`updated_at`, tags, creators and series places), so a changed work simply gets a new file and the
stale one is removed. Files live under `settings.DATA_DIR / "exports"`.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings

from ficarchive.exports.book import collection_for_series, collection_for_work
from ficarchive.exports.formats import FORMATS
from ficarchive.works.models import Authorship, Series, Work

# Raise when the writers' output changes, so files built by an older version are rebuilt.
EXPORT_VERSION = "3"


def work_fingerprint(work: Work) -> str:
    """A digest that changes whenever anything an export of `work` shows changes."""
    facts = [
        EXPORT_VERSION,
        work.pk,
        work.modified_at.isoformat() if work.modified_at else "",
        list(
            work.chapters.order_by("position").values_list("pk", "position", "updated_at", "draft")
        ),
        sorted(work.tags.values_list("pk", "name", "type")),
        list(
            Authorship.objects.filter(work=work)
            .order_by("position", "pk")
            .values_list("creator_id", "creator__name")
        ),
        sorted(work.series_parts.values_list("series_id", "position", "series__title")),
    ]
    return hashlib.sha256(repr(facts).encode("utf-8")).hexdigest()[:24]


def _with_site(digest: str, site_url: str) -> str:
    if not site_url:
        return digest
    return digest[:16] + hashlib.sha256(site_url.encode("utf-8")).hexdigest()[:8]


def work_export_path(*, work: Work, fmt: str, site_url: str = "") -> Path:
    """The path of `work` exported as `fmt` ('epub', 'html' or 'txt'), built if not cached.

    `site_url` (the site's root) makes the link back at the file's end absolute. The caller
    has already checked that the reader may see the work.
    """
    export_format = FORMATS[fmt]
    folder = _exports_dir() / "works" / str(work.pk)
    path = folder / f"{_with_site(work_fingerprint(work), site_url)}.{export_format.name}"
    if not path.exists():
        collection = collection_for_work(work, site_url=site_url)
        _build(path, lambda out: export_format.write(collection, out))
    return path


def series_export_path(*, series: Series, works: list[Work], site_url: str = "") -> Path:
    """The path of the EPUB of `series` holding `works` (in order), built if not cached.

    `works` are the parts this reader may see, so readers who see different parts get
    different files.
    """
    facts = [
        EXPORT_VERSION,
        series.pk,
        series.title,
        series.summary,
        series.notes,
        [(w.pk, work_fingerprint(w)) for w in works],
    ]
    digest = _with_site(hashlib.sha256(repr(facts).encode("utf-8")).hexdigest()[:24], site_url)
    path = _exports_dir() / "series" / str(series.pk) / f"{digest}.epub"
    if not path.exists():
        collection = collection_for_series(series, works, site_url=site_url)
        _build(path, lambda out: FORMATS["epub"].write(collection, out))
    return path


def _exports_dir() -> Path:
    return Path(settings.DATA_DIR) / "exports"


def _build(path: Path, write) -> None:
    """Write through a temporary file and rename, so readers never see half a file; then
    remove older builds of the same format."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".build-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    for stale in path.parent.glob(f"*{path.suffix}"):
        if stale != path and not stale.name.startswith(".build-"):
            stale.unlink(missing_ok=True)
