"""A guest's look at one work runs a statement compiled once (works.selectors.work_visible_one):
it must answer exactly as the visibility rule does, for every state a work can be in."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from tests.factories import work_post

from ficarchive.works.models import Work
from ficarchive.works.selectors import work_visibility_q, work_visible_one

pytestmark = pytest.mark.django_db

STATES = {
    "posted": {},
    "draft": {"draft": True},
    "hidden": {"hidden_by_staff": True},
    "held": {"permission_held": True},
    "restricted": {"restricted": True},
    "restricted draft": {"restricted": True, "draft": True},
}


def test_guest_sees_what_the_rule_says_in_every_state(author):
    guest = AnonymousUser()
    works = {}
    for name, flags in STATES.items():
        work = work_post(author, title=f"The {name} one")
        Work.objects.filter(pk=work.pk).update(**flags)
        works[name] = work.pk
    for name, work_id in works.items():
        ruled = Work.objects.filter(work_visibility_q(None), pk=work_id).first()
        for given in (Work.objects.all(), Work.objects.select_related("archived_by")):
            seen = work_visible_one(given, user=guest, work_id=work_id)
            assert (seen is None) == (ruled is None), name
            if seen is not None:
                assert seen.pk == work_id
                assert seen.title == f"The {name} one"
                assert not seen.get_deferred_fields()
    assert work_visible_one(Work.objects.all(), user=guest, work_id=works["posted"]) is not None
    assert work_visible_one(Work.objects.all(), user=guest, work_id=works["draft"]) is None
    assert work_visible_one(Work.objects.all(), user=guest, work_id=10**9) is None
    for beyond in (2**63, -(2**63) - 1, 2**70):  # no column holds it: nothing, not an error
        assert work_visible_one(Work.objects.all(), user=guest, work_id=beyond) is None


def test_a_filtered_queryset_keeps_its_filter_for_guests(author):
    """The compiled statement is only for an unfiltered queryset: a caller's own filter holds."""
    work = work_post(author, title="Lantern")
    guest = AnonymousUser()
    assert work_visible_one(Work.objects.filter(title="Lantern"), user=guest, work_id=work.pk)
    assert work_visible_one(Work.objects.filter(title="Other"), user=guest, work_id=work.pk) is None
