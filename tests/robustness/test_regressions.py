"""One focused test per server error the sweep found: each input now gets a clear answer."""

import pytest
from django.test import Client

from ficarchive.accounts.services import user_create
from ficarchive.importing.models import ImportRecord
from ficarchive.works.models import Work

pytestmark = pytest.mark.django_db

HUGE = str(2**70)
PASTED = (
    "Title: The Orchard Gate\nAuthor: Pip\nRating: PG\n\n"
    "The gate had not closed properly since the winter storm, and the goats knew it.\n\n"
    "Every morning one more of them stood among the apple trees, looking pleased."
)


@pytest.fixture
def author_client(settings) -> Client:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = user_create(username="pip", email="pip@example.org", password="orchard-gate-77")
    client = Client()
    client.force_login(user)
    return client


def work_form(client: Client, **changes) -> dict:
    """A complete new-work form as a person would send it."""
    pseud = client.get("/works/new/").context["form"].fields["pseuds"].queryset.get()
    data = {
        "title": "The Orchard Gate",
        "pseuds": [pseud.pk],
        "rating": "General Audiences",
        "warnings": ["No Archive Warnings Apply"],
        "categories": ["Gen"],
        "fandoms": "Original Work",
        "distribution_permission": "unknown",
        "language": "en",
        "chapter_title": "",
        "body": "The goats knew it.",
        "action": "post",
    }
    data.update(changes)
    return data


def preview_form(**changes) -> dict:
    """A complete import preview form."""
    data = {
        "title": "The Orchard Gate",
        "rating": "General Audiences",
        "warnings": ["No Archive Warnings Apply"],
        "categories": ["Gen"],
        "fandoms": "Original Work",
        "distribution_permission": "unknown",
        "feedback_wanted": "",
        "language": "en",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("field", ["series_part", "expected_chapters"])
def test_new_work_with_a_huge_number_is_a_form_error(author_client, field):
    """A number past what the database holds (2**70) re-shows the new-work form with an error."""
    data = work_form(author_client, series_title="Gates", **{field: HUGE})
    response = author_client.post("/works/new/", data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Work.objects.exists()


@pytest.mark.parametrize("field", ["series_part", "expected_chapters"])
def test_import_preview_with_a_huge_number_is_a_form_error(author_client, field):
    """The import preview form refuses 2**70 for a part or a chapter total, and posts nothing."""
    preview_url = author_client.post("/import/", {"text": PASTED})["Location"]
    response = author_client.post(preview_url, preview_form(series_title="Gates", **{field: HUGE}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Work.objects.exists()
    assert ImportRecord.objects.get().work is None


@pytest.mark.parametrize("query", ["q=a%00b", "q=bell%07s", "q=%1B%5B31m"])
def test_opds_search_with_control_characters_is_a_valid_feed(query):
    """Control characters in the OPDS search text are dropped, not fed to the XML writer."""
    response = Client().get(f"/opds/search/?{query}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<feed" in body
    assert "\x00" not in body
    assert "\x07" not in body
    assert "\x1b" not in body


@pytest.mark.parametrize("page", ["%C2%B2", "9" * 5000])
def test_opds_odd_page_numbers_are_not_found(page):
    """A superscript digit and a 5,000-digit page number are 'no such page', not a crash."""
    for path in ("/opds/new/", "/opds/search/?q=gate&"):
        separator = "" if path.endswith("&") else "?"
        response = Client().get(f"{path}{separator}page={page}")
        assert response.status_code == 404, path


def test_new_work_with_a_huge_pseud_id_is_a_form_error(author_client):
    """A pseud id past 64 bits is an invalid choice on the form, not an OverflowError."""
    response = author_client.post("/works/new/", work_form(author_client, pseuds=[HUGE]))
    assert response.status_code == 200
    assert "pseuds" in response.context["form"].errors
    assert not Work.objects.exists()


@pytest.mark.parametrize(
    "path",
    ["/tags/a%00b/", "/tags/%00/works/", "/users/a%00b/", "/users/%00/bookmarks/", "/claim/%00/"],
)
def test_a_nul_byte_in_a_path_name_is_not_found(path):
    """A NUL in a tag, creator, user or token path is a 404 (PostgreSQL would refuse the query)."""
    user_create(username="pip", email="pip@example.org", password="orchard-gate-77")
    assert Client().get(path).status_code == 404
    assert Client().post(path, {}).status_code == 404
