"""The title a mail or news subject line carries, without its conventions.

"REPOST: Tilda's First Snowfall", "DRABBLE: DS9: \"Odo's Bucket...\"", "Lanterns, part (2/6?)",
"Undertow - A Ro Laren Story", "Short story -- \"The Audit\"", "tng story Quiet Hours":
prefixes, part counters, a trailing "- A ... Story" and the words around a quoted title go.
"""

from __future__ import annotations

import re

PREFIX = re.compile(
    r"(?i)^\s*(?:(?:re|fwd?|fw|new|repost|reposted|fic|story|update|drabble|vignette|poem|"
    r"new story|short story|a story|part|ann|announce)\s*(?::|--?|–)\s*|\[[^\]]{0,40}\]\s*)"
)
SHOW_TAG = re.compile(r"^(?P<tag>[A-Za-z0-9][\w&.:-]{0,12}?)\s*:\s+(?=\S)")
LEADING_KIND = re.compile(r"(?i)^(?:\S+\s+)?(?:short\s+)?(?:story|fic|drabble)\s+(?=[A-Z\"“])")
QUOTED = re.compile(r"[\"“](?P<title>[^\"”]{2,100})[\"”]")
TRAILING_KIND = re.compile(
    r"(?i)\s*(?:--?|–|—|,|:)?\s*(?:an?|the)\s+[^-–—]{0,40}?(?:story|fic|crossover|parody|drabble)"
    r"(?:\W.*)?$"
)
COUNTER = re.compile(
    r"(?i)[\s,;:\-–—]*[\[(]?\s*(?:part|pt\.?|chapter|ch\.?)?\s*[\[(]?\s*\d+[a-z]?\s*(?:/|of)\s*"
    r"(?:\d+|\?+)\??\s*[\])]?\s*[\])]?\s*$"
    r"|[\s,;:\-–—]*[\[(]?\s*(?:part|pt\.?|chapter|ch\.?)\s*\d+[a-z]?\s*[\])]?\s*$"
)
MAX_SUBJECT = 300
TRAILING_NOTE = re.compile(
    r"(?i)[\s,;:\-–—]*[\[(]?\s*\b(?:repost|reposted|revised)\b\s*[\])]?[\s.!]*$"
)
# "Title by Ann Lee (2/3)": a byline in the subject, before any bracketed counters and tags.
SUBJECT_BYLINE = re.compile(
    r"\s+(?:by|By|BY)\s+(?P<author>[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|and|&)){0,5})"
    r"(?P<tail>(?:\s*[\[({][^\])}]{0,40}[\])}])*)\s*$"
)
NAME_CONNECTORS = {"and", "&"}


def subject_byline(text: str, poster: str | None = None) -> tuple[str, str | None]:
    """`text` without a trailing byline ("NEW: Title [2/3] by Ann Lee"), and the author it
    names. Each name (of "A and B") counts when it has two capitalized words or more, one word
    only when the poster's name or address holds it ("Stand by Me" keeps its "Me")."""
    match = SUBJECT_BYLINE.search(text)
    if not match or match.start() == 0:
        return text, None
    author = match.group("author").rstrip(".")
    told = (poster or "").casefold()
    parts = re.split(r"\s+(?:and|&)\s+", author)
    for part in parts:
        words = part.split()
        if not words or any(w in NAME_CONNECTORS for w in words):
            return text, None
        if len(words) < 2 and not (len(words[0]) > 1 and words[0].casefold() in told):
            return text, None
    return f"{text[: match.start()]}{match.group('tail')}".strip(), author


def subject_title(subject: str | None) -> str:
    """The title a subject line gives, stripped of its conventions ("" when none is left)."""
    if not subject:
        return ""
    text = " ".join(subject[:MAX_SUBJECT].split())
    for _ in range(6):
        stripped = PREFIX.sub("", text, count=1)
        tag = SHOW_TAG.match(stripped)
        if tag and (tag.group("tag").isupper() or len(tag.group("tag")) <= 4):
            stripped = stripped[tag.end() :]
        if stripped == text:
            break
        text = stripped
    text, _ = subject_byline(TRAILING_NOTE.sub("", text))
    quoted = QUOTED.search(text)
    if quoted:
        return quoted.group("title").strip(" .")
    text = LEADING_KIND.sub("", text)
    text = COUNTER.sub("", text)
    text = TRAILING_KIND.sub("", text)
    return text.strip(" -:;,.")


def title_key(text: str | None) -> str:
    """A title's comparison form: casefolded words of letters and digits."""
    if not text:
        return ""
    words = re.findall(r"[^\W_]+", text.casefold()[:MAX_SUBJECT])
    return " ".join(words)
