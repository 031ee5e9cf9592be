"""A synthetic archive for the search benchmark: power-law tag popularity, varied texts and stats.

Works are written with bulk ORM inserts (the work-tag pairs with `executemany`, there are tens of
millions at a million works); the full-text documents are stored from the same generated text.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from django.db import connection, transaction

from ficarchive.search.backends import search_backend
from ficarchive.search.documents import WorkDocument
from ficarchive.search.indexing import changes_log
from ficarchive.search.models import IndexChange
from ficarchive.works.models import Authorship, Chapter, Creator, Tag, Work

RATINGS = ["General Audiences", "Teen And Up Audiences", "Mature", "Explicit", "Not Rated"]
RATING_WEIGHTS = [0.3, 0.3, 0.15, 0.15, 0.1]
WARNINGS = [
    "Creator Chose Not To Use Archive Warnings",
    "No Archive Warnings Apply",
    "Graphic Depictions Of Violence",
    "Major Character Death",
    "Rape/Non-Con",
    "Underage Sex",
]
WARNING_WEIGHTS = [0.4, 0.4, 0.1, 0.05, 0.03, 0.02]
CATEGORIES = ["Gen", "F/M", "M/M", "F/F", "Multi", "Other"]
CATEGORY_WEIGHTS = [0.3, 0.25, 0.3, 0.08, 0.05, 0.02]
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ra",
    "sen",
    "tor",
    "vel",
    "an",
    "is",
    "ur",
    "en",
    "dra",
    "mor",
    "fin",
    "gal",
    "hes",
    "pri",
    "tam",
    "wen",
    "yor",
]
LANGUAGES = ["en"] * 18 + ["fr", "de"]
RATING_CDF = np.cumsum(RATING_WEIGHTS)
WARNING_CDF = np.cumsum(WARNING_WEIGHTS)
CATEGORY_CDF = np.cumsum(CATEGORY_WEIGHTS)
BATCH = 5000
# The columns the benchmark fills; the rest take their field defaults.
WORK_COLUMNS = (
    "id", "title", "summary", "language", "expected_chapters", "word_count", "published_at",
    "updated_at", "restricted", "kudos_count", "hits", "comments_count", "bookmarks_count",
)  # fmt: skip
START = datetime(2008, 1, 1, tzinfo=UTC)


def _words(count: int, rng: random.Random) -> list[str]:
    made: list[str] = []
    seen: set[str] = set()
    while len(made) < count:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            made.append(word)
    return made


def _zipf_weights(n: int, exponent: float = 1.0) -> np.ndarray:
    """Cumulative power-law weights (rank r drawn with probability proportional to 1/r^exponent)."""
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return np.cumsum(weights / weights.sum())


def _draw(nrng, cumulative: np.ndarray, size=None):
    """Ranks drawn from cumulative weights (much faster than choice(p=...) called per work)."""
    picks = np.searchsorted(cumulative, nrng.random(size), side="right")
    return np.minimum(picks, len(cumulative) - 1)


@dataclass
class SyntheticArchive:
    """What was generated: tag names by type (most popular first) and the vocabulary."""

    works: int
    vocabulary: list[str]
    tags: dict[str, list[str]] = field(default_factory=dict)
    tag_ids: dict[str, int] = field(default_factory=dict)
    tag_names: dict[int, str] = field(default_factory=dict)
    next_id: int = 1
    inserts: dict[str, _RawInsert] = field(default_factory=dict)
    bodies: bool = True


def _tag_names(rng: random.Random, works: int) -> dict[str, list[str]]:
    """Tag names by type, most popular first: the fixed vocabularies and generated ones."""
    n_fandoms = max(20, works // 500)
    names = {
        "rating": RATINGS,
        "warning": WARNINGS,
        "category": CATEGORIES,
        "fandom": [f"{w.title()} Saga" for w in _words(n_fandoms, rng)],
        "character": [
            f"{a.title()} {b.title()}"
            for a, b in zip(_words(n_fandoms * 8, rng), _words(n_fandoms * 8, rng), strict=True)
        ],
        "relationship": [],
        "freeform": [f"{w.title()} Feelings" for w in _words(max(200, works // 20), rng)],
    }
    chars = names["character"]
    names["relationship"] = [
        f"{chars[i]}/{chars[i + 1 if i % 8 < 7 else i - 1]}" for i in range(0, len(chars), 2)
    ][: n_fandoms * 4]
    return names


def _tags_write(archive: SyntheticArchive) -> dict[str, np.ndarray]:
    """Store the archive's tags; their ids by type, in the order of `archive.tags`."""
    with transaction.atomic():
        Tag.objects.bulk_create(
            [Tag(name=n, type=t, canonical=True) for t, ns in archive.tags.items() for n in ns],
            batch_size=2000,
            ignore_conflicts=True,  # the fixed vocabularies may exist already; names may repeat
        )
    archive.tag_ids = {n.casefold(): i for n, i in Tag.objects.values_list("name", "id")}
    archive.tag_names = {i: n for n, i in Tag.objects.values_list("name", "id")}
    return {
        t: np.array([archive.tag_ids[n.casefold()] for n in ns]) for t, ns in archive.tags.items()
    }


