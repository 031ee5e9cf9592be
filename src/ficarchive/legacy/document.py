"""The text a source layout hands to the header and body rules."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Field:
    """One header field as read: canonical label, the label as written, value, source line."""

    name: str
    label: str
    value: str
    line: int | None = None
    # The bracket still to close when the field opened with one ("[A/N: ... ]" over several lines).
    closer: str | None = None
    # Where the value was found, for `ParsedWork.provenance` (a `ProvenanceSource` name).
    source: str = "label"
    # One item of a list the source gave as a list (a YAML `tags:` entry): never split further.
    item: bool = False
    # How sure the rule that found the value is (None: the source's usual confidence).
    confidence: float | None = None


@dataclass
class Document:
    """Lines of text ("" separates paragraphs) with source line numbers and layout knowledge.

    A source that knows its layout sets `header_end` (index of the first body line; everything
    before is header) and may add `fields` it read from page furniture (a page title, a footer).
    """

    layout: str
    lines: list[str]
    numbers: list[int]
    headings: set[int] = field(default_factory=set)
    header_end: int | None = None
    fields: list[Field] = field(default_factory=list)
    categories_are_fandoms: bool = False
    # Fandom, relationship and character values are an archive's own tags (AO3 front matter):
    # keep them as written rather than respelling them from the knowledge base.
    tags_as_written: bool = False
    notes: list[str] = field(default_factory=list)
    # Why the layout refused the text (too much markup to parse safely); None when it did not.
    error: str | None = None

    @classmethod
    def from_text(cls, layout: str, text: str) -> Document:
        """A document of plain text lines numbered from 1."""
        lines = text.split("\n")
        return cls(layout=layout, lines=lines, numbers=list(range(1, len(lines) + 1)))
