"""The new-work form, editing, chapters and drafts: only creators write, drafts never leak."""

import re

import pytest
from django.test import Client

from ficarchive.works.models import Chapter, Tag, Work

BODY = "First paragraph.\n\nSecond paragraph with <em>style</em>."


def new_work_data(user, **overrides):
    data = {
        "title": "Fresh Work",
        "pseuds": [user.pseuds.get().pk],
        "rating": "Teen And Up Audiences",
        "warnings": ["No Archive Warnings Apply"],
        "categories": ["Gen"],
        "fandoms": "Original Work, Another Fandom",
        "relationships": "",
        "characters": "Ada, Ben",
        "freeform": "Rain, Friendship",
        "summary": "A short summary.",
        "notes": "",
        "end_notes": "Thanks for reading.",
        "disclaimer": "Not mine.",
        "spoilers": "",
        "distribution_text": "Ask first",
        "distribution_permission": "ask",
        "feedback_text": "Yes please",
        "feedback_wanted": "yes",
        "comment_policy": "",
        "series_title": "Rainy Days",
        "series_part": "2",
        "language": "en",
        "expected_chapters": "2",
        "chapter_title": "Beginnings",
        "body": BODY,
        "action": "post",
    }
    data.update(overrides)
    return data


def test_new_work_form_creates_work_with_every_field(author, client_for):
    """Posting the form stores fields, fixed and free tags, series, and a sanitized chapter."""
    response = client_for(author).post("/works/new/", new_work_data(author))
    assert response.status_code == 302
    work = Work.objects.get()
    assert response["Location"] == work.get_absolute_url()
    assert not work.draft
    assert work.published_at is not None
    assert work.summary == "A short summary."
    assert work.disclaimer == "Not mine."
    assert work.distribution_permission == "ask"
    assert work.feedback_wanted is True
    assert work.expected_chapters == 2
    assert work.word_count == 6
    names = {(t.type, t.name) for t in work.tags.all()}
    assert ("rating", "Teen And Up Audiences") in names
    assert ("category", "Gen") in names
    assert ("fandom", "Another Fandom") in names
    assert ("freeform", "Rain") in names
    assert work.series_parts.get().series.title == "Rainy Days"
    assert work.series_parts.get().position == 2
    chapter = work.chapters.get()
    assert chapter.title == "Beginnings"
    assert (
        chapter.body_html == "<p>First paragraph.</p><p>Second paragraph with <em>style</em>.</p>"
    )
    assert list(work.creators.all()) == [author.pseuds.get()]


