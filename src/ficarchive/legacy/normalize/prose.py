"""What a paragraph of prose around a story says: disclaimer, rating, feedback, permission.

Authors of the mailing-list era wrote their header as sentences: "the studio owns them all",
"I'd rate this fic R", "Comments welcome!", "Please do not distribute", "I'm posting this
for Morwenna". Each reader here is a set of sentence patterns, linear in the text, and says nothing
when no pattern matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ficarchive.legacy.model import ChapterNumber, Distribution, Feedback, ParsedWork, Permission
from ficarchive.legacy.normalize.numbers import NUMBER_WORD, parse_number
from ficarchive.legacy.normalize.permissions import (
    PASS_ON_WORD,
    archives_named,
    permission_in_prose,
)
from ficarchive.legacy.normalize.rating import NOT_RATED, normalize_rating, original_rating

MAX_PROSE = 4000
DISCLAIMER = re.compile(
    r"(?i)\b(?:property of|belongs? to|belonging to|owns? (?:everything|everyone|everybody|all|them|the)|"
    r"trademarks?\b|infring\w*|based (?:up)?on (?:the )?characters|characters (?:and situations )?"
    r"(?:are|were) (?:created|owned)|used without permission|disclaimers? apply|standard disclaimer|"
    r"uses characters from|copyrights? of|copyrighted by|no copyright|(?:is|are) owned by|"
    r"(?:is|are) (?:\(c\)|©|copyright)|"
    # "are the creation of", "were created by", "are Ann Lee's", "(her) characters are her own",
    # "I don't own them": who made the borrowed world, said in a few words.
    r"(?:is|are|was|were) (?:all )?(?:the )?(?:creations?|inventions?|brainchild) of|"
    r"(?:is|are|was|were) (?:originally |all )?(?:created|invented|conceived|dreamed up) by "
    r"(?-i:[A-Z])|"
    r"(?:(?:is|are|was|were) (?:all )?(?-i:[A-Z][\w.]*(?:\s+[A-Z][\w.]*){1,3})|"
    r"are (?:all )?(?-i:[A-Z][\w.]*))['’]s?(?=\s*(?:[.,;:!)]|$))|"
    r"characters (?:are|remain) (?:his|hers?|their|its) own|"
    r"(?:do not|don'?t|does not|doesn'?t|did not|didn'?t) own\b|\bI own (?:nothing|none of)|"
    # "Not mine.", "They're not mine", "None of these characters are mine": at a sentence's start,
    # so that "it was not mine to keep" in a story is not taken.
    r"(?:^|(?<=[.!?;:(]\s))\W{0,2}(?:(?:they|these|the characters|characters|all of them|"
    r"none of (?:them|these|the|it)(?: \w+)?)\s+(?:are|were|is)\s+(?:not\s+)?|they(?:'re| are)\s+not\s+|"
    r"they aren'?t\s+)mine\b|(?:^|(?<=[.!?;:(]\s))\W{0,2}not\s+mine(?=\s*(?:[,.;:!)-]|$))|"
    r"propiedad de|pertenecen? a|sin ánimo de lucro|propriété de|appartien\w* à|"
    r"gehör(?:t|en) (?:der|den|dem)|принадлеж\w+)"
)
# "I'd rate this fic R", "This part is PG 13 for", "Rating PG.", "approximately PG-13".
RATING_TOKEN = r"(?P<token>(?:(?:hard|soft|mild|light|strong) )?(?:NC-?17|NC-?21|PG[- ]?13|PG|G|R|X|XXX|MA|FRAO|FR\d\d|FR[CTM]))"
PROSE_RATING = re.compile(
    r"(?:\b(?:[Rr]ated|[Rr]ate (?:it|this(?: story| fic| piece)?)|"
    r"[Cc]all (?:it|this(?: one| story| fic| piece)?)|[Rr]ating(?: is)?:?|RATING:?|[Rr]ated:|"
    r"[Gg]ive (?:it|this(?: one| story| fic| piece)?)|"
    r"(?:story|fic|piece|part|content|it|[Tt]his(?: one)?) is(?: rated)?|[Ii]t[’']s|[Ss]afely|"
    r"[Aa]pproximately|[Aa]bout|[Rr]oughly|(?:[Nn]othing|[Nn]o)(?: much)? (?:worse|stronger|higher|"
    r"racier|more|beyond|above)(?: than)?)\s+(?:an?\s+)?(?:(?:gentle|solid|firm|low|high|very|"
    r"fairly|pretty)\s+)?)"
    + RATING_TOKEN
    + r"(?![\w-])"
    # "PG at most", "PG-13, tops": the token first, its bound after.
    + r"|(?<![\w-])"
    + RATING_TOKEN.replace("?P<token>", "?P<bound>")
    + r"(?:,?\s+(?:at (?:the )?most|tops|max(?:imum)?|or (?:so|thereabouts)|(?:-\s*)?ish)|"
    r"-?ish|[- ]rated|\s+rating)\b"
)
# "PG.", "R for language.": a sentence that is a rating and its reason, no more.
RATING_SENTENCE = re.compile(
    r"(?:^|(?<=[.!?]\s))\W{0,2}(?P<token>NC-?17|NC-?21|PG-?13|PG|R|X|MA)"
    r"(?:\s+for\s+[^.!?\n]{1,60})?[.!](?=\s|$)"
)
# "Suitable for all ages.", "Safe for everyone": a general rating said without a token.
ALL_AGES = re.compile(
    r"(?i)\b(?:suitable|fine|safe|okay|ok|appropriate|good) for (?:all ages|everyone|all audiences|"
    r"the whole family)\b"
)
EXPLICIT_WORDS = re.compile(
    r"(?i)\b(?:erotica|sexually explicit|explicit (?:sex|scenes?|content|material)|"
    r"contains? sex\b|graphic sex|NC-?17|XXX)"
)
NEGATED = re.compile(r"(?i)\b(?:no|not|non|without|never)\W+(?:\w+\W+){0,1}$")
FEEDBACK_NO = re.compile(
    r"(?i)\b(?:do not|don'?t|never)\s+(?:e-?mail|write to|send|want)(?:\s+me)?\b[^.!?\n]{0,40}"
    r"|\bdo not want (?:any )?(?:feedbacks?|comments|e-?mail)|\bno (?:feedback|flames|e-?mail|comments|reviews),? please"
    # "I'd rather not have feedback on this one": a refusal said politely.
    r"|\brather not (?:have|get|receive|hear)\b[^.!?\n]{0,20}\b(?:feedback|comments|reviews|e-?mail)"
)
FEEDBACK_NOUN = re.compile(
    r"(?i)\b(?:comments?|feedbacks?|critiques?|criticism|suggestions?|flames?|thoughts|reviews?|"
    r"c&c|concrit|coment[aá]rios?|opini[oõ]es|reseñas?|opini[oó]n\w*|críticas?|kommentare?|rückmeldung\w*|"
    r"commentaires?|avis|recensioni|commenti|reacties|opmerkingen|отзыв\w*|комментари\w*)(?!\w)"
)
# What a sentence about comments says of them: welcome, wanted, where to send them.
FEEDBACK_VERB = re.compile(
    r"(?i)(?<!\w)(?:welcome\w*|encourag\w*|appreciat\w*|send\w*|sent|e-?mail\w*|mail|direct\w*|"
    r"address|love|like|want|go to|can go|let me know|hear|accepted|please|treasur\w*|cherish\w*|"
    r"ador\w*|crav\w*|desired|gladly|gratefully|receiv\w*|live for|recibid\w*|(?:make|makes|made|would make) (?:me|my)|"
    r"(?:keep|keeps) me|(?:feed|feeds) (?:me|the muse)|bienvenid\w*|agradec\w*|apreci\w*|"
    r"bem-vind\w*|agradeç\w*|willkommen|erwünscht|freue?|bienvenu\w*|apprécié\w*|benvenut\w*|gradit\w*|welkom|"
    r"приветству\w*|рад\w*)(?!\w)"
)
MAX_FEEDBACK_NOTE = 200  # characters of a note whose feedback noun and address may sit apart
SHORT_FEEDBACK = 60  # characters of a note whose feedback noun and welcome may sit apart
MAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
FEEDBACK_PHRASE = re.compile(
    r"(?i)\b(?:let me know (?:what|if|how)|e-?mail me\b|write (?:to )?me\b|love to hear|"
    r"tell me (?:what|if|how)|appreciate (?:a|an|any) (?:e-?)?mail|drop me a (?:line|note)|"
    r"(?:please )?read and review|(?:please|plz|pls|plez) (?:review|comment|r ?& ?r)\b|leave (?:a|me a) (?:review|comment)|"
    r"\bR ?& ?R\b|"
    r"(?:love|like|enjoy) (?:hearing|to hear) from (?:readers|you|people)|"
    r"(?:feedback|comments|reviews|concrit)(?: and (?:concrit|feedback|comments))? (?:is|are|would be|make) "
    r"(?:always |so |very )?(?:lovely|wonderful|nice|great|good|golden|love|loved|appreciated|welcome)|"
    r"saber (?:qu[ée]|lo que) (?:opin|piens|pens)\w*|ce que vous en pensez|was ihr (?:davon )?"
    r"(?:denkt|haltet)|что вы думаете)"
    # "e-mail me first", "drop me a line before you archive it": asking to be asked.
    r"(?!\s*(?:first|before)\b)"
)
POSTED_FOR = re.compile(
    r"(?i)\b(?:posting (?:this|it) for|posted for|post(?:ing)? on behalf of|on behalf of|"
    r"I(?:'m| am) not the a\w{0,3}thor|I did not write this|reposting (?:this|it)|"
    r"(?:author|she|he|they) (?:has|have|does|do) (?:not|no) (?:have )?(?:direct )?access|"
    r"(?:doesn'?t|don'?t) have access|for someone who)"
)
POSTED_FOR_NAME = re.compile(
    r"(?:posting (?:this|it) for|posted for|on behalf of)\s+(?P<name>[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){0,3})"
)
# "will run in five parts", "in 3 parts": how many parts the whole story has.
PARTS_TOTAL = re.compile(
    rf"(?i)\bin\s+(?P<total>{NUMBER_WORD})\s+(?:parts|chapters|installments)\b"
)
COPYRIGHT_LINE = re.compile(r"(?i)(?:copyright|\(c\)|all rights reserved|\(tm\)|©)")
COMPANY = re.compile(
    r"(?i)\b(?:productions?|paramount|fox|network|inc|pictures|bbc|studios?|corporation|"
    r"broadcasting|entertainment|television|tv|company|ltd|bros|warner|programming)\b"
)
NAME = r"(?P<name>[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){1,3})"
COPYRIGHT_HOLDER = [
    re.compile(
        r"(?i:copyright|\(c\))(?:\s*(?i:\(c\)|copyright))?\s*(?:(?:19|20)\d\d\s*,?\s*)?(?i:by\s+)?"
        + NAME
    ),
    re.compile(NAME + r"\s+(?i:copyright)\b"),
]


# The border between two lines of a box of asterisks, once its lines are joined.
BOX_BORDER = re.compile(r"\s[*#|]{1,3}\s+[*#|]{1,3}\s")


def unboxed(text: str) -> str:
    """Text joined from the lines of a box of asterisks (or # or |) without the box's borders."""
    return BOX_BORDER.sub(" ", text) if "*" in text or "#" in text or "|" in text else text


def _clip(text: str) -> str:
    return unboxed(text[:MAX_PROSE])


# Every `DISCLAIMER` match holds one of these (case-folded): a quick test before the regex,
# whose case-blind alternatives cost tens of microseconds on a paragraph of prose.
DISCLAIMER_WORDS = (
    "property of",
    "belong",
    "own",
    "owns ",
    "mine",
    "creat",
    "invent",
    "brainchild",
    "conceived",
    "dreamed up",
    "'",
    "’",
    "trademark",
    "infring",
    "based ",
    "characters",
    "without permission",
    "disclaimer",
    "copyright",
    "owned by",
    "(c)",
    "©",
    "propiedad",
    "pertenece",
    "lucro",
    "propriété",
    "appartien",
    "gehör",
    "принадлеж",
)


def is_disclaimer(text: str) -> bool:
    """The paragraph disclaims ownership ("X belongs to Y", "no infringement intended")."""
    clipped = _clip(text)
    folded = clipped.casefold()
    if not any(word in folded for word in DISCLAIMER_WORDS):
        return False
    return DISCLAIMER.search(clipped) is not None


# A sentence ends at . ! ? before a capital or a quote, except after an initial or a title
# ("J.K. Rowling", "Mr. Smith").
SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"'“‘(]?[A-Z0-9À-ÖØ-ÞА-Я¿¡])")
ABBREVIATION = re.compile(
    r"(?:(?<!['’])\b[A-Za-z]|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Bros|Inc|Ltd|Co|vs|etc|Lt|Cmdr|Capt))\.$"
)
RATED_LETTER = re.compile(r"(?i)\brat(?:ed|ing:?)\s+[a-z]\.$")  # "Rated R." ends a sentence
# The asides that go with a disclaimer: no money, no harm, borrowed toys put back.
DISCLAIMER_ASIDE = re.compile(
    r"(?i)\b(?:profit|money|dime|penny|sue|suing|lawyers?|borrow\w*|play(?:ing)? with|"
    r"not mine|no harm|harm meant|entertainment|for fun|infring\w*|no offen[cs]e|put (?:them|it) back|"
    r"return (?:them|it)|(?:don'?t|do not) own|own nothing|only wish|fan ?fiction|fanfic|"
    r"work of fiction|parody|affiliated|endorsed|public domain|no claim|lucro|ganancia)"
)
# Sentences that are about the story, not its rights: rating, spoilers, setting, series.
STORY_MATTER = re.compile(
    r"(?i)\b(?:spoil\w*|set (?:in|during|after|before|sometime|between|right)|takes place|"
    r"season|episode|sequel|prequel|part \w+ of|summary|warning|beta\w*|thanks? to|"
    r"dedicated|written for|first \w+ (?:story|fic)|my first)"
)
# An aside speaks of the writer or of the borrowed people: "I only wish", "They get them back".
ASIDE_VOICE = re.compile(
    r"\b(?:I|I'm|I've|I'd|I'll|[Mm]e|[Mm]y|[Mm]ine|[Ww]e|[Uu]s|[Oo]ur|[Tt]hem|[Tt]hey|do|does)\b"
)
LEADING_RATING = re.compile(
    r"^(?:[Rr]ating|RATING|[Rr]ated|RATED)\s*:?\s*" + RATING_TOKEN + r"\s+(?=[A-Z])"
)
MAX_ASIDE = 100  # characters of a short sentence that may follow a disclaimer ("The BBC does.")
# "The usual:", "Standard disclaimers apply:" before the disclaimer itself says it.
LEAD_IN = re.compile(
    r"(?i)^(?:the\s+)?(?:usual|standard|normal|same old)(?:\s+disclaimers?(?:\s+apply)?)?\s*[:.!-]+\s+"
)


