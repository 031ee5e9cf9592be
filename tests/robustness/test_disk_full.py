"""When the disk is full, reads keep working and writes fail with a clear message.

The database is made to run out of room for real: SQLite is held to its present size and the
free space left in it filled, so new rows fail with SQLITE_FULL ("database or disk is full");
PostgreSQL gets triggers that refuse new rows with the server's own disk_full error (SQLSTATE
53100), as it does when it cannot extend a file. Downloads that cannot be cached on a full
filesystem (a small tmpfs, filled) are built in memory instead.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from tests.factories import PASSWORD

from ficarchive.importing.services import import_bytes
from ficarchive.site.database_errors import DISK_FULL_MESSAGE

# Real commits: a server is not inside a test's transaction (SQLite rolls a whole transaction
# back when it runs out of room).
pytestmark = pytest.mark.django_db(transaction=True)

PROSE = (
    "The tide came in over the causeway while the bell rang for the last ferry, and the island "
    "was cut off until morning, as it was every night of the year."
)
STORY = f"Title: Causeway Bell\nAuthor: Island Clerk\nRating: PG\n\n{PROSE}\n\n{PROSE}\n".encode()
# Several pages of text in any database: new pages must be found for it.
BIG = "潮" * 9_000
WRITE_TABLES = (
    "feedback_comment",
    "feedback_throttlecounter",
    "works_work",
    "works_chapter",
    "importing_importrecord",
)


def _sqlite_fill() -> None:
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE disk_filler (data BLOB)")
        cursor.execute("PRAGMA page_count")
        (pages,) = cursor.fetchone()
        cursor.execute(f"PRAGMA max_page_count = {pages}")
        # Use up the free pages and the room left inside pages, as a full disk would.
        for size in (65536, 4096, 512, 64):
            while True:
                try:
                    with transaction.atomic():
                        cursor.execute("INSERT INTO disk_filler VALUES (zeroblob(%s))", [size])
                except DatabaseError:
                    break
        # The room left in the throttle counters' own pages (table and index) too: a new
        # counter then needs a page the database cannot have.
        for size in (2048, 256, 32, 8):
            while True:
                try:
                    with transaction.atomic():
                        cursor.execute(
                            "INSERT INTO feedback_throttlecounter (key, window, count)"
                            " VALUES (hex(randomblob(%s)), 0, 0)",
                            [size],
                        )
                except DatabaseError:
                    break


def _postgres_fill() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION disk_is_full() RETURNS trigger AS $$ BEGIN"
            " RAISE EXCEPTION 'could not extend file: No space left on device'"
            " USING ERRCODE = 'disk_full'; END $$ LANGUAGE plpgsql"
        )
        for table in WRITE_TABLES:
            cursor.execute(
                f"CREATE TRIGGER {table}_full BEFORE INSERT ON {table}"
                " FOR EACH ROW EXECUTE FUNCTION disk_is_full()"
            )


def _sqlite_empty() -> None:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA max_page_count = 1073741823")
        cursor.execute("DROP TABLE IF EXISTS disk_filler")


def _postgres_empty() -> None:
    with connection.cursor() as cursor:
        for table in WRITE_TABLES:
            cursor.execute(f"DROP TRIGGER IF EXISTS {table}_full ON {table}")
        cursor.execute("DROP FUNCTION IF EXISTS disk_is_full()")


@pytest.fixture
def full_disk(author, make_work, client_for):
    """A posted work to read and its author's logged-in client, then a database with no room
    for anything new."""
    work = make_work(author, title="Causeway Bell", body=PROSE)
    client = client_for(author)
    fill, empty = (
        (_sqlite_fill, _sqlite_empty)
        if connection.vendor == "sqlite"
        else (_postgres_fill, _postgres_empty)
    )
    fill()
    try:
        yield work, client
    finally:
        empty()


def test_reads_go_on_when_the_disk_is_full(full_disk, settings, tmp_path):
    """Pages, search, the API, the catalog and downloads answer 200 (the hit goes uncounted)."""
    settings.DATA_DIR = tmp_path
    work, _ = full_disk
    client = Client()
    for url in (
        "/",
        "/works/",
        "/works/?q=causeway",
        "/api/works/?q=causeway",
        work.get_absolute_url(),
        f"/works/{work.pk}/chapters/1/",
        "/opds/new/",
        f"/downloads/{work.pk}.epub",
    ):
        assert client.get(url).status_code == 200, url


def test_writes_fail_with_a_clear_answer_when_the_disk_is_full(full_disk, author):
    """A comment, a new work and an import are refused with one sentence, not a server error."""
    work, client = full_disk
    comment = client.post(f"/works/{work.pk}/comments/", {"body": BIG})
    assert comment.status_code == 507
    assert "The disk is full" in comment.content.decode()
    pseud = author.pseuds.get()
    new = client.post(
        "/works/new/",
        {
            "title": "Full Tide",
            "pseuds": [pseud.pk],
            "rating": "General Audiences",
            "warnings": ["No Archive Warnings Apply"],
            "fandoms": "Original Work",
            "distribution_permission": "unknown",
            "language": "en",
            "body": BIG,
            "action": "post",
        },
    )
    assert new.status_code == 507
    result = import_bytes(
        source="causeway.txt", data=STORY.replace(b"Bell", b"Lamp") + BIG.encode()
    )
    assert result.status == "failed"
    assert result.error == f"not stored: {DISK_FULL_MESSAGE}"


@pytest.fixture
def full_filesystem(tmp_path: Path):
    """A 1 MB tmpfs with no byte left on it (mounting needs root, as `make test` runs)."""
    mount = tmp_path / "full"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.fail(f"cannot mount a small tmpfs (run as root): {done.stderr.decode().strip()}")
    try:
        with open(mount / "filler", "wb") as filler:
            try:
                while True:
                    filler.write(b"\0" * 65536)
                    filler.flush()
            except OSError:
                pass
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_download_is_served_from_memory_when_it_cannot_be_cached(
    full_filesystem, settings, author, make_work
):
    """The export cache cannot write a byte: the EPUB is built in memory and served."""
    settings.DATA_DIR = full_filesystem
    work = make_work(author, title="Causeway Bell", body=PROSE)
    response = Client().get(f"/downloads/{work.pk}.epub")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert not (full_filesystem / "exports" / "works" / str(work.pk)).exists() or not any(
        p.suffix == ".epub"
        for p in (full_filesystem / "exports" / "works" / str(work.pk)).iterdir()
    )


def test_log_ins_that_cannot_be_counted_are_refused_alike(full_disk, author):
    """The log-in throttle cannot count: the right and the wrong password both get the
    disk-full answer, so a full disk is no chance to guess passwords unthrottled. A search,
    a read, goes on uncounted."""
    for page in ("/login/", "/admin/login/"):
        for password in ("wrong-guess", PASSWORD):
            response = Client().post(page, {"username": author.username, "password": password})
            assert response.status_code == 507, (page, password)
            assert "The disk is full" in response.content.decode()
    assert Client().get("/works/?q=causeway").status_code == 200
