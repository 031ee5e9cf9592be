"""'Paste a legacy header' fills the new-work form with what the legacy reader finds."""

from ficarchive.works.models import Work

# Written for this test: a header in the common legacy shape, then a short story.
PASTED = """Title: The Lighthouse Keeper's Daughter
Author: Wren Halloway
Rating: PG-13
Fandom: Original Work
Summary: She keeps the light burning long after the ships stop coming.
Disclaimer: All mine, for once.
Feedback: Yes, please!

The lamp needed oil again, and the stairs had not grown any shorter.
"""


def test_paste_fills_title_rating_fandom_summary(author, client_for):
    """The filled form carries the header's title, mapped rating, fandom and summary."""
    client = client_for(author)
    response = client.post(
        "/works/new/", {"action": "fill", "legacy_header": PASTED, "title": "", "body": ""}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["title"] == "The Lighthouse Keeper's Daughter"
    assert form.initial["rating"] == "Teen And Up Audiences"
    assert "Original Work" in form.initial["fandoms"]
    assert form.initial["summary"].startswith("She keeps the light burning")
    assert form.initial["feedback_wanted"] == "yes"
    assert not Work.objects.exists()
    page = response.content.decode()
    assert 'value="The Lighthouse Keeper&#x27;s Daughter"' in page


def test_paste_keeps_what_the_user_already_typed(author, client_for):
    """Fields the header does not mention keep the values already in the form."""
    response = client_for(author).post(
        "/works/new/",
        {"action": "fill", "legacy_header": PASTED, "freeform": "Lighthouses", "body": ""},
    )
    assert response.context["form"].initial["freeform"] == "Lighthouses"


def test_filled_form_posts_a_work(author, client_for):
    """After filling, posting the form creates the work with the pasted values."""
    client = client_for(author)
    filled = client.post("/works/new/", {"action": "fill", "legacy_header": PASTED}).context["form"]
    data = {k: v for k, v in filled.initial.items() if v is not None}
    data.update(action="post", body=data.get("body") or "Some words.", language="en")
    data["distribution_permission"] = data.get("distribution_permission", "unknown")
    response = client.post("/works/new/", data)
    assert response.status_code == 302, response.context["form"].errors
    work = Work.objects.get()
    assert work.title == "The Lighthouse Keeper's Daughter"
    assert work.feedback_wanted is True
