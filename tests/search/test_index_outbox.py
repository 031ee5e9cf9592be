"""The indexing outbox and `reindex --check`: a change and its outbox row commit together, a
rollback leaves neither, a drain indexes what is left, and the check finds and repairs every
kind of disagreement between the index and the database."""

from __future__ import annotations

import contextlib
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from tests.factories import indexed
from tests.factories import work_row as work

from ficarchive.search.backends import search_backend
from ficarchive.search.documents import WorkDocument
from ficarchive.search.indexing import index_pending_drain
from ficarchive.search.models import IndexPending
from ficarchive.search.query import SearchQuery
from ficarchive.search.selectors import work_search
from ficarchive.site.database_errors import error_is_transient, transaction_retry
from ficarchive.works.models import Creator, Work

pytestmark = pytest.mark.django_db


def found(text: str) -> set[str]:
    results = work_search(query=SearchQuery(text=text))
    return {w.title for w in results[0 : results.total]}


def test_a_change_waits_in_the_outbox_of_its_own_transaction(django_capture_on_commit_callbacks):
    """Before the commit the outbox holds the work (so a crash after the commit loses nothing);
    after it, the work is indexed and its row gone."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        made = work("Quayside Lantern")
        assert set(IndexPending.objects.values_list("work_id", flat=True)) == {made.pk}
    assert found("quayside") == set()
    for callback in callbacks:
        callback()
    assert found("quayside") == {"Quayside Lantern"}
    assert not IndexPending.objects.exists()


def test_a_rolled_back_change_leaves_no_outbox_row():
    """Work and outbox row go together."""

    def saved_then_crashed() -> None:
        with transaction.atomic():
            work("Never Saved")
            assert IndexPending.objects.exists()
            raise RuntimeError("crash before commit")

    with pytest.raises(RuntimeError):
        saved_then_crashed()
    assert not Work.objects.exists()
    assert not IndexPending.objects.exists()


def test_a_work_after_a_rolled_back_savepoint_gets_its_outbox_row(
    django_capture_on_commit_callbacks,
):
    """A savepoint rolled back takes its outbox rows with it; a later work in the same
    transaction (on SQLite it may even get the same id) is still written to the outbox."""
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        work("Lockkeeper Before")
        with contextlib.suppress(RuntimeError), transaction.atomic():
            work("Lockkeeper Gone")
            raise RuntimeError("rolled back")
        after = work("Lockkeeper After")
        assert after.pk in set(IndexPending.objects.values_list("work_id", flat=True))
    assert found("lockkeeper") == {"Lockkeeper Before", "Lockkeeper After"}
    assert not IndexPending.objects.exists()


def test_a_drain_indexes_whatever_the_outbox_holds():
    """Rows left behind (as a killed process leaves them) are indexed by the next drain."""
    left = [work("Ferry Crossing"), work("Ferry Landing")]
    IndexPending.objects.bulk_create([IndexPending(work_id=w.pk) for w in left])
    search_backend().documents_clear()
    assert found("ferry") == set()
    assert index_pending_drain() == 2
    assert found("ferry") == {"Ferry Crossing", "Ferry Landing"}
    assert not IndexPending.objects.exists()


def test_reindex_check_reports_and_repairs_every_disagreement(capsys):
    """Missing, stale, orphaned and pending works are each reported; a second run repairs them
    and a third finds nothing."""
    missing, stale, pending, fine = indexed(
        work("Salt Marsh"), work("Tide Pool"), work("Rock Pool"), work("Sand Bar")
    )
    IndexPending.objects.all().delete()  # as after their commit: in step
    backend = search_backend()
    backend.documents_delete([missing.pk])
    Work.objects.filter(pk=stale.pk).update(title="Kelp Forest")  # no signal: the index lags
    ghost = max(w.pk for w in (missing, stale, pending, fine)) + 100
    backend.documents_store(
        [WorkDocument(id=ghost, title="ghost", creators="", tags="", summary="", notes="", body="")]
    )
    IndexPending.objects.create(work_id=pending.pk)

    with pytest.raises(CommandError) as dry:
        call_command("reindex", "--check", "--dry-run")
    assert dry.value.returncode == 1
    report = capsys.readouterr().out
    assert "4 works disagree" in report
    assert f"1 missing from the index: {missing.pk}" in report
    assert f"1 stale in the index: {stale.pk}" in report
    assert f"1 in the index but not the archive: {ghost}" in report
    assert f"1 waiting to be indexed: {pending.pk}" in report
    assert found("kelp") == set()

    call_command("reindex", "--check")
    assert "Repaired: 4 works" in capsys.readouterr().out
    call_command("reindex", "--check", "--dry-run")
    assert "0 works disagree" in capsys.readouterr().out
    assert found("kelp") == {"Kelp Forest"}
    assert found("salt") == {"Salt Marsh"}
    assert ghost not in backend.documents_ids()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite writers cannot deadlock: every write transaction begins IMMEDIATE",
)
def test_a_real_deadlock_is_retried_until_both_writers_finish():
    """Two transactions take two rows in opposite orders; PostgreSQL kills one as a deadlock,
    the retry runs it again, and both changes land."""
    first, second = Creator.objects.create(name="Ada Quill"), Creator.objects.create(name="Ben Ink")
    meeting = threading.Barrier(2, timeout=30)
    errors: list[BaseException] = []
    deadlocks = []

    def writer(order: list[Creator], suffix: str) -> None:
        def once() -> None:
            with transaction.atomic():
                Creator.objects.filter(pk=order[0].pk).update(description=f"a{suffix}")
                with contextlib.suppress(threading.BrokenBarrierError):
                    meeting.wait()  # broken when the other writer died: the retry runs alone
                Creator.objects.filter(pk=order[1].pk).update(description=f"b{suffix}")

        def counted() -> None:
            try:
                once()
            except Exception as exc:
                if error_is_transient(exc):
                    deadlocks.append(exc)
                    meeting.abort()
                raise

        try:
            transaction_retry(counted, what="test writer")
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=writer, args=([first, second], "1")),
        threading.Thread(target=writer, args=([second, first], "2")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert len(deadlocks) == 1
    assert "deadlock" in str(deadlocks[0]).lower()
    descriptions = set(Creator.objects.values_list("description", flat=True))
    assert descriptions in ({"a1", "b1"}, {"a2", "b2"})  # one ran wholly after the other


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="tsvector weights are PostgreSQL's (FTS5 has none)"
)
def test_story_text_weighs_least_and_quotes_come_through():
    """The story text's words weigh D (to_tsvector's own weight, no setweight pass), the title's
    A, as the ranking expects; texts with quotes, backslashes and braces (sent as binary
    arrays) are stored and found whole."""
    [made] = indexed(
        work('Tidewater "Ledger" {one} \\ two', body='The lamplighter said "brine," {and} \\ left.')
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT everything @@ to_tsquery('ficarchive', 'lamplight:D'),"
            " everything @@ to_tsquery('ficarchive', 'lamplight:ABC'),"
            " everything @@ to_tsquery('ficarchive', 'tidewat:A'),"
            " everything @@ to_tsquery('ficarchive', 'brine:D')"
            " FROM search_pgdoc WHERE work_id = %s",
            [made.pk],
        )
        assert cursor.fetchone() == (True, False, True, True)
    assert found("ledger") == {made.title}
