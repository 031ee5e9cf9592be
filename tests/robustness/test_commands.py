"""`ficarchive search`, `export` and `import` given bad arguments: non-zero exit, one clear line."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Each case starts the installed `ficarchive` command in a new process: `slow`, not in
# `make test-fast`.
pytestmark = pytest.mark.slow

STORY = (
    "Title: The Orchard Gate\nAuthor: Pip\nRating: PG\n\n"
    "The gate had not closed properly since the winter storm, and the goats knew it.\n"
)


@pytest.fixture(scope="module")
def archive_dir(tmp_path_factory) -> Path:
    """A data folder of its own (always SQLite) holding one imported work, id 1."""
    data = tmp_path_factory.mktemp("robust-cli")
    story = data / "gate.txt"
    story.write_text(STORY)
    result = run(data, "import", str(story))
    assert result.returncode == 0, result.stderr
    return data


def run(data: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["FICARCHIVE_DATA"] = str(data)
    return subprocess.run(
        [sys.executable, "-m", "ficarchive", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=data,
    )


def assert_clear_failure(result: subprocess.CompletedProcess, expected: str) -> None:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert expected in last, result.stderr


def test_export_of_a_missing_work_says_it_does_not_exist(archive_dir):
    """`ficarchive export 999999` fails with a line saying the work does not exist."""
    result = run(archive_dir, "export", "999999", "--format", "txt", "-o", "out.txt")
    assert_clear_failure(result, "no work 999999: it does not exist")
    assert not (archive_dir / "out.txt").exists()


def test_export_to_a_path_that_cannot_be_written_is_one_line(archive_dir):
    """Writing the export into a missing folder or onto a folder is an error line, not a traceback."""
    result = run(archive_dir, "export", "1", "--format", "txt", "-o", "/nonexistent/dir/x.txt")
    assert_clear_failure(result, "cannot write /nonexistent/dir/x.txt")
    result = run(archive_dir, "export", "1", "--format", "txt", "-o", str(archive_dir))
    assert_clear_failure(result, "cannot write")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("export", "abc"), "invalid int value"),
        (("export", "1", "--format", "pdf"), "invalid choice"),
        (("export",), "give either WORK_ID or --series"),
        (("export", "--series", "999999", "-o", "s.epub"), "no series 999999"),
        (("export", str(2**70), "-o", "x.epub"), "does not exist"),
        (("search", "--sort", "nonsense", "--json"), "invalid choice"),
        (("search", "--page", "0", "--json"), "--page must be 1 or more"),
        (("search", "--per-page", "100000", "--json"), "--per-page between 1 and 100"),
        (("search", "--page", "abc"), "invalid int value"),
        (("search", "--bogus"), "unrecognized arguments"),
        (("import",), "the following arguments are required"),
        (("import", "/nonexistent/story.txt"), "some files failed to import"),
    ],
)
def test_bad_arguments_fail_with_one_line(archive_dir, args, expected):
    """Each bad invocation exits non-zero and ends with one line naming the problem."""
    assert_clear_failure(run(archive_dir, *args), expected)


def test_import_of_broken_files_names_each_failure(archive_dir, tmp_path):
    """A corrupt zip and a binary file each get a 'failed' line; the command exits 1 without a traceback."""
    (tmp_path / "bad.zip").write_bytes(b"PK\x03\x04not really a zip")
    (tmp_path / "noise.txt").write_bytes(bytes(range(256)) * 20)
    result = run(archive_dir, "import", str(tmp_path))
    assert_clear_failure(result, "some files failed to import")
    assert "bad.zip: not a readable zip file" in result.stderr + result.stdout
    assert "noise.txt: binary file" in result.stderr + result.stdout
