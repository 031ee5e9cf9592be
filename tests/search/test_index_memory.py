"""`WorkIndex.memory_bytes()` against what a process gets back when it drops the index."""

import json
import subprocess
import sys
import textwrap

import pytest

# Run in a fresh interpreter: pytest's own heap would blur the figures. The index is filled the
# way a first build fills it (bulk.index_fill), from an archive shaped like the benchmark's:
# tag popularity falls off as a power law, a few tags carry most works, most carry a handful.
MEASURE = textwrap.dedent(
    """
    import ctypes, gc, json, sys
    import numpy as np
    from ficarchive.search.bitmaps.bulk import index_fill
    from ficarchive.search.bitmaps.index import TagRecord, WorkIndex

    libc = ctypes.CDLL("libc.so.6")

    def resident() -> int:
        gc.collect()
        libc.malloc_trim(0)
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * 4096

    works, tag_count = int(sys.argv[1]), int(sys.argv[2])
    rng = np.random.default_rng(7)
    types = ["fandom", "character", "relationship", "freeform", "rating"]
    tags = [TagRecord(id=i, name=f"Tag {i} " + "x" * (i % 23), type=types[i % 5],
                      group=i - 1 if i % 40 == 0 else i) for i in range(1, tag_count + 1)]
    ids = np.arange(1, works + 1, dtype=np.int64)
    per_work = rng.integers(3, 25, works)
    pair_works = np.repeat(ids, per_work)
    pair_tags = np.minimum(rng.zipf(1.4, len(pair_works)), tag_count).astype(np.int64)
    columns = {name: rng.integers(0, 10**6, works) for name in
               ("words", "posted", "updated", "kudos", "hits", "comments", "bookmarks")}
    columns.update(id=ids, chapters=rng.integers(1, 4, works), expected=rng.integers(-1, 4, works),
                   draft=rng.random(works) < 0.05, hidden=rng.random(works) < 0.02,
                   restricted=rng.random(works) < 0.2)
    texts = {"title": [f"A title of work {i}" + " word" * (i % 9) for i in range(works)],
             "creator": [f"writer{i % 5000}" for i in range(works)],
             "language": ["en" if i % 7 else "fr" for i in range(works)]}
    before = resident()
    index = WorkIndex()
    index.tags_load(tags)
    index_fill(index, columns=columns, texts=texts, pair_works=pair_works, pair_tags=pair_tags)
    # One creator per work, a few with many works and most with one or two (as tags fall off).
    index.creator_works.fill(np.minimum(rng.zipf(1.6, works), works // 4).astype(np.int64), ids)
    index.prepare()
    held = resident()
    counted = index.memory_bytes()
    del columns, texts, pair_works, pair_tags, tags
    held_alone = resident()
    del index
    after = resident()
    print(json.dumps({"grew": held - before, "freed": held_alone - after, "counted": counted}))
    """
)


def _measure(works: int, tags: int) -> dict[str, int]:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(works), str(tags)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow  # a fresh interpreter builds a 100,000-work index: a few seconds
def test_memory_bytes_is_what_dropping_the_index_gives_back():
    """The count is within 15% of the resident memory a process gets back by dropping the index,
    and no more than building it added (which also keeps some of the build's leftovers): a small
    index, 100,000 works, 4,000 tags, 1.4 million tag pairs. (It once counted every numpy buffer
    and bitmap twice and each bitmap's bookkeeping not at all: twice the truth.)"""
    figures = _measure(100_000, 4_000)
    counted, freed, grew = figures["counted"], figures["freed"], figures["grew"]
    assert freed > 20_000_000, figures  # big enough that page rounding does not matter
    assert abs(counted - freed) <= 0.15 * freed, figures
    assert counted <= grew, figures
