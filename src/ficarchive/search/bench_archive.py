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
SYLLABLES = "ka lo mi ra sen tor vel an is ur en dra mor fin gal hes pri tam wen yor".split()
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
    bodies: bool = True


def archive_generate(
    *, works: int, seed: int = 7, bodies: bool = True, progress=None
) -> SyntheticArchive:
    """Write `works` synthetic works (with tags, creators, one chapter each) and index their text."""
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


def _text(nrng, archive, word_p, low: int, high: int) -> str:
    length = int(nrng.integers(low, high + 1))
    vocabulary = archive.vocabulary
    return " ".join([vocabulary[i] for i in _draw(nrng, word_p, length).tolist()])


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
    objects, tag_lists, texts = [], [], []
    for _ in range(count):
        kudos = int(nrng.lognormal(3.0, 1.5))
        updated = START + timedelta(seconds=int(nrng.integers(0, 16 * 365 * 86400)))
        expected = rng.choice([1, 1, 1, 3, 10, None])
        fandom = int(_draw(nrng, fandom_p))
        fandoms = {fandom}
        if rng.random() < 0.1:
            fandoms.add(int(_draw(nrng, fandom_p)))
        tags = [
            int(ids["rating"][_draw(nrng, RATING_CDF)]),
            int(ids["warning"][_draw(nrng, WARNING_CDF)]),
            int(ids["category"][_draw(nrng, CATEGORY_CDF)]),
        ]
        for f in fandoms:
            tags.append(int(ids["fandom"][f]))
            tags += [
                int(ids["character"][f * 8 + c]) for c in rng.sample(range(8), rng.randint(1, 4))
            ]
            tags += [
                int(ids["relationship"][f * 4 + r]) for r in rng.sample(range(4), rng.randint(0, 2))
            ]
        target = int(np.clip(nrng.lognormal(2.5, 0.6), 5, 40))
        extra = max(0, target - len(tags))
        if extra:
            tags += [int(ids["freeform"][i]) for i in set(_draw(nrng, freeform_p, extra).tolist())]
        title = _text(nrng, archive, word_p, 1, 4).title()
        summary = _text(nrng, archive, word_p, 15, 60)
        body = _text(nrng, archive, word_p, 50, 2500) if archive.bodies else ""
        objects.append(
            Work(
                title=title,
                summary=summary,
                language=rng.choice(LANGUAGES),
                word_count=len(body.split()) or int(nrng.integers(100, 100_000)),
                expected_chapters=expected,
                published_at=updated - timedelta(days=int(nrng.integers(0, 400))),
                updated_at=updated,
                kudos_count=kudos,
                hits=kudos * int(nrng.integers(5, 40)),
                comments_count=int(kudos * nrng.random() / 2),
                bookmarks_count=int(kudos * nrng.random() / 3),
                restricted=rng.random() < 0.05,
            )
        )
        tag_lists.append(tags)
        texts.append((title, summary, body))
    with transaction.atomic():
        created = Work.objects.bulk_create(objects, batch_size=BATCH)
        picks = _draw(nrng, creator_p, count)
        Authorship.objects.bulk_create(
            [
                Authorship(work=w, creator=creators[int(c)])
                for w, c in zip(created, picks, strict=True)
            ],
            batch_size=BATCH,
        )
        Chapter.objects.bulk_create(
            [
                Chapter(work=w, position=1, body_html=f"<p>{t[2]}</p>", word_count=w.word_count)
                for w, t in zip(created, texts, strict=True)
            ],
            batch_size=BATCH,
        )
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {through} (work_id, tag_id) VALUES (%s, %s)",
                [(w.pk, t) for w, tags in zip(created, tag_lists, strict=True) for t in tags],
            )
        names = archive.tag_names
        backend.documents_store(
            WorkDocument(
                id=w.pk,
                title=t[0],
                creators=creators[int(c)].name,
                tags=" ; ".join(names[x] for x in tags),
                summary=t[1],
                notes="",
                body=t[2],
            )
            for w, t, tags, c in zip(created, texts, tag_lists, picks, strict=True)
        )
