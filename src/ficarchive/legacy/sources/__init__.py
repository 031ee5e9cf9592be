"""Source layouts, registered by name. Each module has `NAME`, `detect(text, filename)` and
`parse(text, filename)` (the file name helps a few layouts, such as a LaTeX chapter's number).

The registry is tried in order; the first layout whose `detect` says yes parses the text. Plain
text is last and always says yes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ficarchive.legacy.document import Document
from ficarchive.legacy.htmltext import MarkupRefused
from ficarchive.legacy.sources import (
    ao3_download,
    ao3_page,
    ao3_text,
    archive_text,
    efiction,
    epub_capture,
    ffnet,
    ffnet_text,
    front_matter,
    html_page,
    latex,
    livejournal,
    markdown,
    perl_page,
    plain,
)


@dataclass(frozen=True)
class Source:
    """One layout: how to recognise it and how to turn its text into a `Document`."""

    name: str
    detect: Callable[[str, str], bool]
    parse: Callable[[str, str], Document]


REGISTRY: dict[str, Source] = {}


def register(module) -> None:
    """Add a source module to the registry (after the ones already there)."""
    REGISTRY[module.NAME] = Source(module.NAME, module.detect, _refusing(module.NAME, module.parse))


def _refusing(name: str, parse: Callable[[str, str], Document]) -> Callable[[str, str], Document]:
    """`parse`, with markup too large to parse safely turned into a refusing `Document`."""

    def read(text: str, filename: str = "") -> Document:
        try:
            return parse(text, filename)
        except MarkupRefused as exc:
            return Document(name, [], [], error=f"not read: {exc}")

    return read


for _module in (
    front_matter,
    markdown,
    latex,
    perl_page,
    epub_capture,
    ao3_download,
    ao3_page,
    ffnet,
    ffnet_text,
    ao3_text,
    efiction,
    livejournal,
    html_page,
    archive_text,
    plain,
):
    register(_module)


def choose(text: str, filename: str = "") -> Source:
    """The first registered layout that recognises `text`."""
    for source in REGISTRY.values():
        if source.detect(text, filename):
            return source
    return REGISTRY[plain.NAME]
