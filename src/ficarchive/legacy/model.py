"""The result of reading a legacy story: plain dataclasses, no Django.

`ParsedWork.to_json()` gives the object of the `ficarchive parse --json` contract (DESIGN.md).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

BlockKind = Literal["paragraph", "verse", "break", "heading"]
Permission = Literal["yes", "ask", "no", "unknown"]
# Where a field's value was found (DESIGN.md, `provenance` in the parse contract).
ProvenanceSource = Literal[
    "label",
    "subject",
    "byline",
    "title-line",
    "prose",
    "newsgroup",
    "front-matter",
    "page-title",
    "inferred",
]
# Below this, a field is shown first for an archivist to check.
UNCERTAIN_BELOW = 0.7


@dataclass(slots=True)
class Block:
    """One piece of a story body. Verse keeps its lines separated by newlines."""

    kind: BlockKind
    text: str = ""


@dataclass
class Series:
    title: str
    part: int | None = None


@dataclass
class ChapterNumber:
    number: int | None = None
    total: int | None = None


@dataclass
class Distribution:
    text: str | None = None
    archives: list[str] = field(default_factory=list)
    permission: Permission = "unknown"


@dataclass
class Feedback:
    text: str | None = None
    wanted: bool | None = None


@dataclass
class Song:
    artist: str | None = None
    title: str | None = None
    album: str | None = None


@dataclass
class Diagnostic:
    level: Literal["info", "warning", "error"]
    message: str
    line: int | None = None


@dataclass
class Provenance:
    """Where one field's value came from and how sure the reader is of it (0 to 1)."""

    source: ProvenanceSource
    confidence: float


@dataclass
class ParsedChapter:
    """A chapter found inside one file (a file may hold several).

    Readers of whole archives (the rescue) also give what a chapter of an old site carried:
    its body as HTML when links, images and emphasis are worth keeping (`html`, sanitized
    again when stored; `blocks` still give its words), its own notes and end notes, and the
    names of its writers when they differ from the work's (round robins).
    """

    title: str | None
    blocks: list[Block] = field(default_factory=list)
    html: str | None = None
    notes: str | None = None
    end_notes: str | None = None
    authors: list[str] = field(default_factory=list)


@dataclass
class ParsedWork:
    source: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    rating: str = "Not Rated"
    rating_original: str | None = None
    fandoms: list[str] = field(default_factory=list)
    relationships: list[str] = field(default_factory=list)
    relationships_original: list[str] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    freeform: list[str] = field(default_factory=list)
    summary: str | None = None
    notes: str | None = None
    end_notes: str | None = None
    disclaimer: str | None = None
    spoilers: str | None = None
    series: Series | None = None
    chapter: ChapterNumber | None = None
    distribution: Distribution = field(default_factory=Distribution)
    feedback: Feedback = field(default_factory=Feedback)
    language: str | None = None
    word_count: int = 0
    blocks: list[Block] = field(default_factory=list)
    chapters: list[ParsedChapter] = field(default_factory=list)
    songs: list[Song] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Header fields with no home above (Beta, Dedication, Status, ...), by canonical label.
    extra: dict[str, str] = field(default_factory=dict)
    # For each filled field (by its contract name), where it was found and how sure we are.
    provenance: dict[str, Provenance] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        """True when the file could not be read as a story at all."""
        return any(d.level == "error" for d in self.diagnostics)

    def note_source(self, name: str, source: ProvenanceSource, confidence: float) -> None:
        """Record where field `name` was found; the more certain of two records wins."""
        known = self.provenance.get(name)
        if known is None or confidence >= known.confidence:
            self.provenance[name] = Provenance(source, max(0.0, min(1.0, confidence)))

    def uncertain_fields(self, below: float = UNCERTAIN_BELOW) -> list[str]:
        """The filled fields the reader is least sure of, least sure first."""
        doubtful = [(p.confidence, n) for n, p in self.provenance.items() if p.confidence < below]
        return [name for _, name in sorted(doubtful)]

    def to_json(self) -> dict:
        """The `ficarchive parse --json` object (DESIGN.md contract)."""
        data = asdict(self)
        blocks = data.pop("blocks")
        chapters = data.pop("chapters")
        data["body"] = {"blocks": blocks, "chapters": chapters}
        return data
