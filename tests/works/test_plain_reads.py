"""site.plain_reads answers what the same ORM filters answer (equality, IS NULL, IN)."""

from __future__ import annotations

import pytest
from tests.factories import work_post

from ficarchive.feedback.models import Kudos
from ficarchive.site.plain_reads import row_exists, rows_values
from ficarchive.works.models import Chapter

pytestmark = pytest.mark.django_db


def test_row_exists_compares_as_the_orm_does(make_user):
    author, reader = make_user("wren"), make_user("finch")
    work = work_post(author, title="Lantern Hours")
    Kudos.objects.create(work=work, user=reader)
    Kudos.objects.create(work=work, guest_hash="a" * 40)
    assert row_exists(Kudos, work_id=work.pk, user_id=reader.pk)
    assert not row_exists(Kudos, work_id=work.pk, user_id=author.pk)
    assert row_exists(Kudos, work_id=work.pk, user_id=None, guest_hash="a" * 40)
    assert not row_exists(Kudos, work_id=work.pk, user_id=None, guest_hash="b" * 40)
    assert not row_exists(Kudos, work_id=work.pk + 1000)


def test_rows_values_reads_lists_and_nothing_for_an_empty_list(make_user):
    work = work_post(make_user("wren"), title="Lantern Hours", body="The lamps were lit.")
    chapter = Chapter.objects.get(work=work)
    rows = rows_values(Chapter, ("id", "body_html"), id=[chapter.pk, chapter.pk + 1000])
    assert rows == [(chapter.pk, chapter.body_html)]
    assert "The lamps were lit." in rows[0][1]
    assert rows_values(Chapter, ("id",), id=[]) == []