def disclaimer_part(text: str) -> str:
    """The disclaimer sentences of a prose paragraph: from the first that disclaims, on through
    the asides that go with it, up to a sentence about the story itself (its rating, spoilers,
    setting). The paragraph as it is when no sentence disclaims."""
    lead_in = LEAD_IN.match(text)
    if lead_in and is_disclaimer(text[lead_in.end() :]):
        text = text[lead_in.end() :]
    sentences = _sentences(" ".join(text[:MAX_PROSE].split()))
    start = next((i for i, s in enumerate(sentences) if is_disclaimer(s)), None)
    if start is None or len(sentences) == 1:
        return text
    # "Rating: PG" on the line above runs into the disclaimer once the lines are joined.
    sentences[start] = LEADING_RATING.sub("", sentences[start])
    end = start + 1
    while end < len(sentences):
        sentence = sentences[end]
        aside = DISCLAIMER_ASIDE.search(sentence) is not None  # "written for fun; don't sue"
        if not aside and (STORY_MATTER.search(sentence) or _says_more(sentence)):
            break
        if not _goes_with_disclaimer(sentence):
            break
        end += 1
    return " ".join(sentences[start:end])


def before_other_fields(text: str) -> str:
    """A prose value up to the first sentence that says something of its own (a rating, a
    feedback wish, an archiving rule): 'Spoilers for "Tithe". Rated PG.' -> '"Tithe".'"""
    sentences = _sentences(" ".join(text[:MAX_PROSE].split()))
    end = next((i for i, s in enumerate(sentences) if i and _says_more(s)), None)
    return text if end is None else " ".join(sentences[:end])


