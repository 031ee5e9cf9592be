"""Song credits from the notes of a songfic: artist, title and album when the notes name them."""

from __future__ import annotations

import re

from ficarchive.legacy.model import Song

Q = "\"“”'‘’"
NAME = r"[A-Z0-9][\w.'’&\-]*(?:\s+(?:[A-Z0-9&][\w.'’&\-]*|of|the|and|de|van|von|y|la|le))*"
BY_ARTIST = re.compile(
    rf"(?:\bby|\bfrom)\s+(?:the\s+(?:band|group|singer|artist)\s+)?(?P<artist>{NAME})"
)
QUOTED = re.compile(rf"[{Q}](?P<text>[^{Q}]{{1,80}}?)[{Q}]")
SONG_WORD = re.compile(r"(?i)\b(?:song|songs|lyrics|music|songfic|track|tune|ballad)\b")
ALBUM = re.compile(
    rf"(?i)\balbum\s*,?\s*(?:called\s+|entitled\s+|titled\s+)?[{Q}](?P<album>[^{Q}]{{1,80}})[{Q}]|[{Q}](?P<album2>[^{Q}]{{1,80}})[{Q}]\s+album"
)
SONG_TITLE = re.compile(
    rf"(?i)\b(?:song|tune|track)\b[^.{Q}]{{0,40}}?\b(?:is|was|called|entitled|titled)\s*:?\s*[{Q}](?P<title3>[^{Q}]{{1,80}})[{Q}]|\bsong\s*(?:is|was|called|entitled|titled|used is|used was)?\s*:?\s*[{Q}](?P<title>[^{Q}]{{1,80}})[{Q}]|[{Q}](?P<title2>[^{Q}]{{1,80}})[{Q}]\s+(?:is\s+|was\s+)?(?:by|from)\s+[A-Z]"
)


def read_songs(texts: list[str]) -> list[Song]:
    """Songs credited in the given texts (notes, summary, song fields)."""
    songs: list[Song] = []
    for text in texts:
        if not text:
            continue
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text):
            if not SONG_WORD.search(sentence) and not ALBUM.search(sentence):
                continue
            song = _song(sentence)
            if song and song not in songs:
                songs.append(song)
    return songs


def read_song_field(value: str) -> Song | None:
    """A "Song:" header value: '"Title" by Artist' or 'Artist - Title'."""
    value = value.strip()
    song = _song("song " + value if not SONG_WORD.search(value) else value)
    if song and (song.artist or song.title):
        return song
    dash = re.match(r"^(?P<artist>[^-–—]+?)\s+[-–—]\s+(?P<title>.+)$", value)
    if dash:
        return Song(
            artist=dash.group("artist").strip(Q + " "), title=dash.group("title").strip(Q + " .")
        )
    return Song(title=value.strip(Q + " .")) if value else None


def _song(sentence: str) -> Song | None:
    artist = None
    for match in BY_ARTIST.finditer(sentence):
        candidate = match.group("artist").strip(" .,'’")
        candidate = re.sub(r"\s+(?:and|&)$", "", candidate)
        if candidate and not candidate.casefold().startswith(
            ("her ", "his ", "their ", "the album")
        ):
            artist = re.split(r"\s+(?:and can|and is|and was|on|off|from)\b", candidate)[0].strip()
            break
    album_match = ALBUM.search(sentence)
    album = (
        (album_match.group("album") or album_match.group("album2")).strip() if album_match else None
    )
    title_match = SONG_TITLE.search(sentence)
    title = None
    if title_match:
        title = (
            title_match.group("title3")
            or title_match.group("title")
            or title_match.group("title2")
            or ""
        ).strip() or None
    if title and album and title == album:
        title = None
    if not (artist or title or album):
        return None
    return Song(artist=artist, title=title, album=album)
