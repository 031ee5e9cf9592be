"""The Django admin opens for staff on works, tags, creators, series and import records."""

import pytest

from ficarchive.importing.services import import_bytes
from ficarchive.works.models import Creator, Series, Tag, Work

pytestmark = pytest.mark.django_db

STORY = (
    b"Title: Admin's Tale\nAuthor: Test Writer\nSeries: Ledgers, part 1\n\n"
    b"The clerk counted the lamps in the long hall every night, and every night there was one "
    b"more than the night before. He wrote the number in the ledger, underlined it twice, and "
    b"said nothing to anyone, because he suspected that the hall was only trying to be helpful."
)


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw-123-long")
    client.force_login(user)
    return client


def test_admin_pages_open_for_every_model(staff_client):
    """Changelist, search and change pages answer 200 for each registered works model."""
    result = import_bytes(source="admin-tale.txt", data=STORY)
    work = Work.objects.get(pk=result.work_id)
    pages = [
        "/admin/works/work/",
        "/admin/works/work/?q=admin",
        f"/admin/works/work/{work.pk}/change/",
        "/admin/works/tag/?q=rated",
        f"/admin/works/tag/{Tag.objects.get(name='Not Rated').pk}/change/",
        "/admin/works/creator/",
        f"/admin/works/creator/{Creator.objects.first().pk}/change/",
        "/admin/importing/importrecord/",
    ]
    if Series.objects.exists():
        pages.append(f"/admin/works/series/{Series.objects.first().pk}/change/")
    for page in pages:
        assert staff_client.get(page).status_code == 200, page


def test_admin_refuses_readers(client, django_user_model):
    """A logged-in reader who is not staff is sent to the admin login."""
    client.force_login(django_user_model.objects.create_user("reader", password="pw-123-long"))
    assert client.get("/admin/works/work/").status_code == 302