def test_new_work_needs_login(db):
    """Guests are sent to log in."""
    response = Client().get("/works/new/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_cannot_post_under_someone_elses_pseud(author, reader, client_for):
    """The pseud field only accepts the user's own pseuds."""
    data = new_work_data(author)
    response = client_for(reader).post("/works/new/", data)
    assert response.status_code == 200
    assert not Work.objects.exists()


def test_body_payload_is_sanitized(author, client_for):
    """Scripts and handlers never reach a chapter body."""
    data = new_work_data(
        author, body="<p>ok</p><script>alert(1)</script><img src=x onerror=alert(1)>"
    )
    client_for(author).post("/works/new/", data)
    html = Chapter.objects.get().body_html
    assert "script" not in html
    assert "onerror" not in html
    assert "<p>ok</p>" in html


def test_draft_is_seen_by_its_creator_only(author, reader, client_for):
    """A draft answers 404 to other users and guests, and 200 to its creator, until posted."""
    client_for(author).post("/works/new/", new_work_data(author, action="draft"))
    work = Work.objects.get()
    assert work.draft
    assert work.published_at is None
    assert Client().get(work.get_absolute_url()).status_code == 404
    assert client_for(reader).get(work.get_absolute_url()).status_code == 404
    assert client_for(author).get(work.get_absolute_url()).status_code == 200
    assert client_for(reader).post(f"/works/{work.pk}/post/").status_code == 404
    client_for(author).post(f"/works/{work.pk}/post/")
    assert client_for(reader).get(work.get_absolute_url()).status_code == 200


def test_only_creators_edit_a_work(work, author, reader, client_for):
    """Another user gets 403 on the edit form and its POST; the creator's edit is saved."""
    assert client_for(reader).get(f"/works/{work.pk}/edit/").status_code == 403
    data = new_work_data(author, title="Renamed")
    data.pop("body")
    assert client_for(reader).post(f"/works/{work.pk}/edit/", data).status_code == 403
    work.refresh_from_db()
    assert work.title == "Kept Promises"
    assert client_for(author).get(f"/works/{work.pk}/edit/").status_code == 200
    assert client_for(author).post(f"/works/{work.pk}/edit/", data).status_code == 302
    work.refresh_from_db()
    assert work.title == "Renamed"


def test_only_creators_manage_chapters(work, author, reader, client_for):
    """Add, edit, reorder and delete chapters answer 403 to others and change nothing."""
    other = client_for(reader)
    first = work.chapters.get()
    assert other.post(f"/works/{work.pk}/chapters/new/", {"body": "x"}).status_code == 403
    assert (
        other.post(f"/works/{work.pk}/chapters/{first.pk}/edit/", {"body": "x"}).status_code == 403
    )
    assert other.post(f"/works/{work.pk}/chapters/", {f"position_{first.pk}": 1}).status_code == 403
    assert other.post(f"/works/{work.pk}/chapters/{first.pk}/delete/").status_code == 403
    assert other.post(f"/works/{work.pk}/delete/").status_code == 403
    assert work.chapters.count() == 1
    assert Work.objects.filter(pk=work.pk).exists()


def test_chapters_add_edit_reorder_delete(work, author, client_for):
    """The creator adds chapters, edits one, reorders them and deletes one; positions stay 1..n."""
    client = client_for(author)
    for title in ("Two", "Three"):
        assert (
            client.post(
                f"/works/{work.pk}/chapters/new/", {"chapter_title": title, "body": f"{title} text"}
            ).status_code
            == 302
        )
    one, two, three = work.chapters.order_by("position")
    client.post(
        f"/works/{work.pk}/chapters/{two.pk}/edit/",
        {"chapter_title": "Two!", "body": "New text here"},
    )
    two.refresh_from_db()
    assert two.title == "Two!"
    assert two.word_count == 3
    client.post(
        f"/works/{work.pk}/chapters/",
        {f"position_{one.pk}": 3, f"position_{two.pk}": 1, f"position_{three.pk}": 2},
    )
    assert [c.pk for c in work.chapters.order_by("position")] == [two.pk, three.pk, one.pk]
    client.post(f"/works/{work.pk}/chapters/{three.pk}/delete/")
    assert [(c.pk, c.position) for c in work.chapters.order_by("position")] == [
        (two.pk, 1),
        (one.pk, 2),
    ]
    work.refresh_from_db()
    assert work.word_count == sum(c.word_count for c in work.chapters.all())


def test_last_chapter_cannot_be_deleted(work, author, client_for):
    """A work keeps at least one chapter."""
    only = work.chapters.get()
    client_for(author).post(f"/works/{work.pk}/chapters/{only.pk}/delete/")
    assert work.chapters.count() == 1


def test_creator_deletes_work(work, author, client_for):
    """The creator can delete the whole work."""
    assert client_for(author).post(f"/works/{work.pk}/delete/").status_code == 302
    assert not Work.objects.filter(pk=work.pk).exists()


def test_posting_forms_need_csrf(work, author):
    """New-work, chapter and edit forms refuse a POST without the CSRF token."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(author)
    assert client.post("/works/new/", new_work_data(author)).status_code == 403
    assert client.post(f"/works/{work.pk}/chapters/new/", {"body": "x"}).status_code == 403
    assert client.post(f"/works/{work.pk}/delete/").status_code == 403
    assert Work.objects.count() == 1
    assert work.chapters.count() == 1


def test_tag_autocomplete_suggests_existing_tags(work, author, client_for):
    """Autocomplete offers existing tags of the asked type, prefix matches first."""
    Tag.objects.create(name="Original Characters", type="character")
    found = Client().get("/posting/tags/autocomplete/", {"type": "fandom", "q": "orig"}).json()
    assert found["tags"] == ["Original Work"]
    assert Client().get("/posting/tags/autocomplete/", {"type": "rating", "q": "G"}).json() == {
        "tags": [],
        "suggestions": [],
    }


def test_tag_autocomplete_offers_the_canonical_tag_for_a_synonym(author, make_work):
    """Typing a synonym ("W/S") offers its canonical tag, and says which name matched."""
    make_work(author, relationships=["W/S"])
    canonical = Tag.objects.create(
        name="Willow Rosenberg/Spike", type="relationship", canonical=True
    )
    Tag.objects.filter(name="W/S").update(synonym_of=canonical)
    found = Client().get("/posting/tags/autocomplete/", {"type": "any", "q": "W/S"}).json()
    assert found["suggestions"] == [{"name": "Willow Rosenberg/Spike", "matched": "W/S"}]
    assert found["tags"] == ["Willow Rosenberg/Spike"]


def test_every_tag_input_offers_suggestions(work, author, reader, make_user, client_for):
    """Post a work, the listing's filters, a bookmark's tags and the wrangling target all ask
    for suggestions, and their pages load the script that offers them."""
    staff = make_user("staffer", is_staff=True)
    cases = [
        (author, "/works/new/", ("fandoms", "relationships", "characters", "freeform")),
        (reader, "/works/", ("tag", "exclude_tag")),
        (reader, f"/works/{work.pk}/bookmark/", ("tags",)),
        (staff, "/staff/tags/", ("target",)),
    ]
    for user, url, names in cases:
        page = client_for(user).get(url).content.decode()
        assert "site/autocomplete.js" in page, url
        for name in names:
            inputs = re.findall(rf'<input[^>]*\bname="{name}"[^>]*>', page)
            text_inputs = [i for i in inputs if 'type="checkbox"' not in i]
            assert text_inputs, (url, name)
            assert all("data-autocomplete=" in i for i in text_inputs), (url, text_inputs)


@pytest.mark.parametrize(
    "field",
    ["title", "summary", "notes", "end_notes", "disclaimer", "spoilers", "characters", "freeform"],
)
def test_text_fields_are_escaped_on_the_work_page(author, client_for, field):
    """A script payload in any text field of the form shows as text on the work page."""
    payload = "<script>alert('x')</script>"
    data = new_work_data(author, **{field: payload})
    client = client_for(author)
    client.post("/works/new/", data)
    work = Work.objects.get()
    for viewer in (client, Client()):
        page = viewer.get(work.get_absolute_url()).content.decode()
        assert "<script>alert" not in page
    edit = client.get(f"/works/{work.pk}/edit/").content.decode()
    assert "<script>alert" not in edit


def test_editing_keeps_co_creators_from_other_accounts(work, author, reader, client_for):
    """A co-created work keeps the other account's pseud when one creator edits it."""
    work.creators.add(reader.pseuds.get(), through_defaults={"position": 1})
    data = new_work_data(author, title="Shared")
    data.pop("body")
    assert client_for(author).post(f"/works/{work.pk}/edit/", data).status_code == 302
    assert set(work.creators.values_list("name", flat=True)) == {"author", "reader"}
    assert client_for(reader).get(f"/works/{work.pk}/edit/").status_code == 200
