"""'Paste a legacy header': read pasted header text with the legacy reader and fill the form."""

from __future__ import annotations

from ficarchive.legacy.model import ParsedWork
from ficarchive.legacy.reader import parse_bytes
from ficarchive.works.models import Tag, TagType

PASTE_NAME = "pasted.txt"


def _block_text(block) -> str:
    if block.kind == "break":
        return "* * *"
    return block.text


def _known(names: list[str], tag_type: str) -> list[str]:
    known = {t.name.lower(): t.name for t in Tag.objects.filter(type=tag_type)}
    return [known[n.lower()] for n in names if n.lower() in known]


def _tag_initial(parsed: ParsedWork) -> dict:
    """The rating, warnings and categories the archive knows, and the free tag fields as text."""
    initial: dict = {}
    rating = _known([parsed.rating], TagType.RATING) if parsed.rating else []
    if rating:
        initial["rating"] = rating[0]
    if parsed.warnings:
        initial["warnings"] = _known(parsed.warnings, TagType.WARNING)
    if parsed.categories:
        initial["categories"] = _known(parsed.categories, TagType.CATEGORY)
    for name in ("fandoms", "relationships", "characters", "freeform"):
        values = getattr(parsed, name)
        if values:
            initial[name] = ", ".join(values)
    return initial


def _legacy_initial(parsed: ParsedWork) -> dict:
    """The text fields, and the legacy header's distribution, feedback, series and chapters."""
    initial: dict = {}
    for name in ("summary", "notes", "end_notes", "disclaimer", "spoilers", "language"):
        value = getattr(parsed, name)
        if value:
            initial[name] = value
    if parsed.distribution.text:
        initial["distribution_text"] = parsed.distribution.text
    if parsed.distribution.permission:
        initial["distribution_permission"] = parsed.distribution.permission
    if parsed.feedback.text:
        initial["feedback_text"] = parsed.feedback.text
    if parsed.feedback.wanted is not None:
        initial["feedback_wanted"] = "yes" if parsed.feedback.wanted else "no"
    if parsed.series is not None:
        initial["series_title"] = parsed.series.title
        if parsed.series.part:
            initial["series_part"] = parsed.series.part
    if parsed.chapter is not None and parsed.chapter.total:
        initial["expected_chapters"] = parsed.chapter.total
    return initial


def _body_initial(parsed: ParsedWork) -> dict:
    """The first chapter's text (blocks as plain paragraphs) and its title."""
    chapters = [c for c in parsed.chapters if c.blocks]
    blocks = chapters[0].blocks if chapters else parsed.blocks
    if not blocks:
        return {}
    initial = {"body": "\n\n".join(_block_text(b) for b in blocks if b.kind != "heading")}
    if chapters and chapters[0].title:
        initial["chapter_title"] = chapters[0].title
    return initial


def form_initial_from_parsed(parsed: ParsedWork) -> dict:
    """Initial values for the new-work form from what the legacy reader found."""
    initial: dict = {}
    if parsed.title and parsed.title != PASTE_NAME.rsplit(".", 1)[0]:
        initial["title"] = parsed.title
    return initial | _tag_initial(parsed) | _legacy_initial(parsed) | _body_initial(parsed)


def form_initial_from_paste(text: str) -> tuple[dict, list[str]]:
    """Form values and the reader's diagnostics (as messages) for pasted legacy text."""
    parsed = parse_bytes(text.encode("utf-8"), PASTE_NAME)
    messages = [d.message for d in parsed.diagnostics if d.level in ("warning", "error")]
    return form_initial_from_parsed(parsed), messages
