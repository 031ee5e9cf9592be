"""How many chapters one work may hold: the rule and its check, for every writer of chapters.

A file the reader splits wrongly ("Chapter" at the start of every other line) once became a
work of 20,000 chapters. We hold a work to 500 by default (`FICARCHIVE_MAX_CHAPTERS`): more than
AO3's 200 per work, so that the longest serials of an old archive still fit in one work, and few
enough that a work's index page, its EPUB and a re-import stay small. The check sits in the one
place every chapter is stored (`work_write.chapter_store`); an import is refused before it
writes anything (`importing/checks.story_problem`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError

DEFAULT_MAX_CHAPTERS = 500


def chapters_max() -> int:
    """The most chapters a work may hold (setting FICARCHIVE_MAX_CHAPTERS, default 500)."""
    return int(getattr(settings, "FICARCHIVE_MAX_CHAPTERS", DEFAULT_MAX_CHAPTERS))


def chapter_count_problem(count: int) -> str | None:
    """Why a work of `count` chapters cannot be stored (one line), or None."""
    limit = chapters_max()
    if count <= limit:
        return None
    return f"too many chapters: {count:,} (a work holds at most {limit:,})"


def chapter_count_check(*, count: int) -> None:
    """Raise ValidationError when a work would hold `count` chapters, more than allowed."""
    problem = chapter_count_problem(count)
    if problem is not None:
        raise ValidationError(problem[0].upper() + problem[1:] + ".")
