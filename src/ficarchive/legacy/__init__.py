"""Read legacy fan-fiction files into `ParsedWork` objects. Imports nothing from Django."""

from ficarchive.legacy.model import (
    Block,
    ChapterNumber,
    Diagnostic,
    Distribution,
    Feedback,
    ParsedChapter,
    ParsedWork,
    Series,
    Song,
)
from ficarchive.legacy.reader import parse_bytes, parse_file

__all__ = [
    "Block",
    "ChapterNumber",
    "Diagnostic",
    "Distribution",
    "Feedback",
    "ParsedChapter",
    "ParsedWork",
    "Series",
    "Song",
    "parse_bytes",
    "parse_file",
]
