"""Transport lines around a story: mbox envelopes, mail and news headers, archive wrappers.

A story posted to Usenet or mailed to an archive arrives wrapped: an mbox `From ` line, an
`Article 3141 of alt.startrek.creative:` line, a block of `Name: value` headers (some quoted with
`~`, some continued on indented lines), and in a file of several posts, such a block before
each post. None of it is ever the title or the story. `read_envelope` reads what the first
block says (subject, poster, newsgroups, a Usenet summary, the year) and blanks every transport
line, so that line numbers stay true for the rules after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ficarchive.legacy.document import Field

# Headers a mail or news post carries; a block needs at least two lines, one of them known.
KNOWN_HEADERS = frozenset(
    {
        "from",
        "subject",
        "newsgroups",
        "path",
        "date",
        "message-id",
        "sender",
        "organization",
        "organisation",
        "lines",
        "nntp-posting-host",
        "xref",
        "references",
        "followup-to",
        "reply-to",
        "return-path",
        "received",
        "to",
        "cc",
        "distribution",
        "summary",
        "keywords",
        "article-i.d.",
        "mime-version",
        "content-type",
        "content-transfer-encoding",
        "content-length",
        "status",
        "approved",
        "expires",
        "in-reply-to",
        "user-agent",
        "posted",
        "posted-by",
        "originator",
        "precedence",
        "errors-to",
    }
)
# The headers that mark the start of a post inside a file of several posts.
POST_HEADERS = frozenset({"from", "subject", "newsgroups", "path", "article-i.d.", "message-id"})
NEWS_ONLY = frozenset({"path", "newsgroups", "message-id", "xref", "lines", "article-i.d."})
HEAD_START = frozenset("~ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
HEADER_LINE = re.compile(r"^~?(?P<name>[A-Za-z][A-Za-z0-9.-]{0,40}):(?:[ \t]+(?P<value>.*))?$")
MBOX_FROM = re.compile(r"^>?From \S+(?:\s.*)?$")
ARTICLE_LINE = re.compile(r"^Article:?\s+\d+\s+of\s+[\w.+-]+:?\s*$")
ADDRESS = re.compile(r"[\w.+&!%-]+@[\w-]+(?:\.[\w-]+)+")
YEAR = re.compile(r"\b(19[7-9]\d|20\d\d)\b")
MAX_HEADER_LINES = 200
MAX_LINE = 2000


@dataclass
class Envelope:
    """What the transport of the first post says about it."""

    subject: str | None = None
    poster: str | None = None
    address: str | None = None
    newsgroups: list[str] = field(default_factory=list)
    summary: str | None = None
    year: int | None = None
    first_line: int | None = None
    blanked: int = 0
    # The post came through an anonymous remailer: its From names no one.
    anonymous: bool = False

    def fields(self) -> list[Field]:
        """The envelope as header fields, marked with where each was found."""
        found = []
        line = self.first_line
        if self.subject:
            found.append(Field("subject", "Subject", self.subject, line, source="subject"))
        if self.poster and not self.anonymous:
            found.append(Field("author", "From", self.poster, line, source="label"))
        if self.summary:
            found.append(Field("summary", "Summary", self.summary, line, source="label"))
        return found


def _header_name(line: str) -> str | None:
    """The lower-case name of a mail/news header line, or None."""
    if len(line) > MAX_LINE or ":" not in line[:45]:
        return None
    match = HEADER_LINE.match(line)
    if not match:
        return None
    name = match.group("name").casefold()
    if name in KNOWN_HEADERS or name.startswith("x-"):
        return name
    return None


def _block_end(lines: list[str], start: int) -> tuple[int, list[tuple[str, int]]]:
    """Read a header block from `start`; return where it ends and its (name, index) lines.

    The block is mbox/article lines, header lines and their indented continuations, ending at
    the first blank line or at a line of another shape.
    """
    names: list[tuple[str, int]] = []
    i = start
    limit = min(len(lines), start + MAX_HEADER_LINES)
    while i < limit:
        line = lines[i]
        if not line.strip():
            break
        name = _header_name(line)
        if name is not None:
            names.append((name, i))
        elif line[:1] in " \t" and names:
            pass  # a folded header value
        elif (i == start and (MBOX_FROM.match(line) or ARTICLE_LINE.match(line))) or (
            ARTICLE_LINE.match(line) and i == start + 1
        ):
            pass
        else:
            break
        i += 1
    return i, names


def _is_block(names: list[tuple[str, int]], *, top: bool) -> bool:
    """Enough headers to be transport: two (one a post header) inside a file, one at the top."""
    kinds = {n for n, _ in names}
    if top:
        return bool(kinds & KNOWN_HEADERS) and (len(names) >= 2 or bool(kinds & POST_HEADERS))
    return len(names) >= 2 and bool(kinds & POST_HEADERS)


def _looks_posted(lines: list[str], names: list[tuple[str, int]]) -> bool:
    """A post's headers, not a memo inside the story: an address or a news-only header."""
    return any(
        name in NEWS_ONLY or (name == "from" and "@" in lines[index]) for name, index in names
    )


