"""Generalization guard: the legacy reader on our own corpus of layouts the public corpus lacks."""

from __future__ import annotations

import json
from pathlib import Path

from tests.legacy.corpus_scoring import REPO, score_corpus

CORPUS = REPO / "tests" / "legacy" / "unseen"

# The overall accuracy measured when the corpus was written, rounded down to 0.05.
# Raise it as the parser improves; never lower it to make a change pass.
ACCURACY_FLOOR = 0.95

AO3_RATINGS = {
    "General Audiences",
    "Teen And Up Audiences",
    "Mature",
    "Explicit",
    "Not Rated",
}


def _expected_files() -> list[Path]:
    return sorted(CORPUS.glob("*.expected.json"))


def test_corpus_has_forty_stories_each_with_a_story_file() -> None:
    """Every expectation has exactly one story file next to it, and there are at least forty."""
    expected = _expected_files()
    assert len(expected) >= 40
    for path in expected:
        stem = path.name[: -len(".expected.json")]
        stories = [p for p in CORPUS.iterdir() if p.name.startswith(stem + ".") and p != path]
        assert len(stories) == 1, path.name


def test_expectations_use_the_ao3_vocabulary() -> None:
    """Ratings are AO3's, and every file states title, rating and body boundaries."""
    for path in _expected_files():
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["rating"] in AO3_RATINGS, path.name
        for key in ("title", "word_count", "body_first_words", "body_last_words"):
            assert data.get(key), (path.name, key)


def test_unseen_layouts_score_above_the_floor() -> None:
    """The shared scorer, run on the parse command, reaches the recorded accuracy floor."""
    score = score_corpus(CORPUS)
    assert score.total >= 500, "the corpus lost expected fields"
    assert score.accuracy >= ACCURACY_FLOOR, score.report
