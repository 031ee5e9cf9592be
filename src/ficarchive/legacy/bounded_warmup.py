"""Loaded once into the fork server of `bounded`: reading one small story there loads the
reader's knowledge (fandoms, label synonyms), so every child forked from it starts warm."""

from ficarchive.legacy.reader import parse_bytes

parse_bytes(
    b"Title: Warm-up\nAuthor: The Archive\nRating: G\n\nA few words to read, and nothing more.\n",
    "warm-up.txt",
)
