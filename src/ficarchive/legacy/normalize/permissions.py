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


# Prose: what a sentence about passing the story on (archiving, posting, printing) allows.
PASS_ON = (
    r"(?:archiv\w*|(?:re)?distribut\w*|re-?post\w*|post(?:ing)?\b|(?:be|been) (?:freely )?"
    r"(?:re)?posted|put (?:it|this|them)\b|cop(?:y|ied|ies|ying)\b|(?:re)?print\w*|forward\w*|"
    r"reproduc\w*|transfer\w*|public domain|shar(?:e|ing) (?:it|this)\b|host\w*|mirror\w*|"
    r"(?:fan)?zines?\b|"
    # "It can go on the Lantern fic page", "if you want it for your site": where it would go.
    r"(?:go|goes|be|put) (?:up )?(?:on|onto|in) (?:the|my|your|an?|any|other) (?:[\w'’-]+\s+){0,3}?"
    r"(?:web ?site|site|page|archive)s?\b|"
    r"(?:for|on|to|onto) (?:your|an?|any|other|another) (?:own )?(?:web ?site|site|home ?page|page|"
    r"archive)s?\b|"
    r"pass(?:ed)? (?:it|this) (?:on|along|around)|archivar|archivieren|verbreit\w*|distribuir|"
    r"difundir|diffuser|publicar|publier|veröffentlich\w*|архив\w*|распростран\w*|размещ\w*)"
)
PASS_ON_WORD = re.compile(rf"(?i)(?<!\w){PASS_ON}")
# A negation that governs the passing on ("may not be archived", "not for distribution").
NO_PASS_ON = re.compile(
    rf"(?i)(?:\b(?:not|never|no|nor|nicht|ne|не)\b|n['’]t\b)\W+(?:[\w'’]+\W+){{0,3}}?{PASS_ON}"
    r"|\bonly (?:at|on|here|to|with|by)\b|\bexclusive|\bkeep (?:it|this|them) off\b"
)
NOT_NEEDED = re.compile(
    r"(?i)\b(?:no need to ask|(?:don'?t|do not|needn'?t) (?:need to |have to )?ask(?! me why| why)|"
    r"no objection|"
    r"(?:don'?t|do not) mind|not a problem|no problem|permission\W+(?:\w+\W+){0,4}?(?:granted|given)|"
    r"(?:give|grant)\w* (?:my )?permission|you have (?:my )?permission)"
)
PROSE_ASK = re.compile(
    r"(?i)\b(?:ask|asking|asked|permission|consent|check(?:ed|ing)? with me|e-?mail me|contact me|"
    r"write (?:to )?me|get in touch|drop me a line|(?:let me know|tell me) (?:first|before)|"
    r"request|pregunt\w*|permiso|demande\w*|fragen|frag mich|спрос\w*|разрешени\w*)"
)
# "Not without my say-so": a refusal with a way round it asks.
UNLESS = re.compile(r"(?i)\b(?:unless|without|until|sin|sans|ohne|без)\b")
# Telling the author where it went is no condition: "archive it, just let me know where".
NOTIFY = re.compile(
    r"(?i)\b(?:just|but) (?:let me know|tell me|e-?mail me|drop me a line)|"
    r"\b(?:let me know|tell me) where"
)
PROSE_YES = re.compile(
    r"(?i)\b(?:feel free|free(?:ly)?|welcome|go ahead|yes|sure|by all means|help yourself|"
    r"encourag\w*|fine|okay|ok|may|can|could|please do|absolutely|of course|anywhere|wherever|"
    r"as long as|so long as|provided|public domain|permitted|allowed|happy (?:to|for)|at will|"
    r"puede\w*|libre\w*|gerne?|можно|свободно)\b"
)
OTHERS = re.compile(
    r"(?i)\b(?:anyone|anybody|everyone|everybody|others?|elsewhere|everywhere|all other|any other)\b"
)
CLAUSE = re.compile(r"[.;!?]+\s*|\s+--?\s+|,\s+(?=but\b)")
MAX_CONTINUATION_WORDS = 8


def permission_in_prose(text: str) -> Permission | None:
    """The permission that sentences about passing the story on give (None when none do).

    Only clauses about archiving, posting or copying count, and the short clauses right after
    one ("Anyone else, please ask."); the last one that says yes, ask or no decides, as
    authors name the archives they allow first and say what everyone else may do after.
    """
    found: Permission | None = None
    after_topic = 0
    for clause in CLAUSE.split(" ".join(text.split())):
        if not clause.strip():
            continue
        if PASS_ON_WORD.search(clause):
            after_topic = 2
        elif not after_topic or not (
            OTHERS.search(clause) or len(clause.split()) <= MAX_CONTINUATION_WORDS
        ):
            after_topic = max(0, after_topic - 1)
            continue
        else:
            after_topic -= 1
        found = _clause_permission(clause) or found
    return found


def _clause_permission(clause: str) -> Permission | None:
    if NOT_NEEDED.search(clause):
        return "yes"
    if NO_PASS_ON.search(clause):
        return "ask" if PROSE_ASK.search(clause) or UNLESS.search(clause) else "no"
    if PROSE_ASK.search(clause) and not NOTIFY.search(clause):
        return "ask"
    if PROSE_YES.search(clause) or NOTIFY.search(clause):
        return "yes"
    return None


# "Archive: Heliopolis, yes" or "archived at The Vault" inside a paragraph of prose.
ARCHIVE_NAMED = re.compile(
    r"(?i:archiv(?:e|ed|ing)|distribution)(?:\s+(?:it\s+)?(?:at|on|to|in|with|by)|\s*:)\s+"
    r"(?P<names>[^.;!?]{1,200})"
)


def archives_named(text: str) -> list[str]:
    """Archives that a sentence of prose names as having (or allowed to have) the story."""
    found: list[str] = []
    for match in ARCHIVE_NAMED.finditer(text[:4000]):
        for name in _archives(match.group("names")):
            if name not in found:
                found.append(name)
    return found
