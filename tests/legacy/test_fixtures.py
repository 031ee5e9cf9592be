"""Fixture tests in the mistune style: each `fixtures/<case>.<ext>` story beside `<case>.json`.

The JSON holds the expected subset of the parse result (keys starting with "_" are notes). Keys of the `--json` contract are compared
as they are (dicts key by key); a few extra keys describe the body: `block_kinds`, `verse_lines`,
`chapter_titles`, `body_first_words`, `body_last_words`, and `diagnostics` (each expected one must
be matched by a diagnostic of that level, line and message fragment).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ficarchive.legacy import parse_file

FIXTURES = Path(__file__).parent / "fixtures"
# Story files by the extensions real ones carry (the layouts read some of them by name).
SUFFIXES = (".txt", ".html", ".md", ".xhtml", ".tex", ".pl", ".php", ".rtf")
CASES = sorted(p for p in FIXTURES.iterdir() if p.suffix in SUFFIXES)


def _words(result: dict) -> list[str]:
    return " ".join(b["text"] for b in result["body"]["blocks"] if b["kind"] != "break").split()


def _check(key: str, expected, result: dict) -> None:
    blocks = result["body"]["blocks"]
    if key == "block_kinds":
        assert [b["kind"] for b in blocks] == expected
    elif key == "verse_lines":
        lines = [line for b in blocks if b["kind"] == "verse" for line in b["text"].split("\n")]
        assert lines == expected
    elif key == "chapter_titles":
        assert [c["title"] for c in result["body"]["chapters"]] == expected
    elif key == "body_first_words":
        words = expected.split()
        assert _words(result)[: len(words)] == words
    elif key == "body_last_words":
        words = expected.split()
        assert _words(result)[-len(words) :] == words
    elif key == "diagnostics":
        for want in expected:
            assert any(
                d["level"] == want["level"]
                and ("line" not in want or d["line"] == want["line"])
                and want.get("contains", "") in d["message"]
                for d in result["diagnostics"]
            ), (want, result["diagnostics"])
    elif isinstance(expected, dict) and isinstance(result.get(key), dict):
        for sub, value in expected.items():
            assert result[key][sub] == value, (key, sub)
    else:
        assert result[key] == expected


@pytest.mark.parametrize("story", CASES, ids=[p.stem for p in CASES])
def test_fixture(story: Path) -> None:
    """The parse of each fixture story agrees with every field its expected JSON names."""
    expected = json.loads(story.with_suffix(".json").read_text(encoding="utf-8"))
    result = parse_file(story).to_json()
    json.dumps(result)
    failures = []
    for key, value in expected.items():
        if key.startswith("_"):
            continue  # a note for the reader of the fixture
        try:
            _check(key, value, result)
        except (AssertionError, KeyError) as exc:
            shown = result.get(key, "(see body)")
            failures.append(f"{key}: expected {value!r}, got {shown!r} {exc}")
    assert not failures, "\n".join(failures)


def test_every_fixture_has_expectations() -> None:
    """Each fixture story has its expected-fields file, and there are enough of them."""
    assert len(CASES) >= 25
    for story in CASES:
        assert story.with_suffix(".json").exists(), story
