"""Entry points of the legacy reader. The parser helper replaces this first, minimal version."""

from __future__ import annotations

from pathlib import Path

from ficarchive.legacy.model import Block, Diagnostic, ParsedChapter, ParsedWork


def parse_bytes(data: bytes, source: str) -> ParsedWork:
    """Read one story file's bytes; never raises, problems become diagnostics."""
    work = ParsedWork(source=source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    if not paragraphs:
        work.diagnostics.append(Diagnostic("error", "the file holds no text"))
        return work
    work.title = Path(source).stem
    work.blocks = [Block("paragraph", p) for p in paragraphs]
    work.chapters = [ParsedChapter(title=None, blocks=list(work.blocks))]
    work.word_count = sum(len(p.split()) for p in paragraphs)
    return work


def parse_file(path: str | Path) -> ParsedWork:
    """Read one story file from disk; never raises."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        work = ParsedWork(source=str(path))
        work.diagnostics.append(Diagnostic("error", f"cannot read the file: {exc.strerror}"))
        return work
    return parse_bytes(data, str(path))
