"""The `ficarchive parse` and `ficarchive bench parse` commands, run in-process."""

from __future__ import annotations

import json
from pathlib import Path

from ficarchive.bench.parse import generate_corpus
from ficarchive.bench.parse import main as bench_main
from ficarchive.legacy.command import main as parse_main

FIXTURES = Path(__file__).parent / "fixtures"


def test_parse_one_file_prints_one_object(capsys) -> None:
    """One file gives one JSON object with the contract's keys and exit status 0."""
    status = parse_main(["--json", str(FIXTURES / "plain_labels.txt")])
    data = json.loads(capsys.readouterr().out)
    assert status == 0
    assert data["source"] == str(FIXTURES / "plain_labels.txt")
    for key in (
        "title",
        "authors",
        "rating",
        "rating_original",
        "fandoms",
        "relationships",
        "relationships_original",
        "characters",
        "warnings",
        "categories",
        "freeform",
        "summary",
        "notes",
        "end_notes",
        "disclaimer",
        "spoilers",
        "series",
        "chapter",
        "distribution",
        "feedback",
        "language",
        "word_count",
        "body",
        "songs",
        "diagnostics",
    ):
        assert key in data, key
    assert data["body"]["blocks"]
    assert data["body"]["chapters"]


def test_parse_several_files_prints_an_array_and_fails_on_a_bad_file(capsys, tmp_path) -> None:
    """Several files give an array in order, sources as given; an empty file makes the exit 1."""
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    files = [str(FIXTURES / "capitals.txt"), str(empty)]
    status = parse_main(["--json", *files])
    data = json.loads(capsys.readouterr().out)
    assert status == 1
    assert [d["source"] for d in data] == files
    assert data[1]["diagnostics"][0]["level"] == "error"


def test_bench_prints_figures_and_a_json_last_line(capsys) -> None:
    """The benchmark reports both throughputs and their ratio; with --json the last line is JSON."""
    status = bench_main(["--json", "--megabytes", "0.2", "--passes", "1"])
    lines = capsys.readouterr().out.strip().splitlines()
    result = json.loads(lines[-1])
    assert status == 0
    assert result["parser_mb_per_s"] > 0
    assert result["baseline_mb_per_s"] > 0
    assert result["megabytes"] >= 0.2
    assert result["files"] > 0
    assert result["ratio"] > 0
    assert "ratio parser/baseline" in "\n".join(lines)


def test_generated_corpus_has_every_layout() -> None:
    """The benchmark corpus mixes plain, LiveJournal, eFiction, archive-text and wrapped files."""
    corpus = generate_corpus(0.3)
    assert any(d.startswith(b"Title:") for d in corpus)
    assert any(b"<lj user=" in d for d in corpus)
    assert any(b'id="pagetitle"' in d for d in corpus)
    assert any(b"\nby Author" in d for d in corpus)
    assert any(max(len(line) for line in d.split(b"\n")) <= 80 for d in corpus)