def _raw_inserts() -> dict[str, _RawInsert]:
    return {
        "work": _RawInsert(Work, [*WORK_COLUMNS]),
        "chapter": _RawInsert(Chapter, ["work_id", "position", "body_html", "word_count"]),
        "authorship": _RawInsert(Authorship, ["work_id", "creator_id", "position"]),
    }


def archive_generate(
    *,
    works: int,
    seed: int = 7,
    bodies: bool = True,
    progress: Callable[[int, int], object] | None = None,
    write: bool = True,
) -> SyntheticArchive:
    """Write `works` synthetic works (with tags, creators, one chapter each) and index their text.

    With `write=False`, only describe the archive the same arguments wrote before (to reuse it).
    """
    rng = random.Random(seed)
    vocabulary = _words(20_000, rng)
    archive = SyntheticArchive(works=works, vocabulary=vocabulary, bodies=bodies)
    archive.tags = _tag_names(rng, works)
    if not write:
        archive.tag_ids = {n.casefold(): i for n, i in Tag.objects.values_list("name", "id")}
        return archive
    ids = _tags_write(archive)
    creators = Creator.objects.bulk_create(
        [Creator(name=f"writer{i}") for i in range(max(10, works // 5))], batch_size=5000
    )
    draws = _Draws(
        rng=rng,
        nrng=np.random.default_rng(seed),
        tag_ids=ids,
        fandom_p=_zipf_weights(len(archive.tags["fandom"]), 1.1),
        freeform_p=_zipf_weights(len(archive.tags["freeform"]), 1.0),
        word_p=_zipf_weights(len(vocabulary), 1.05),
        creators=creators,
        creator_p=_zipf_weights(len(creators), 0.8),
    )
    archive.next_id = (Work.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    archive.inserts = _raw_inserts()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -1000000")  # 1 GB: index inserts stay in memory
    for start in range(0, works, BATCH):
        count = min(BATCH, works - start)
        _batch_store(archive, _batch_rows(archive, draws, count))
        if progress:
            progress(start + count, works)
    changes_log(kind=IndexChange.Kind.ALL)
    return archive


def _texts(nrng, archive, word_p, count: int, low: int, high: int) -> list[str]:
    """`count` texts of `low`..`high` words drawn from the power-law vocabulary, in one draw."""
    lengths = nrng.integers(low, high + 1, count)
    vocabulary = archive.vocabulary
    words = [vocabulary[i] for i in _draw(nrng, word_p, int(lengths.sum())).tolist()]
    ends = np.cumsum(lengths).tolist()
    starts = [0, *ends[:-1]]
    return [" ".join(words[a:b]) for a, b in zip(starts, ends, strict=True)]


class _RawInsert:
    """INSERT rows into a model's table, every other column set to its field default.

    Thousands of model instances per second is too slow for a million works; this writes the
    same rows the ORM would, with the defaults prepared once.
    """

    def __init__(self, model, columns: list[str]) -> None:
        self.columns = columns
        self.defaults = []
        for model_field in model._meta.concrete_fields:
            if model_field.primary_key or model_field.column in columns:
                continue
            if getattr(model_field, "auto_now", False) or getattr(
                model_field, "auto_now_add", False
            ):
                value = model_field.pre_save(model(), add=True)
            else:
                value = model_field.get_default()
            self.defaults.append(
                (model_field.column, model_field.get_db_prep_save(value, connection))
            )
        names = [*columns, *(c for c, _ in self.defaults)]
        self.sql = (
            f"INSERT INTO {model._meta.db_table} ({', '.join(names)})"
            f" VALUES ({', '.join(['%s'] * len(names))})"
        )
        self.tail = tuple(v for _, v in self.defaults)

    def write(self, rows: list[tuple]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, [(*row, *self.tail) for row in rows])


def _when(moment: datetime):
    if connection.vendor == "sqlite":
        return str(moment.replace(tzinfo=None))  # how Django stores aware datetimes in SQLite
    return moment


@dataclass
class _Draws:
    """What every batch draws from: the random sources, the tag ids by type and the power-law
    weights of fandoms, freeform tags, words and creators."""

    rng: random.Random
    nrng: np.random.Generator
    tag_ids: dict[str, np.ndarray]
    fandom_p: np.ndarray
    freeform_p: np.ndarray
    word_p: np.ndarray
    creators: list[Creator]
    creator_p: np.ndarray


@dataclass
class _Rows:
    """One batch, as rows of each table and the search documents."""

    works: list[tuple[Any, ...]] = field(default_factory=list)
    chapters: list[tuple[Any, ...]] = field(default_factory=list)
    authors: list[tuple[Any, ...]] = field(default_factory=list)
    pairs: list[tuple[int, int]] = field(default_factory=list)
    documents: list[WorkDocument] = field(default_factory=list)


def _batch_columns(archive: SyntheticArchive, draws: _Draws, count: int) -> dict[str, list[Any]]:
    """Every per-work random value of a batch, drawn column by column (numpy, one call each)."""
    nrng, ids = draws.nrng, draws.tag_ids
    kudos = nrng.lognormal(3.0, 1.5, count).astype(np.int64)
    updated = nrng.integers(0, 16 * 365 * 86400, count)
    published = updated - nrng.integers(0, 400 * 86400, count)
    columns: dict[str, list[Any]] = {
        "updated": updated.tolist(),
        "published": published.tolist(),
        "fandom_a": _draw(nrng, draws.fandom_p, count).tolist(),
        "fandom_b": _draw(nrng, draws.fandom_p, count).tolist(),
        "crossover": (nrng.random(count) < 0.1).tolist(),
        "rating": ids["rating"][_draw(nrng, RATING_CDF, count)].tolist(),
        "warning": ids["warning"][_draw(nrng, WARNING_CDF, count)].tolist(),
        "category": ids["category"][_draw(nrng, CATEGORY_CDF, count)].tolist(),
        "target": np.clip(nrng.lognormal(2.5, 0.6, count), 5, 40).astype(int).tolist(),
        "freeform": ids["freeform"][_draw(nrng, draws.freeform_p, 40 * count)].tolist(),
    }
    columns["title"] = [t.title() for t in _texts(nrng, archive, draws.word_p, count, 1, 4)]
    columns["summary"] = _texts(nrng, archive, draws.word_p, count, 15, 60)
    columns["body"] = (
        _texts(nrng, archive, draws.word_p, count, 50, 2500) if archive.bodies else [""] * count
    )
    columns["words"] = nrng.integers(100, 100_000, count).tolist()
    multiplier = nrng.integers(5, 40, count)
    columns["comments"] = (kudos * nrng.random(count) / 2).astype(np.int64).tolist()
    columns["bookmarks"] = (kudos * nrng.random(count) / 3).astype(np.int64).tolist()
    columns["hits"] = (kudos * multiplier).tolist()
    columns["kudos"] = kudos.tolist()
    columns["creator"] = _draw(nrng, draws.creator_p, count).tolist()
    return columns


def _work_tags(draws: _Draws, columns: dict[str, list[Any]], n: int) -> list[int]:
    """The tag ids of the batch's `n`th work: rating, warning, category, its fandoms with some of
    their characters and relationships, then freeform tags up to its target count."""
    rng, ids = draws.rng, draws.tag_ids
    a, b = columns["fandom_a"][n], columns["fandom_b"][n]
    fandoms = {a, b} if columns["crossover"][n] else {a}
    tags = [columns["rating"][n], columns["warning"][n], columns["category"][n]]
    for f in fandoms:
        tags.append(int(ids["fandom"][f]))
        tags += [int(ids["character"][f * 8 + c]) for c in rng.sample(range(8), rng.randint(1, 4))]
        tags += [
            int(ids["relationship"][f * 4 + r]) for r in rng.sample(range(4), rng.randint(0, 2))
        ]
    extra = columns["target"][n] - len(tags)
    if extra > 0:
        tags += list(dict.fromkeys(columns["freeform"][n * 40 : n * 40 + extra]))
    return tags


def _batch_rows(archive: SyntheticArchive, draws: _Draws, count: int) -> _Rows:
    """The next `count` works as rows, with ids following the archive's last."""
    rng, columns, rows = draws.rng, _batch_columns(archive, draws, count), _Rows()
    first_id = archive.next_id
    archive.next_id += count
    for n in range(count):
        wid, tags, body = first_id + n, _work_tags(draws, columns, n), columns["body"][n]
        word_count = len(body.split()) if body else columns["words"][n]
        expected = rng.choice([1, 1, 1, 3, 10, None])
        language = rng.choice(LANGUAGES)
        posted = START + timedelta(seconds=int(columns["published"][n]))
        updated = START + timedelta(seconds=int(columns["updated"][n]))
        rows.works.append(
            (
                *(wid, columns["title"][n], columns["summary"][n], language, expected, word_count),
                *(_when(posted), _when(updated), rng.random() < 0.05),
                *(columns[name][n] for name in ("kudos", "hits", "comments", "bookmarks")),
            )
        )
        rows.chapters.append((wid, 1, f"<p>{body}</p>", word_count))
        creator = draws.creators[columns["creator"][n]]
        rows.authors.append((wid, creator.pk, 0))
        rows.pairs += [(wid, t) for t in tags]
        rows.documents.append(
            WorkDocument(
                id=wid,
                title=columns["title"][n],
                creators=creator.name,
                tags=" ; ".join(archive.tag_names[t] for t in tags),
                summary=columns["summary"][n],
                notes="",
                body=body,
            )
        )
    return rows


def _batch_store(archive: SyntheticArchive, rows: _Rows) -> None:
    """Write one batch's rows and index its text, in one transaction."""
    through = Work.tags.through._meta.db_table
    with transaction.atomic():
        archive.inserts["work"].write(rows.works)
        archive.inserts["chapter"].write(rows.chapters)
        archive.inserts["authorship"].write(rows.authors)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {through} (work_id, tag_id) VALUES (%s, %s)", rows.pairs
            )
        search_backend().documents_store(rows.documents)
