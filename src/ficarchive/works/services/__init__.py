"""Writes of works read from legacy files (`work_create_from_parsed` and its kin, which imports
use), and the pieces every writer shares: tags, creators, series and body HTML. The posting
forms write through `posting.services`, which builds on these."""

from ficarchive.works.services.body_html import (
    blocks_to_html,
    blocks_word_count,
    imported_html_sanitize,
)
from ficarchive.works.services.chapter_from_parsed import (
    work_chapter_put_from_parsed,
    work_find_continued_by,
)
from ficarchive.works.services.creators import (
    creator_find_or_create,
    creator_for_imported_author,
)
from ficarchive.works.services.fingerprint import text_fingerprint
from ficarchive.works.services.permission import (
    permission_needed,
    work_permission_record,
    work_permission_settle,
    works_permission_settle_for,
)
from ficarchive.works.services.series import (
    series_find_or_create,
    series_part_place,
    series_parts_set,
    series_write,
)
from ficarchive.works.services.tags import (
    fixed_vocabulary_cached,
    tag_find_or_create,
    tag_synonym_attach,
    tags_find_or_create,
)
from ficarchive.works.services.work_from_parsed import (
    parsed_chapters,
    work_create_from_parsed,
    work_update_from_parsed,
)

__all__ = [
    "blocks_to_html",
    "blocks_word_count",
    "creator_find_or_create",
    "creator_for_imported_author",
    "fixed_vocabulary_cached",
    "imported_html_sanitize",
    "parsed_chapters",
    "permission_needed",
    "series_find_or_create",
    "series_part_place",
    "series_parts_set",
    "series_write",
    "tag_find_or_create",
    "tag_synonym_attach",
    "tags_find_or_create",
    "text_fingerprint",
    "work_chapter_put_from_parsed",
    "work_create_from_parsed",
    "work_find_continued_by",
    "work_permission_record",
    "work_permission_settle",
    "work_update_from_parsed",
    "works_permission_settle_for",
]
