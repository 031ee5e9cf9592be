"""eFiction's stored values as Python values: numbers, id lists, dates, texts.

eFiction showed every text through `stripslashes`, so stored magic-quote backslashes go; its
admin backup quotes every value ("7"), so numbers are read from text as well.
"""

from __future__ import annotations

from datetime import UTC, datetime

from ficarchive.rescue.text import one_line, plain_text, value_text


def num(value) -> int | None:
    """An integer from 7, b"7", "7 " or "0007"; None for anything else."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    if isinstance(value, str):
        value = value.strip()
        if value.lstrip("-").isdigit():
            return int(value)
    return None


def key(value) -> str:
    """An id as the rescue keys it: "7" for 7, b"7" and "007"; the text itself otherwise."""
    number = num(value)
    return str(number) if number is not None else value_text(value).strip()


def ids(value) -> list[str]:
    """A comma list of ids ("2,9,16") as keys, blanks and zeros left out, order kept."""
    text = value_text(value)
    out = []
    for part in text.split(","):
        part = part.strip()
        if part and part not in ("0", "-1") and part not in out:
            out.append(key(part))
    return out


def names(value) -> list[str]:
    """A comma list of names (eFiction 1.x/2.0 kept genre, warning and character names)."""
    return [n for n in (one_line(p) for p in field(value).split(",")) if n]


def when(value) -> datetime | None:
    """A date from "2004-03-12 21:40:00", "2004-03-12" or a Unix time; None for "0000-00-00"."""
    if value is None:
        return None
    number = num(value)
    if number is not None and number > 100000:
        return datetime.fromtimestamp(number, tz=UTC)
    text = value_text(value).strip()
    if not text or text.startswith("0000"):
        return None
    for size, fmt in ((19, "%Y-%m-%d %H:%M:%S"), (10, "%Y-%m-%d")):
        try:
            return datetime.strptime(text[:size], fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def field(value) -> str:
    """A stored text as the site showed it: decoded on its own, backslashes stripped."""
    return value_text(value, slashes=True)


def short(value) -> str:
    """A title or a name: markup and entities resolved, on one line."""
    return one_line(field(value))


def prose(value) -> str:
    """A summary or notes: markup and entities resolved, paragraphs kept."""
    return plain_text(field(value))


def flag(value) -> bool:
    """eFiction's '1'/'0' flags (validated, completed, rr)."""
    return (num(value) or 0) > 0
