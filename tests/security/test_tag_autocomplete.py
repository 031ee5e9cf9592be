"""The posting form's tag autocomplete never reveals tags that only unseen works carry."""

import pytest
from django.test import Client

from ficarchive.works.models import Work

pytestmark = pytest.mark.django_db

URL = "/posting/tags/autocomplete/"


def suggestions(client: Client, q: str) -> list[str]:
    return client.get(URL, {"q": q, "type": "freeform"}).json()["tags"]


def test_tags_only_on_a_draft_stay_private(make_work, author, reader, client_for):
    """A freeform tag used only by a draft is suggested to its creator, to nobody else."""
    make_work(author, title="Unfinished", freeform=["Zzyzx Twist Ending"], draft=True)
    assert suggestions(Client(), "Zzyzx") == []
    assert suggestions(client_for(reader), "Zzyzx") == []
    assert suggestions(client_for(author), "Zzyzx") == ["Zzyzx Twist Ending"]


def test_tags_of_hidden_and_restricted_works(make_work, author, reader, client_for):
    """Tags of a work hidden by staff leak to no reader; a restricted work's only to members."""
    hidden = make_work(author, title="Hidden", freeform=["Qwxv Hidden Thing"])
    Work.objects.filter(pk=hidden.pk).update(hidden_by_staff=True)
    make_work(author, title="Members", freeform=["Qwxv Members Thing"], restricted=True)
    assert suggestions(Client(), "Qwxv") == []
    assert suggestions(client_for(reader), "Qwxv") == ["Qwxv Members Thing"]


def test_tags_of_public_works_are_suggested(make_work, author):
    """A tag on a posted public work is suggested to anyone, prefix matches first."""
    make_work(author, title="Public", freeform=["Plainly Visible", "Quite Plainly"])
    assert suggestions(Client(), "plainly") == ["Plainly Visible", "Quite Plainly"]
