"""Distribution (archives named, permission yes/ask/no/unknown) and feedback (wanted or not)."""

from __future__ import annotations

import re

from ficarchive.legacy.model import Distribution, Feedback, Permission

NO = re.compile(
    r"(?i)\b(?:no(?!\s+(?:problem|need))\b|not\b|don'?t|do not|never|nowhere|please don'?t|"
    r"only here|only at|only on|exclusive|sorry|запрещ|нельзя|не надо|не разрешаю)"
)
ASK = re.compile(
    r"(?i)\b(?:ask|asking|e-?mail me|contact me|permission|check with me|request|query)\b|"
    r"уточн|спрос|с разрешения|после согласования|напишите"
)
YES = re.compile(
    r"(?i)\b(?:yes|sure|go ahead|anywhere|anyone|fine|okay|ok|take it|welcome|feel free|want it|"
    r"of course|by all means|free to|just tell me|let me know|please do|archive away|help yourself|"
    r"granted|absolutely)\b|разрешено|можно|свободно|берите|пожалуйста"
)
NOT_ARCHIVE_WORDS = {
    "sure",
    "yes",
    "no",
    "not",
    "please",
    "ok",
    "okay",
    "fine",
    "anywhere",
    "anyone",
    "ask",
    "just",
    "want",
    "take",
    "go",
    "others",
    "other",
    "everyone",
    "all",
    "others,",
    "if",
    "only",
    "you",
    "permission",
    "email",
    "e-mail",
    "contact",
    "feel",
    "by",
    "of",
    "absolutely",
    "want it",
    "any",
    "and",
    "but",
    "let",
    "tell",
    "sorry",
    "archive",
    "archives",
    "list",
    "lists",
    "mine",
    "me",
    "elsewhere",
    "somewhere",
    "nope",
    "never",
    "free",
    "help",
    "don't",
}
PERSONAL = re.compile(
    r"(?i)^(?:(?:on|at|to)\s+)?(?:my\s+(?:own\s+)?(?:web\s*site|website|site|page|homepage|journal|lj|archive)\s*,?\s*)"
)


def read_distribution(text: str | None) -> Distribution:
    """Archives named and the permission a distribution/archive line gives."""
    if not text or not text.strip():
        return Distribution()
    value = " ".join(text.split())
    return Distribution(text=value, archives=_archives(value), permission=_permission(value))


def _permission(value: str) -> Permission:
    clauses = [
        c
        for c in re.split(r"[;.!?]|\s+--?\s+|, (?=(?:but|others|anyone|everyone|anywhere))", value)
        if c.strip()
    ]
    # The clause about other people decides (the archives named are always allowed).
    for clause in reversed(clauses):
        if NO.search(clause) and not re.search(
            r"(?i)\bnot? (?:a )?problem|don'?t (?:need|have) to ask|no need", clause
        ):
            return "no" if not ASK.search(clause) else "ask"
        if ASK.search(clause):
            return "ask"
        if YES.search(clause):
            return "yes"
    return "yes" if _archives(value) else "unknown"


def _archives(value: str) -> list[str]:
    archives = []
    first = re.split(r"[;!?]|\.\s|\.$|\s+--?\s+|\(", value)[0]
    for item in re.split(r"\s*,\s*|\s+and\s+|\s+&\s+|\s*/\s*(?=[A-Z])", first):
        item = PERSONAL.sub("", item.strip()).strip(" .:\"“”'")
        item = re.sub(r"(?i)^(?:also\s+)?(?:at|on|to|in)\s+", "", item).strip()
        item = re.sub(r"(?i)\s+(?:yes|ok|okay|fine|sure|only|too|please)$", "", item).strip()
        if not item or (not item[0].isupper() and not item[0].isdigit()) or ASK.search(item):
            continue
        words = item.split()
        if words[0].casefold().strip(",") in NOT_ARCHIVE_WORDS or len(words) > 7:
            continue
        if (
            NO.search(item)
            or ASK.search(item)
            or re.search(r"(?i)\b(?:want|please|anyone|anywhere|fine)\b", item)
        ):
            continue
        archives.append(item)
    return archives


FEEDBACK_NO = re.compile(
    r"(?i)^\s*no\b|\bno thanks?\b|\bnot (?:necessary|needed|wanted|required|interested)|\brather not\b|"
    r"\bdon'?t (?:send|want|need)|\bplease don'?t\b|\bno,? thank|\bnope\b"
)
FEEDBACK_YES = re.compile(
    r"(?i)\byes\b|\bplease\b|\bwelcom|\blov(?:e|ed|ing)\b|\bcrav|\bador|\bappreciat|\bcherish|\bwanted\b|\bsure\b|"
    r"\balways\b|\bconcrit\b|\bcomments?\b|\breviews?\b|\bfeed (?:me|the)\b|@|\bsend\b|\bwould be nice\b|"
    r"\bwelcomed\b|\bglad(?:ly)?\b|\breceived\b|\bcherish|\bwould love\b|\bencouraged?\b|\bthank|\bgreat\b|\bhappy\b|\bof course\b|\bok\b|\bokay\b|\bhonest\b|\bgentle\b|"
    r"\bдa\b|\bда\b|\bприветств|\bбуду рад"
)


def read_feedback(text: str | None) -> Feedback:
    """Whether a feedback line asks for feedback (None when it does not say)."""
    if not text or not text.strip():
        return Feedback()
    value = " ".join(text.split())
    if FEEDBACK_NO.search(value):
        return Feedback(text=value, wanted=False)
    if FEEDBACK_YES.search(value):
        return Feedback(text=value, wanted=True)
    return Feedback(text=value, wanted=None)
