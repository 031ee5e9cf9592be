"""Which old stories become works: everything the old site showed, and nothing it hid.

A story is left out when its author (or any co-author) is on the do-not-import list, when it
was still in the submission queue, when it is only a link to another site, when none of its
chapters has text, or when it is the same story again (the same author, title and words as one
already taken in, or the same words as a work ficarchive already holds).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ficarchive.rescue.do_not_import import DoNotImport
from ficarchive.rescue.links import OldSite
from ficarchive.rescue.source import Member, Problem, Story
from ficarchive.rescue.text import chapter_html, html_plain

_ABSOLUTE_LINK = re.compile(r"""(?i)href\s*=\s*["']?(https?://[^"'\s>]+)""")
# A chapter this short that links away is a pointer to the story, not the story.
LINK_ONLY_WORDS = 40


@dataclass
class Decision:
    """What becomes of a story that will not be a work of its own."""

    status: str  # gone | skipped
    reason: str
    problem: Problem


def writers(story: Story) -> list[str]:
    """Owner, co-authors and every chapter's writer, in that order, without repeats."""
    found = [story.owner_id, *story.coauthor_ids, *(c.member_id for c in story.chapters)]
    return [m for m in dict.fromkeys(found) if m]


def linked_elsewhere(story: Story, site: OldSite) -> str | None:
    """The address the story's text only points to (a story hosted on the author's own site)."""
    if story.external_url:
        return story.external_url
    texts = [c.html for c in story.chapters if c.html.strip()]
    links = [u for t in texts for u in _ABSOLUTE_LINK.findall(t) if site.relative(u, "") is None]
    if not links:
        return None
    words = sum(len(html_plain(chapter_html(t)).split()) for t in texts)
    return links[0] if words <= LINK_ONLY_WORDS else None


def story_triage(
    story: Story, *, dni: DoNotImport, members: dict[str, Member], site: OldSite
) -> Decision | None:
    """Why `story` is left out, or None when it goes on to be written."""
    ids = story.ids
    if story.old_id in dni.story_ids:
        return Decision(
            "gone", "do_not_import", Problem("do_not_import", "the story is on the list", ids)
        )
    for member_id in writers(story):
        member = members.get(member_id)
        name = member.name if member else ""
        if dni.member(member_id, name, member.email if member else ""):
            who = {**ids, **(member.ids if member else {})}
            return Decision(
                "gone",
                "do_not_import",
                Problem("do_not_import", f"author {member_id} ({name}) is on the list", who),
            )
    if not story.validated:
        return Decision(
            "skipped",
            "unvalidated",
            Problem("unvalidated_work", "still in the submission queue, never public", ids),
        )
    url = linked_elsewhere(story, site)
    if url:
        return Decision(
            "skipped",
            "external_link",
            Problem("external_link", f"the only chapter is a link to {url}", ids),
        )
    return None
