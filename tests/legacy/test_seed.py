"""The seed story from ../shared: every field of its hand-written expectation, read in place."""

from __future__ import annotations

import json
from pathlib import Path

from ficarchive.legacy import parse_file

SEED = Path(__file__).resolve().parents[3] / "shared" / "eval" / "seed"


def _seed_files() -> tuple[Path, dict]:
    expected_files = sorted(SEED.glob("*.expected.json"))
    assert expected_files, f"the seed is missing from {SEED}"
    expected_path = expected_files[0]
    stem = expected_path.name[: -len(".expected.json")]
    story = next(p for p in SEED.iterdir() if p.name.startswith(stem + ".") and p != expected_path)
    return story, json.loads(expected_path.read_text(encoding="utf-8"))


def test_seed_header_fields() -> None:
    """Title, people, rating, fandom, pairing, texts, series, chapter and permissions are all read."""
    story, expected = _seed_files()
    result = parse_file(story).to_json()
    for key in (
        "title",
        "authors",
        "rating",
        "rating_original",
        "fandoms",
        "relationships",
        "relationships_original",
        "categories",
        "summary",
        "notes",
        "disclaimer",
        "spoilers",
        "series",
        "chapter",
        "language",
    ):
        assert result[key] == expected[key], key
    assert set(expected["characters"]) <= set(result["characters"])
    assert result["distribution"]["permission"] == expected["distribution"]["permission"]
    assert result["distribution"]["archives"] == expected["distribution"]["archives"]
    assert result["feedback"]["wanted"] is expected["feedback"]["wanted"]
    song = expected["songs"][0]
    assert any(
        s["artist"] == song["artist"] and s["album"] == song["album"] for s in result["songs"]
    )


def test_seed_body() -> None:
    """The header is gone from the body, the lyrics are verse, and the word count is AO3's."""
    story, expected = _seed_files()
    work = parse_file(story)
    words = " ".join(b.text for b in work.blocks if b.kind != "break").split()
    first = expected["body_first_words"].split()
    last = expected["body_last_words"].split()
    assert words[: len(first)] == first
    assert words[-len(last) :] == last
    verse = [line for b in work.blocks if b.kind == "verse" for line in b.text.split("\n")]
    assert verse == expected["verse_lines"]
    assert abs(work.word_count - expected["word_count"]) <= expected["word_count"] * 0.03
    assert len(work.chapters) == 1
    assert work.chapters[0].blocks == work.blocks
    assert not work.failed