def _value(lines: list[str], index: int) -> str:
    """A header's value with its folded continuation lines."""
    match = HEADER_LINE.match(lines[index])
    parts = [(match.group("value") or "") if match else ""]
    j = index + 1
    while j < len(lines) and lines[j][:1] in " \t" and lines[j].strip():
        parts.append(lines[j].strip())
        j += 1
    return " ".join(p.strip() for p in parts if p.strip())


def poster_name(value: str) -> tuple[str | None, str | None]:
    """The name and address of a `From:` value ("a@b.c (Name)", "Name <a@b.c>", "a@b.c")."""
    address = ADDRESS.search(value)
    name = ADDRESS.sub(" ", value)
    name = re.sub(r"[<>()\"\[\]]", " ", name)
    name = " ".join(name.split()).strip(" ,;")
    return (name or None), (address.group(0) if address else None)


# A From that names no one: a remailer's placeholder name or address.
NO_ONE = re.compile(r"(?i)^(?:anonymous|anon|nobody|unknown|an? anonymous \w+)$")
REMAILER_ADDRESS = re.compile(
    r"(?i)^(?:nobody|anon[\w.-]*|remailer[\w.-]*)@|@[\w.-]*(?:remailer|anon)"
)


def is_anonymous(poster: str | None, address: str | None) -> bool:
    """The From of a post sent through a remailer ("nobody@remailer.example (Anonymous)")."""
    if poster and NO_ONE.match(poster.strip()):
        return True
    return bool(address and REMAILER_ADDRESS.search(address))


# RFC 822's two-digit year, as 1990s news software wrote it: "Sun, 19 Jun 94 20:04:12".
SHORT_YEAR = re.compile(r"\b\d{1,2}[ -][A-Za-z]{3}[ -](\d\d)\b(?!:)")


def date_year(value: str) -> int | None:
    """The year of a Date header: four digits, or RFC 822's two (70-99 are 19xx)."""
    year = YEAR.search(value)
    if year:
        return int(year.group(1))
    short = SHORT_YEAR.search(value)
    if short is None:
        return None
    two = int(short.group(1))
    return 1900 + two if two >= 70 else 2000 + two


def _read_first(envelope: Envelope, lines: list[str], names: list[tuple[str, int]]) -> None:
    for name, index in names:
        value = _value(lines, index)
        if name == "subject" and envelope.subject is None and value:
            envelope.subject = value
        elif name == "from" and envelope.poster is None and envelope.address is None:
            envelope.poster, envelope.address = poster_name(value)
            envelope.anonymous = is_anonymous(envelope.poster, envelope.address)
        elif name == "newsgroups" and not envelope.newsgroups:
            envelope.newsgroups = [g.strip() for g in value.split(",") if g.strip()]
        elif name == "summary" and value and envelope.summary is None:
            envelope.summary = value
        elif name == "date" and envelope.year is None:
            envelope.year = date_year(value)
    if envelope.year is None:
        for name, index in names:
            if name == "date":
                continue
            year = YEAR.search(lines[index]) if index < len(lines) else None
            if year and lines[index].startswith("From "):
                envelope.year = int(year.group(1))


