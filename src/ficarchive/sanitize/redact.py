"""Private details that legacy headers carry and the archive never shows: e-mail addresses.

Old headers signed stories with the author's address ("Feedback to jo@aol.com"); the archive
keeps what was imported, and redacts on display and in downloads.
"""

from __future__ import annotations

import re

REDACTED = "[e-mail address hidden]"
# name@host.tld, and the spelled-out forms people used against spam robots.
_AT = r"(?:@|\s?[\[(]\s?at\s?[\])]\s?|\s+at\s+)"
_DOT = r"(?:\.|\s?[\[(]\s?dot\s?[\])]\s?|\s+dot\s+)"
_EMAIL = re.compile(
    rf"(?:mailto:)?[A-Za-z0-9._%+\-]+{_AT}[A-Za-z0-9\-]+(?:{_DOT}[A-Za-z0-9\-]+)*{_DOT}[A-Za-z]{{2,}}\b",
    re.IGNORECASE,
)


def emails_redact(text: str | None) -> str:
    """`text` with every e-mail address (plain or spelled out) replaced by REDACTED."""
    if not text or ("@" not in text and "at" not in text.lower()):
        return text or ""

    def replace(match: re.Match) -> str:
        found = match.group(0)
        # Spelled with bare words, only "x at y dot com" counts, never "looked at home.com".
        bare = "@" not in found and not re.search(r"[\[(]\s?at\s?[\])]", found, re.IGNORECASE)
        if bare and not re.search(r"\s+dot\s+", found, re.IGNORECASE):
            return found
        return REDACTED

    return _EMAIL.sub(replace, text)
