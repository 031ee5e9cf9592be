"""A member's pseuds are found by the index of creators with an account, even when nearly every
creator has none and the database has gathered statistics that say so (a rescued archive)."""

from __future__ import annotations

import pytest
from django.db import connection

from ficarchive.works.models import Creator

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="PostgreSQL's planner knows the column's share of nulls; SQLite's statistics do not",
)
def test_a_members_pseuds_by_name_do_not_walk_every_creator(make_user):
    member = make_user("lampkeeper")
    Creator.objects.bulk_create([Creator(name=f"imported {n}") for n in range(2000)])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        sql, params = member.pseuds.all()[:1].query.sql_with_params()
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "creator_user_present" in plan, plan
    assert "SCAN works_creator" not in plan, plan
    assert [p.name for p in member.pseuds.all()[:1]] == ["lampkeeper"]
