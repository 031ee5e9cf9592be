"""Writing rescued archives: works with everything they hold, creators, series, and the keys
(archive, kind, old id, content hash) that make every run idempotent."""

from ficarchive.rescue.writing.keys import content_hash, display_name, usable_email, work_hash
from ficarchive.rescue.writing.works import ArchiveWriter, WriteResult

__all__ = [
    "ArchiveWriter",
    "WriteResult",
    "content_hash",
    "display_name",
    "usable_email",
    "work_hash",
]