QUOTED = re.compile(r"^>(?!From )[ \t]?")
REPOST_SHARE = 0.7  # of the non-blank lines quoted with ">", for the quoting to be a repost's
REPOST_LINES = 8


def unquote_repost(text: str) -> str:
    """A story reposted as a quotation ("> " before every line, a friend's note above it) with
    one level of quoting taken off; text mostly unquoted comes back unchanged. The line count
    stays the same."""
    quoted_bound = text.count("\n>") + 1
    if quoted_bound < REPOST_LINES:
        return text  # a cheap first test: most texts quote nothing, or a line or two
    filled_bound = text.count("\n") + 1 - text.count("\n\n")  # blank lines are at least these
    if quoted_bound < REPOST_SHARE * filled_bound * 0.8:
        return text
    lines = text.split("\n")
    filled = quoted = 0
    for line in lines:
        if line.strip():
            filled += 1
            quoted += line[:1] == ">" and line[:6] != ">From "
    if quoted < REPOST_LINES or quoted < REPOST_SHARE * filled:
        return text
    return "\n".join([QUOTED.sub("", line, count=1) for line in lines])


def read_envelope(text: str) -> tuple[Envelope, str]:
    """Read the transport of `text`; return it and the text with every transport line blanked.

    The top block (after any blank lines) is read for its fields; later blocks that start a
    post (a `From:`/`Subject:`/`Path:` line among two or more headers after a blank line) are
    blanked too. Text without transport comes back unchanged.
    """
    envelope = Envelope()
    first, names = _top_block(text)
    if first is None or not _is_block(names, top=True):
        return envelope, text
    lines = text.split("\n")
    end, names = _block_end(lines, first)
    envelope.first_line = first + 1
    _read_first(envelope, lines, names)
    spans = [(first, end)]
    # A second block right under the first ("~Subject: ..." quoted from the post replied to).
    nxt = next((i for i in range(end, min(len(lines), end + 4)) if lines[i].strip()), None)
    if nxt is not None:
        end2, names2 = _block_end(lines, nxt)
        if names2 and all(lines[i].startswith("~") for _, i in names2):
            spans.append((nxt, end2))
    spans.extend(_later_blocks(lines, spans[-1][1]))
    for start, stop in spans:
        for i in range(start, stop):
            lines[i] = ""
            envelope.blanked += 1
    return envelope, "\n".join(lines)


HEAD_CUTS = (4000, (MAX_HEADER_LINES + 50) * 200)


def _top_block(text: str) -> tuple[int | None, list[tuple[str, int]]]:
    """The first non-blank line among the first 50 and the names of the header block there.

    Looked for in the head alone (most texts have no block, and are not split), a short head
    first: its answer stands when the block ends inside it (its lines are whole lines of the
    text), else the longer head is read.
    """
    first: int | None = None
    names: list[tuple[str, int]] = []
    for cut in HEAD_CUTS:
        whole = len(text) <= cut
        head = text.split("\n") if whole else text[:cut].split("\n")[:-1]
        first = next((i for i, line in enumerate(head[:50]) if line.strip()), None)
        if first is None:
            if whole or len(head) >= 50:
                return None, []
            continue
        end, names = _block_end(head, first)
        if whole or end < len(head):
            return first, names
    return first, names


def _later_blocks(lines: list[str], start: int) -> list[tuple[int, int]]:
    """Header blocks that start further posts in the same file (each after a blank line)."""
    spans = []
    i = start
    while i < len(lines):
        line = lines[i]
        previous_blank = i == 0 or not lines[i - 1].strip()
        if previous_blank and line[:1] in HEAD_START and (":" in line[:45] or line[:5] == "From "):
            end, names = _block_end(lines, i)
            if _is_block(names, top=False) and _looks_posted(lines, names):
                spans.append((i, end))
                i = max(end, i + 1)
                continue
        i += 1
    return spans
