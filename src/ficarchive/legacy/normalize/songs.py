"""Song credits from the notes of a songfic: artist, title and album when the notes name them.

"The song used is by Beverly Craven and can be found on her album “Mixed Emotions”", "Lyrics
are from "Hallelujah" by Leonard Cohen", "the lyrics belong to X ("Angel", from the album Y)".
"""

from __future__ import annotations

import re

from ficarchive.legacy.model import Song

# A quoted name: curly or straight double quotes, or curly single quotes (not apostrophes).
QUOTED = r"(?:“(?P<{0}1>[^”]{{1,80}})”|\"(?P<{0}2>[^\"]{{1,80}})\"|‘(?P<{0}3>[^’]{{1,80}})’)"
NAME = r"[A-Z0-9][\w.'’&\-]*(?:\s+(?:[A-Z0-9&][\w.'’&\-]*|of|the|and|de|van|von|y|la|le))*"
ARTIST = re.compile(
    rf"(?:\bby|\bbelongs? to|\bproperty of|\bowned by|\bsung by|\bperformed by)\s+"
    rf"(?:the\s+(?:band|group|singer|artist)\s+)?(?P<artist>{NAME})"
)
SONG_WORD = re.compile(r"(?i)\b(?:song|songs|lyrics|music|songfic|track|tune|ballad)\b")
ALBUM = re.compile(
    rf"(?i)\balbum\s*,?\s*(?:called\s+|entitled\s+|titled\s+)?(?:{QUOTED.format('a')}|(?P<bare>[A-Z][\w'’]*(?:\s+[A-Z][\w'’]*)*))"
    rf"|{QUOTED.format('b')}\s+album"
)
SONG_TITLE = re.compile(
    rf"(?i)\b(?:song|tune|track|lyrics|songfic)\b[^.\"“‘]{{0,40}}?(?:is|was|called|entitled|titled|from|to|of|:)?\s*{QUOTED.format('t')}"
    rf"|{QUOTED.format('u')}\s*(?:,\s*)?(?:is\s+|was\s+)?(?:by|from|belongs)\s"
)


def _quoted(match: re.Match, prefix: str) -> str | None:
    for n in (1, 2, 3):
        value = match.groupdict().get(f"{prefix}{n}")
        if value:
            return value.strip()
    return None


def read_songs(texts: list[str]) -> list[Song]:
    """Songs credited in the given texts (notes, summary, song fields)."""
    songs: list[Song] = []
    for text in texts:
        if not text:
            continue
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text):
            if not SONG_WORD.search(sentence) and not re.search(r"(?i)\balbum\b", sentence):
                continue
            song = _song(sentence)
            if song and song not in songs:
                songs.append(song)
    return songs


def read_song_field(value: str) -> Song | None:
    """A "Song:" header value: '"Title" by Artist' or 'Artist - Title'."""
    value = value.strip()
    song = _song(value if SONG_WORD.search(value) else "song " + value)
    if song and (song.artist or song.title):
        return song
    dash = re.match(r"^(?P<artist>[^-–—]+?)\s+[-–—]\s+(?P<title>.+)$", value)
    if dash:
        return Song(
            artist=dash.group("artist").strip('"“” '), title=dash.group("title").strip('"“” .')
        )
    return Song(title=value.strip('"“” .')) if value else None


def _song(sentence: str) -> Song | None:
    artist = None
    for match in ARTIST.finditer(sentence):
        candidate = re.sub(r"\s+(?:and|&)$", "", match.group("artist").strip(" .,'’"))
        if candidate and not candidate.casefold().startswith(
            ("her ", "his ", "their ", "the album")
        ):
            artist = re.split(r"\s+(?:and can|and is|and was|on|off|from)\b", candidate)[0].strip()
            break
    album = None
    album_match = ALBUM.search(sentence)
    if album_match:
        album = _quoted(album_match, "a") or _quoted(album_match, "b") or album_match.group("bare")
    title = None
    title_match = SONG_TITLE.search(sentence)
    if title_match:
        title = _quoted(title_match, "t") or _quoted(title_match, "u")
    if title and album and title == album:
        title = None
    if not (artist or title or album):
        return None
    return Song(artist=artist, title=title, album=album)
