"""Download views: ask the visibility selector, then serve the cached file."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from django.http import FileResponse, HttpRequest
from django.views.decorators.http import require_GET

from ficarchive.exports.book import collection_for_series, collection_for_work, export_slug
from ficarchive.exports.cache import series_export_path, work_export_path
from ficarchive.exports.formats import FORMATS
from ficarchive.exports.selectors import series_works_for_reader
from ficarchive.site.database_errors import error_is_disk_full
from ficarchive.works.selectors import work_get_for_reader


@require_GET
def download(request: HttpRequest, work_id: str, fmt: str, slug: str = "") -> FileResponse:
    """The work as EPUB, HTML or text, if the reader may see it (404 otherwise)."""
    work = work_get_for_reader(user=request.user, work_id=int(work_id))
    site_url = request.build_absolute_uri("/")
    handle = _open_built(
        lambda: work_export_path(work=work, fmt=fmt, site_url=site_url),
        lambda out: FORMATS[fmt].write(collection_for_work(work, site_url=site_url), out),
    )
    filename = f"{export_slug(title=work.title, fallback=f'work-{work.pk}')}.{fmt}"
    return _file_response(handle, filename, FORMATS[fmt].content_type, private=work.restricted)


@require_GET
def series_download(request: HttpRequest, series_id: int) -> FileResponse:
    """The parts of a series this reader may see, as one EPUB (404 when there are none)."""
    series, works = series_works_for_reader(user=request.user, series_id=series_id)
    site_url = request.build_absolute_uri("/")
    handle = _open_built(
        lambda: series_export_path(series=series, works=works, site_url=site_url),
        lambda out: FORMATS["epub"].write(
            collection_for_series(series, works, site_url=site_url), out
        ),
    )
    filename = f"{export_slug(title=series.title, fallback=f'series-{series.pk}')}.epub"
    private = any(w.restricted for w in works)
    return _file_response(handle, filename, FORMATS["epub"].content_type, private=private)


def _open_built(build: Callable[[], Path], write: Callable[[BinaryIO], object]) -> BinaryIO:
    """Open the built file; if a concurrent rebuild removed it in between, build again. When
    the disk is too full to keep the file, `write` it to memory instead: reading goes on."""
    try:
        for _ in range(2):
            try:
                return build().open("rb")
            except FileNotFoundError:
                continue
        return build().open("rb")
    except OSError as exc:
        if not error_is_disk_full(exc):
            raise
    buffer = io.BytesIO()
    write(buffer)
    buffer.seek(0)
    return buffer


def _file_response(handle: BinaryIO, filename: str, content_type: str, *, private: bool):
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=content_type,
    )
    # Restricted works must not land in shared caches; every copy is revalidated, so a work
    # hidden by staff stops being served at once.
    response["Cache-Control"] = "private, no-cache" if private else "no-cache"
    return response
