"""The index follows the archive: signals after commit, bulk indexing, reindex, other processes."""

import pytest
from django.core.management import call_command
from tests.factories import indexed, tag, work_row

from ficarchive.search.backends import search_backend
from ficarchive.search.bitmaps import sync
from ficarchive.search.documents import WorkDocument
from ficarchive.search.indexing import bulk_indexing
from ficarchive.search.models import IndexChange
from ficarchive.search.query import SearchQuery
from ficarchive.search.selectors import work_search
from ficarchive.works.models import Chapter, Work

pytestmark = pytest.mark.django_db


def titles(**fields) -> set[str]:
    results = work_search(query=SearchQuery(**fields))
    return {w.title for w in results[0 : results.total]}


def test_created_edited_and_deleted_works_follow_on_commit(django_capture_on_commit_callbacks):
    """Saving, retagging and deleting a work show in search as soon as the transaction commits."""
    with django_capture_on_commit_callbacks(execute=True):
        created = work_row("Lantern Festival", tags=(tag("Festivals"),))
    assert titles(text="lantern") == {"Lantern Festival"}
    assert titles(tags=("Festivals",)) == {"Lantern Festival"}
    with django_capture_on_commit_callbacks(execute=True):
        created.title = "Paper Boats"
        created.save()
        created.tags.set([tag("Rivers")])
    assert titles(text="lantern") == set()
    assert titles(text="paper boats", tags=("Rivers",)) == {"Paper Boats"}
    assert titles(tags=("Festivals",)) == set()
    with django_capture_on_commit_callbacks(execute=True):
        Chapter.objects.filter(work=created).update(body_html="<p>A heron waits.</p>")
        Chapter.objects.get(work=created).save()
    assert titles(text="heron", in_text=True) == {"Paper Boats"}
    with django_capture_on_commit_callbacks(execute=True):
        created.delete()
    assert titles(text="paper") == set()
    assert titles() == set()


def test_nothing_is_indexed_until_commit(django_capture_on_commit_callbacks):
    """A work saved in a transaction that has not committed is not searchable yet."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        work_row("Uncommitted Story")
        assert titles(text="uncommitted") == set()
    assert callbacks


def test_bulk_indexing_waits_then_indexes_everything(django_capture_on_commit_callbacks):
    """Inside bulk_indexing nothing is indexed per save; at exit every touched work is."""
    with django_capture_on_commit_callbacks(execute=True), bulk_indexing() as pending:
        made = [work_row(f"Bulk Story {n}", tags=(tag("Batch"),)) for n in range(5)]
        assert titles(text="bulk") == set()
        assert pending == {w.pk for w in made}
        assert not IndexChange.objects.filter(work_id__in=pending).exists()
    assert len(titles(text="bulk", tags=("Batch",))) == 5


def test_tag_rename_and_synonym_reach_indexed_works(django_capture_on_commit_callbacks):
    """Renaming a tag changes what its works are found by; a new synonym finds them too."""
    original = tag("Hurt/Comfort")
    indexed(work_row("Mended", tags=(original,)))
    with django_capture_on_commit_callbacks(execute=True):
        original.name = "Hurt and Comfort"
        original.save()
        alias = tag("h/c", synonym_of=original)
        alias.save()
    assert titles(tags=("Hurt and Comfort",)) == {"Mended"}
    assert titles(tags=("h/c",)) == {"Mended"}
    assert titles(text="hurt comfort") == {"Mended"}
    assert titles(tags=("Hurt/Comfort",)) == set()


def test_reindex_rebuilds_the_text_index_from_the_database(capsys, settings):
    """`ficarchive reindex` restores a lost full-text table from the works themselves."""
    settings.FICARCHIVE_SEARCH_BACKEND = "database"  # the text lives in the database's table
    indexed(work_row("Glass Orchard", summary="apples"), work_row("Stone Orchard"))
    search_backend().documents_clear()
    assert titles(text="orchard") == set()
    call_command("reindex")
    assert "Indexed 2 works" in capsys.readouterr().out
    assert titles(text="orchard") == {"Glass Orchard", "Stone Orchard"}


def test_other_processes_apply_only_the_new_changes():
    """A process re-reads only changed works; a log it cannot trust makes it rebuild."""
    indexed(work_row("First Light"))
    before = sync.work_index_current()
    late = Work.objects.create(title="Second Light")  # as if written by another process:
    Work.objects.filter(pk=late.pk).update(kudos_count=5)
    IndexChange.objects.create(work_id=late.pk, token="another-process")
    after = sync.work_index_current()
    assert after is before
    assert late.pk in after.all
    assert after.numbers["kudos"].data[late.pk] == 5
    # Ids reused after a rollback or restore: the remembered row no longer matches.
    IndexChange.objects.filter(token="another-process").update(token="different")
    assert sync.work_index_current() is not before


def test_text_of_vanished_works_is_dropped_after_migrate(settings):
    """After migrate (as after a test flush), documents without a work are removed."""
    settings.FICARCHIVE_SEARCH_BACKEND = "database"  # the text lives in the database's table
    kept = indexed(work_row("Kept Story"))[0]
    backend = search_backend()
    backend.documents_store(
        [
            WorkDocument(
                id=kept.pk + 1000,
                title="ghost",
                creators="",
                tags="",
                summary="",
                notes="",
                body="",
            )
        ]
    )
    assert backend.documents_count() == 2
    call_command("migrate", verbosity=0)
    assert backend.documents_count() == 1


def test_tag_changes_reload_tags_but_reread_no_work(django_capture_on_commit_callbacks):
    """A renamed tag or a new synonym logs one tag change, not a change per tagged work (only
    a text change per work for a text index that follows the log: the bitmaps skip those)."""
    original = tag("Slow Burn")
    made = indexed(*[work_row(f"Kindling {n}", tags=(original,)) for n in range(5)])
    before = IndexChange.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        original.name = "Slowest Burn"
        original.save()
        tag("slowburn", synonym_of=original).save(update_fields=["synonym_of"])
    logged = list(IndexChange.objects.order_by("id").values_list("kind", "work_id")[before:])
    assert logged
    assert IndexChange.Kind.TAGS in {kind for kind, _ in logged}
    assert all(kind in (IndexChange.Kind.TAGS, IndexChange.Kind.TEXT) for kind, _ in logged)
    assert titles(text="slowest") == {w.title for w in made}
    assert titles(tags=("slowburn",)) == {w.title for w in made}
