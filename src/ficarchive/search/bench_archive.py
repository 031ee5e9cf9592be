"""A synthetic archive for the search benchmark: power-law tag popularity, varied texts and stats.

Works are written with bulk ORM inserts (the work-tag pairs with `executemany`, there are tens of
millions at a million works); the full-text documents are stored from the same generated text.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

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
    inserts: dict = field(default_factory=dict)
    bodies: bool = True


def archive_generate(
    *, works: int, seed: int = 7, bodies: bool = True, progress=None, write: bool = True
) -> SyntheticArchive:
    """Write `works` synthetic works (with tags, creators, one chapter each) and index their text.

    With `write=False`, only describe the archive the same arguments wrote before (to reuse it).
    """
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    vocabulary = _words(20_000, rng)
    word_p = _zipf_weights(len(vocabulary), 1.05)
    archive = SyntheticArchive(works=works, vocabulary=vocabulary, bodies=bodies)
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
    archive.tags = names
    if not write:
        archive.tag_ids = {n.casefold(): i for n, i in Tag.objects.values_list("name", "id")}
        return archive
    with transaction.atomic():
        Tag.objects.bulk_create(
            [Tag(name=n, type=t, canonical=True) for t, ns in names.items() for n in ns],
            batch_size=2000,
            ignore_conflicts=True,  # the fixed vocabularies may exist already; names may repeat
        )
    archive.tag_ids = {n.casefold(): i for n, i in Tag.objects.values_list("name", "id")}
    archive.tag_names = {i: n for n, i in Tag.objects.values_list("name", "id")}
    ids = {t: np.array([archive.tag_ids[n.casefold()] for n in ns]) for t, ns in names.items()}
    fandom_p = _zipf_weights(n_fandoms, 1.1)
    freeform_p = _zipf_weights(len(names["freeform"]), 1.0)
    creators = Creator.objects.bulk_create(
        [Creator(name=f"writer{i}") for i in range(max(10, works // 5))], batch_size=5000
    )
    creator_p = _zipf_weights(len(creators), 0.8)
    backend = search_backend()
    through = Work.tags.through._meta.db_table
    archive.next_id = (Work.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    archive.inserts = {
        "work": _RawInsert(
            Work,
            [
                "id",
                "title",
                "summary",
                "language",
                "expected_chapters",
                "word_count",
                "published_at",
                "updated_at",
                "restricted",
                "kudos_count",
                "hits",
                "comments_count",
                "bookmarks_count",
            ],
        ),
        "chapter": _RawInsert(Chapter, ["work_id", "position", "body_html", "word_count"]),
        "authorship": _RawInsert(Authorship, ["work_id", "creator_id", "position"]),
    }
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -1000000")  # 1 GB: index inserts stay in memory
    for start in range(0, works, BATCH):
        count = min(BATCH, works - start)
        _batch_write(
            count,
            rng,
            nrng,
            archive,
            ids,
            fandom_p,
            freeform_p,
            word_p,
            creators,
            creator_p,
            backend,
            through,
        )
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


def _batch_write(
    count,
    rng,
    nrng,
    archive,
    ids,
    fandom_p,
    freeform_p,
    word_p,
    creators,
    creator_p,
    backend,
    through,
) -> None:
    first_id = archive.next_id
    archive.next_id += count
    kudos = nrng.lognormal(3.0, 1.5, count).astype(np.int64)
    updated = nrng.integers(0, 16 * 365 * 86400, count)
    published = updated - nrng.integers(0, 400 * 86400, count)
    fandom_a = _draw(nrng, fandom_p, count).tolist()
    fandom_b = _draw(nrng, fandom_p, count).tolist()
    crossover = (nrng.random(count) < 0.1).tolist()
    ratings = ids["rating"][_draw(nrng, RATING_CDF, count)].tolist()
    warnings = ids["warning"][_draw(nrng, WARNING_CDF, count)].tolist()
    categories = ids["category"][_draw(nrng, CATEGORY_CDF, count)].tolist()
    targets = np.clip(nrng.lognormal(2.5, 0.6, count), 5, 40).astype(int).tolist()
    freeforms = ids["freeform"][_draw(nrng, freeform_p, 40 * count)].tolist()
    titles = [t.title() for t in _texts(nrng, archive, word_p, count, 1, 4)]
    summaries = _texts(nrng, archive, word_p, count, 15, 60)
    bodies = _texts(nrng, archive, word_p, count, 50, 2500) if archive.bodies else [""] * count
    words = nrng.integers(100, 100_000, count).tolist()
    multiplier = nrng.integers(5, 40, count)
    comments = (kudos * nrng.random(count) / 2).astype(np.int64).tolist()
    bookmarks = (kudos * nrng.random(count) / 3).astype(np.int64).tolist()
    hits = (kudos * multiplier).tolist()
    kudos = kudos.tolist()
    creator_picks = _draw(nrng, creator_p, count).tolist()
    work_rows, chapter_rows, author_rows, pair_rows, documents = [], [], [], [], []
    names = archive.tag_names
    for n in range(count):
        wid = first_id + n
        fandoms = {fandom_a[n], fandom_b[n]} if crossover[n] else {fandom_a[n]}
        tags = [ratings[n], warnings[n], categories[n]]
        for f in fandoms:
            tags.append(int(ids["fandom"][f]))
            tags += [
                int(ids["character"][f * 8 + c]) for c in rng.sample(range(8), rng.randint(1, 4))
            ]
            tags += [
                int(ids["relationship"][f * 4 + r]) for r in rng.sample(range(4), rng.randint(0, 2))
            ]
        extra = targets[n] - len(tags)
        if extra > 0:
            tags += list(dict.fromkeys(freeforms[n * 40 : n * 40 + extra]))
        body = bodies[n]
        word_count = len(body.split()) if body else words[n]
        moment = START + timedelta(seconds=int(updated[n]))
        posted = START + timedelta(seconds=int(published[n]))
        expected = rng.choice([1, 1, 1, 3, 10, None])
        work_rows.append(
            (
                wid,
                titles[n],
                summaries[n],
                rng.choice(LANGUAGES),
                expected,
                word_count,
                _when(posted),
                _when(moment),
                rng.random() < 0.05,
                kudos[n],
                hits[n],
                comments[n],
                bookmarks[n],
            )
        )
        chapter_rows.append((wid, 1, f"<p>{body}</p>", word_count))
        creator = creators[creator_picks[n]]
        author_rows.append((wid, creator.pk, 0))
        pair_rows += [(wid, t) for t in tags]
        documents.append(
            WorkDocument(
                id=wid,
                title=titles[n],
                creators=creator.name,
                tags=" ; ".join(names[t] for t in tags),
                summary=summaries[n],
                notes="",
                body=body,
            )
        )
    with transaction.atomic():
        archive.inserts["work"].write(work_rows)
        archive.inserts["chapter"].write(chapter_rows)
        archive.inserts["authorship"].write(author_rows)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {through} (work_id, tag_id) VALUES (%s, %s)", pair_rows
            )
        backend.documents_store(documents)
