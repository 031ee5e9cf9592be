"""Writes to works, chapters, series, creators and tags. Everything that changes them comes here.

`work_write` is the one write path of a work (`WorkInput`, `ChapterInput`); `work_from_parsed`
maps a legacy story onto it; `chapter_from_parsed` adds a later file as a chapter.
"""

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
    chapter_inputs_from_parsed,
    parsed_chapters,
    work_create_from_parsed,
    work_input_from_parsed,
    work_update_from_parsed,
)
from ficarchive.works.services.work_write import (
    ChapterInput,
    WorkInput,
    chapter_store,
    work_create_from_input,
    work_input_for_edit,
    work_update_from_input,
    work_word_count_refresh,
)

__all__ = [
    "ChapterInput",
    "WorkInput",
    "blocks_to_html",
    "blocks_word_count",
    "chapter_inputs_from_parsed",
    "chapter_store",
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
    "work_create_from_input",
    "work_create_from_parsed",
    "work_find_continued_by",
    "work_input_for_edit",
    "work_input_from_parsed",
    "work_permission_record",
    "work_permission_settle",
    "work_update_from_input",
    "work_update_from_parsed",
    "work_word_count_refresh",
    "works_permission_settle_for",
]
