"""The browse counts the search index keeps (per tag group, for guests, members and staff) agree
with counting the works in the database, as the index follows posts, drafts and changes."""

import pytest
from tests.factories import work_make, work_post

from ficarchive.search.indexing import works_index
from ficarchive.search.selectors import tag_counts, tag_top, tag_type_counts
from ficarchive.works.models import Tag, Work
from ficarchive.works.selectors import work_visibility_q
from ficarchive.works.services.wrangling import tags_make_synonyms

pytestmark = pytest.mark.django_db


def _kept_counts(user, tag_type: str) -> dict[int, int]:
    return {f.tag_id: f.count for f in tag_type_counts(user=user, tag_type=tag_type)}


def _orm_counts(user, tag_type: str) -> dict[int, int]:
    """Works `user` may see per canonical tag of `tag_type`, a synonym's works counted once."""
    visible = Work.objects.filter(work_visibility_q(user))
    counts = {}
    for tag in Tag.objects.filter(type=tag_type, synonym_of__isnull=True):
        n = visible.filter(tags__in=[tag, *tag.synonyms.all()]).distinct().count()
        if n:
            counts[tag.pk] = n
    return counts


@pytest.fixture
def archive(make_user):
    writer = make_user("writer")
    work_make(title="Fog One", fandoms=("Sherlock Holmes - Arthur Conan Doyle",))
    work_make(title="Fog Two", fandoms=("Sherlock Holmes - Arthur Conan Doyle", "Gaslight Tales"))
    work_make(title="Hidden Fog", fandoms=("Sherlock Holmes - Arthur Conan Doyle",), hidden=True)
    work_make(title="Kept In", fandoms=("Gaslight Tales",), restricted=True)
    work_make(title="Unfinished", fandoms=("Gaslight Tales",), draft=True)
    work_post(writer, title="Their Own Draft", draft=True)
    work_post(writer, title="Their Posted Work")
    works_index(Work.objects.values_list("pk", flat=True))
    return writer


def test_counts_for_guests_members_and_staff_match_the_database(
    archive, make_user, django_capture_on_commit_callbacks
):
    """Fandom counts from the index equal the ORM's for a guest, a member with a draft of their
    own, another member and staff, and stay equal after a work is tagged again and removed."""
    readers = [None, archive, make_user("other"), make_user("boss", is_staff=True)]
    for user in readers:
        assert _kept_counts(user, "fandom") == _orm_counts(user, "fandom")
    with django_capture_on_commit_callbacks(execute=True):
        Work.objects.get(title="Fog One").delete()
        work_make(title="Late Arrival", fandoms=("Gaslight Tales",))
    for user in readers:
        expected = _orm_counts(user, "fandom")
        assert _kept_counts(user, "fandom") == expected
        assert tag_counts(user=user, tag_ids=list(expected)) == expected
        top = {f.tag_id: f.count for f in tag_top(user=user, top=10)["fandom"]}
        assert top == expected


def test_a_synonym_counts_toward_its_canonical_tag(archive, django_capture_on_commit_callbacks):
    """Wrangling a fandom into another's synonym moves its works' counts to the canonical one,
    each work once."""
    gaslight = Tag.objects.get(name="Gaslight Tales")
    holmes = Tag.objects.get(name="Sherlock Holmes - Arthur Conan Doyle")
    before = _kept_counts(None, "fandom")
    with django_capture_on_commit_callbacks(execute=True):
        tags_make_synonyms(tags=[gaslight], canonical=holmes)
    after = _kept_counts(None, "fandom")
    assert after == _orm_counts(None, "fandom")
    assert after[holmes.pk] < before[holmes.pk] + before[gaslight.pk]  # "Fog Two" counted once