def _goes_with_disclaimer(sentence: str) -> bool:
    """Another disclaiming sentence, or a short aside in the writer's voice."""
    if is_disclaimer(sentence) or DISCLAIMER_ASIDE.search(sentence):
        return True
    return len(sentence) <= MAX_ASIDE and ASIDE_VOICE.search(sentence) is not None


def _says_more(sentence: str) -> bool:
    """A rating, feedback wish or archiving rule: a sentence with a field of its own."""
    return (
        prose_rating(sentence)[0] is not None
        or prose_feedback(sentence) is not None
        or prose_permission(sentence) is not None
    )


def _sentences(text: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    for match in SENTENCE_END.finditer(text):
        before = text[max(start, match.start() - 12) : match.start()]
        if ABBREVIATION.search(before) and not RATED_LETTER.search(before):
            continue
        sentences.append(text[start : match.start()].strip())
        start = match.end()
    sentences.append(text[start:].strip())
    return [s for s in sentences if s]


def prose_rating(text: str) -> tuple[str | None, bool]:
    """A rating token stated in a sentence, and whether the words say the work is explicit."""
    clipped = _clip(text)
    match = PROSE_RATING.search(clipped)
    token = (match.group("token") or match.group("bound")) if match else None
    if token is None and ALL_AGES.search(clipped):
        token = "all ages"
    if token is None:
        alone = RATING_SENTENCE.search(clipped)  # "PG.  Spoilers through season three."
        token = alone.group("token") if alone else None
    explicit = False
    for found in EXPLICIT_WORDS.finditer(clipped):
        if not NEGATED.search(clipped[max(0, found.start() - 30) : found.start()]):
            explicit = True
            break
    return token, explicit


def prose_feedback(text: str) -> bool | None:
    """True when a sentence asks for comments, False when it refuses them, else None.

    A request is a set phrase ("let me know what you think"), or a sentence that names feedback
    (in any of a few languages) with a word that welcomes it or an address to send it to.
    """
    clipped = _clip(text)
    if FEEDBACK_NO.search(clipped) and re.search(r"(?i)feedback|comment|e-?mail", clipped):
        return False
    for sentence in re.split(r"(?<=[.!?])\s+", clipped):
        if FEEDBACK_PHRASE.search(sentence) and not PASS_ON_WORD.search(sentence):
            return True  # "let me know if you archive it" is about archiving
        if FEEDBACK_NOUN.search(sentence) and (
            FEEDBACK_VERB.search(sentence) or MAIL_ADDRESS.search(sentence)
        ):
            return True
    # "Comments? Questions? Send them to ann@example.org", "Feedback? Please?": the noun and the
    # address, or the welcome, in sentences apart.
    if len(clipped) > MAX_FEEDBACK_NOTE or not FEEDBACK_NOUN.search(clipped):
        return None
    if MAIL_ADDRESS.search(clipped):
        return True
    opens = FEEDBACK_NOUN.match(clipped.lstrip(" *-~([")) is not None  # "Feedback? Please?"
    return (
        True if opens and len(clipped) <= SHORT_FEEDBACK and FEEDBACK_VERB.search(clipped) else None
    )


def prose_permission(text: str) -> Permission | None:
    """What the author allows others to do with the story ("Not for redistribution": no)."""
    return permission_in_prose(_clip(text))


def posted_for(text: str) -> tuple[bool, str | None]:
    """Whether the poster says the story is someone else's, and the author's name if given."""
    clipped = _clip(text)
    if not POSTED_FOR.search(clipped):
        return False, None
    named = POSTED_FOR_NAME.search(clipped)
    name = named.group("name") if named and not COMPANY.search(named.group("name")) else None
    return True, name


def copyright_holder(text: str) -> str | None:
    """The person a copyright line names ("Copyright 1993 by Ann Lee", "(c) 1994 Ann Lee")."""
    clipped = _clip(text)
    for pattern in COPYRIGHT_HOLDER:
        for match in pattern.finditer(clipped):
            name = match.group("name").strip(" .,;")
            name = re.sub(r"(?i)\s+(?:copyright|all|\d.*)$", "", name)
            words = name.split()
            if len(words) < 2 or COMPANY.search(name) or (name.isupper() and len(words) > 4):
                continue
            if words[0].casefold() in ("the", "this", "all", "story", "characters"):
                continue
            return name.title() if name.isupper() else name
    return None


@dataclass
class Facts:
    """What the prose around the story says, beyond the header fields."""

    feedback: bool | None = None
    feedback_text: str | None = None
    permission: Permission | None = None
    permission_text: str | None = None
    explicit: bool = False
    poster_not_author: bool = False
    named_author: str | None = None
    copyright_names: list[str] = field(default_factory=list)
    clue_texts: list[str] = field(default_factory=list)
    parts_total: int | None = None
    rating: str | None = None
    signed_name: str | None = None
    poster: str | None = None
    pairings: list[str] = field(default_factory=list)


def read_facts(text: str, facts: Facts) -> None:
    """Add what one paragraph of prose says (feedback, permission, explicitness, posting)."""
    if facts.feedback is None:
        wanted = prose_feedback(text)
        if wanted is not None:
            facts.feedback, facts.feedback_text = wanted, text
    if facts.permission is None:
        permission = prose_permission(text)
        if permission is not None:
            facts.permission, facts.permission_text = permission, text
    rating, explicit = prose_rating(text)
    facts.rating = facts.rating or rating
    facts.explicit = facts.explicit or explicit
    relayed, name = posted_for(text)
    if relayed:
        facts.poster_not_author = True
        facts.named_author = facts.named_author or name
    if facts.parts_total is None:
        parts = PARTS_TOTAL.search(_clip(text))
        facts.parts_total = parse_number(parts.group("total")) if parts else None
    for pairing in prose_pairings(text):
        if pairing not in facts.pairings:
            facts.pairings.append(pairing)
    holder = copyright_holder(text)
    if holder and holder not in facts.copyright_names:
        facts.copyright_names.append(holder)
    facts.clue_texts.append(text)


_NAME = r"[A-Z][a-z'’.-]+(?:\s[A-Z][a-z'’.-]+)?"
# "This is Hikaru/Akira, set after ...", "a Mulder/Scully romance": a pairing the note names.
PROSE_PAIRING = re.compile(
    rf"(?:\b(?:[Tt]his is|[Ii]t'?s|[Ii]t is|[Cc]ontains|[Ff]eatures)\s+(?:(?:an?|some|light|implied|"
    rf"mild|pre-?)\s+)?(?P<a>{_NAME}(?:/{_NAME})+)(?=[\s,.;:!)]|$)"
    rf"|(?<![\w/])(?P<b>{_NAME}(?:/{_NAME})+)\s+(?:pairing|slash|femslash|romance|ship|fic|ficlet|"
    rf"story|drabble|PWP|UST|smut|friendship)\b)"
)
MAX_PAIRING_PROSE = 600


def prose_pairings(text: str) -> list[str]:
    """The pairings a note names in its sentences ("This is Hikaru/Akira, ...")."""
    head = text[:MAX_PAIRING_PROSE]
    if "/" not in head:
        return []
    found = []
    for match in PROSE_PAIRING.finditer(head):
        pairing = match.group("a") or match.group("b")
        if pairing not in found:
            found.append(pairing)
    return found


def apply_facts(work: ParsedWork, facts: Facts) -> None:
    """What the prose around the story said, where no field said it already."""
    _facts_of_fields(work, facts)
    if work.feedback.text is None and facts.feedback is not None:
        work.feedback = Feedback(facts.feedback_text, facts.feedback)
        work.note_source("feedback", "prose", 0.6)
    if work.distribution.text is None and facts.permission is not None:
        text = " ".join((facts.permission_text or "").split())
        archives = archives_named(text) if facts.permission != "no" else []
        work.distribution = Distribution(text, archives, facts.permission)
        work.note_source("distribution", "prose", 0.6)
    chapter, total = work.chapter, facts.parts_total or 0
    if chapter and chapter.total is None and chapter.number is not None and total >= chapter.number:
        work.chapter = ChapterNumber(chapter.number, total)
    if work.rating == NOT_RATED and facts.rating:
        work.rating_original = original_rating(facts.rating)
        work.rating = normalize_rating(facts.rating)
        work.note_source("rating", "prose", 0.6)
    if work.rating == NOT_RATED and facts.explicit:
        work.rating = "Explicit"
        work.note_source("rating", "prose", 0.5)
    if not work.relationships_original and facts.pairings:
        work.relationships_original = list(facts.pairings)
        work.note_source("relationships_original", "prose", 0.5)
    _signed_author(work, facts)
    if not work.authors:
        name = facts.named_author or (facts.copyright_names[0] if facts.copyright_names else None)
        if name:
            work.authors.append(name)
            work.note_source("authors", "prose", 0.6 if facts.named_author else 0.5)


def _facts_of_fields(work: ParsedWork, facts: Facts) -> None:
    """Notes and disclaimers that a label set apart are prose too: a feedback wish or an
    archiving rule among them counts when the prose around the story said none."""
    for text in (work.notes, work.end_notes, work.disclaimer):
        if not text:
            continue
        if facts.feedback is None and work.feedback.text is None:
            wanted = prose_feedback(text)
            if wanted is not None:
                facts.feedback, facts.feedback_text = wanted, text
        if facts.permission is None and work.distribution.text is None:
            permission = prose_permission(text)
            if permission is not None:
                facts.permission, facts.permission_text = permission, text


def _signed_author(work: ParsedWork, facts: Facts) -> None:
    """The name the story is signed with: when no author is known, or over a mail's poster when
    the authors are the poster ("Ashby & Quill") and the signature shares a name with it."""
    signed, poster = facts.signed_name, facts.poster
    if signed and not work.authors:
        work.authors = [signed]
        work.note_source("authors", "prose", 0.5)
        return
    if not signed or not poster or not work.authors:
        return
    poster_words = {w.casefold() for w in re.findall(r"[^\W\d_]+", poster)}
    from_poster = all(
        {w.casefold() for w in re.findall(r"[^\W\d_]+", a)} <= poster_words for a in work.authors
    )
    if from_poster and any(w.casefold() in poster_words for w in signed.split()):
        work.authors = [signed]
        work.note_source("authors", "prose", 0.6)
