"""The download formats: file extension, media type, and the writer that makes the file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from ficarchive.exports.book import Collection
from ficarchive.exports.epub import epub_write
from ficarchive.exports.html import html_write
from ficarchive.exports.text import text_write


@dataclass(frozen=True)
class ExportFormat:
    name: str
    label: str
    media_type: str
    write: Callable[[Collection, BinaryIO], None]

    @property
    def content_type(self) -> str:
        """The HTTP Content-Type (text formats are always UTF-8)."""
        return self.media_type + ("; charset=utf-8" if self.media_type.startswith("text/") else "")


def _write_text(render: Callable[[Collection], str]) -> Callable[[Collection, BinaryIO], None]:
    def write(collection: Collection, out: BinaryIO) -> None:
        out.write(render(collection).encode("utf-8"))

    return write


FORMATS = {
    "epub": ExportFormat("epub", "EPUB", "application/epub+zip", epub_write),
    "html": ExportFormat("html", "HTML", "text/html", _write_text(html_write)),
    "txt": ExportFormat("txt", "Text", "text/plain", _write_text(text_write)),
}
