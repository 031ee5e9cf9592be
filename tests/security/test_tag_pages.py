"""Tags that only unseen works carry cannot be read off the catalog by walking tag ids."""

import pytest
from django.test import Client

from ficarchive.works.models import Tag

pytestmark = pytest.mark.django_db


def test_opds_tag_feed_of_a_draft_only_tag_is_404(make_work, author, client_for):
    """/opds/tags/<id>/ of a tag used only by a draft is 404 to others, a feed to its creator."""
    make_work(author, title="Unposted", freeform=["Zzyzx Twist"], draft=True)
    tag = Tag.objects.get(name="Zzyzx Twist")
    response = Client().get(f"/opds/tags/{tag.pk}/")
    assert response.status_code == 404
    assert "Zzyzx" not in response.content.decode()
    assert client_for(author).get(f"/opds/tags/{tag.pk}/").status_code == 200


def test_opds_tag_feed_of_a_public_tag_lists_its_works(make_work, author):
    """A tag on a posted public work still has its feed."""
    make_work(author, title="Posted", freeform=["Open Lantern"])
    tag = Tag.objects.get(name="Open Lantern")
    response = Client().get(f"/opds/tags/{tag.pk}/")
    assert response.status_code == 200
    assert "Posted" in response.content.decode()
