"""The one work form: Post a work and the upload preview are one form class, filled by one
mapping from a parsed story, writing through one path; preview, drafts, inline errors."""

import dataclasses
import re
from datetime import datetime

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from ficarchive.feedback.models import InboxItem, Subscription
from ficarchive.legacy.model import (
    Block,
    ChapterNumber,
    Distribution,
    Feedback,
    ParsedChapter,
    ParsedWork,
    Provenance,
    Series,
    Song,
)
from ficarchive.posting.forms import WorkForm
from ficarchive.works.models import Work
from ficarchive.works.services import work_input_for_edit, work_input_from_parsed

pytestmark = pytest.mark.django_db

# Invented for this test: a legacy story whose header fills every field of the form.
STORY = """Title: The Ferryman's Lantern
Author: Orrin Vale
Rating: PG-13
Fandom: Original Work
Characters: Tam, the Ferryman
Summary: A boy rows the ferryman's lantern across the river on the longest night.
Notes: For the winter swap.
Disclaimer: Everything here is mine.
Series: River Tales, part 2
Archive: Yes, anywhere, just tell me.
Feedback: Always welcome.

The river was black and slow, and the lantern swung at the bow of the boat like a
second moon. Tam counted the strokes because counting kept the cold out of his hands,
and because the ferryman had told him that a boy who counts never gets lost.

On the far bank a door opened, and a square of yellow light fell on the water, and
somebody called his name as if they had been waiting a very long time to say it.
"""


def parsed_everything() -> ParsedWork:
    """A parsed story with a value in every field the form shows (and some it does not)."""
    return ParsedWork(
        source="ferry.txt",
        title="The Ferryman's Lantern",
        authors=["Orrin Vale"],
        rating="Teen And Up Audiences",
        fandoms=["Original Work"],
        relationships=["Tam/The Ferryman"],
        relationships_original=["T/F"],
        characters=["Tam", "The Ferryman"],
        warnings=["No Archive Warnings Apply", "Cold Water"],
        categories=["Gen"],
        freeform=["Rivers", "Lanterns"],
        summary="A boy rows a lantern across.",
        notes="For the winter swap.",
        end_notes="Thank you.",
        disclaimer="Mine.",
        spoilers="He makes it.",
        series=Series(title="River Tales", part=2),
        chapter=ChapterNumber(number=1, total=3),
        distribution=Distribution(text="Anywhere", archives=["Riverbank"], permission="yes"),
        feedback=Feedback(text="Always welcome.", wanted=True),
        language="de",
        songs=[Song(artist="The Oars", title="Slow Water")],
        extra={"Beta": "Wren", "Published": "2001-03-04"},
        chapters=[
            ParsedChapter(title="Night", blocks=[Block("paragraph", "The river was black.")])
        ],
    )


def form_data(form: WorkForm) -> dict:
    """What a browser sends back for an untouched form: every field's initial value."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value in (None, False):
            continue
        if isinstance(value, list):
            data[name] = [str(v) for v in value]
        else:
            data[name] = "on" if value is True else str(value)
    return data


def test_the_mapping_round_trips_through_the_form(make_user):
    """A parsed story → the form's initial values → posted back unchanged → the same WorkInput
    (fields the form does not show, such as songs and dates, ride along from the base)."""
    user = make_user("orrin")
    user.user_permissions.add(Permission.objects.get(codename="archive_for_others"))
    user = type(user).objects.get(pk=user.pk)  # permissions are cached per object
    base = work_input_from_parsed(parsed_everything())
    form = WorkForm(
        form_data(WorkForm(user=user, route="import", base=base)),
        user=user,
        route="import",
        base=base,
    )
    assert form.is_valid(), form.errors
    back = form.work_input()
    assert back.archived_by == user
    back.archived_by = None
    assert dataclasses.asdict(back) == dataclasses.asdict(base)
    assert base.freeform == ["Rivers", "Lanterns", "Cold Water"]  # unknown warning → a tag
    assert base.synonyms == [("T/F", "Tam/The Ferryman")]
    assert base.published_at == datetime.fromisoformat("2001-03-04T00:00:00+00:00")


def test_changed_relationships_drop_the_synonyms_of_what_was_read(make_user):
    """A spelling as written becomes a synonym only while its canonical tag is still given."""
    user = make_user("orrin")
    base = work_input_from_parsed(parsed_everything())
    data = form_data(WorkForm(user=user, route="import", base=base))
    data.update(relationships="Tam & The Ferryman", own_story="on")
    form = WorkForm(data, user=user, route="import", base=base)
    assert form.is_valid(), form.errors
    assert form.work_input().synonyms == []


def test_both_routes_are_one_form_class(author, client_for):
    """/works/new/ and the upload preview render the same form class; the preview without
    the chapter fields (its text comes from the file), Post a work with them."""
    client = client_for(author)
    new = client.get("/works/new/")
    preview = client.get(client.post("/import/", {"text": STORY})["Location"])
    assert type(new.context["form"]) is type(preview.context["form"]) is WorkForm
    assert "body" in new.context["form"].fields
    assert "body" not in preview.context["form"].fields
    for response in (new, preview):
        page = response.content.decode()
        assert 'id="preview-work"' in page
        assert 'id="post-work"' in page
        assert 'id="save-draft"' in page


def test_both_routes_write_the_same_work(author, client_for):
    """The same values through Post a work and through the upload preview make works that
    say the same things about themselves: one write path."""
    client = client_for(author)
    preview_url = client.post("/import/", {"text": STORY})["Location"]
    values = form_data(client.get(preview_url).context["form"])
    values.update(own_story="on", action="post")
    assert client.post(preview_url, values).status_code == 302
    uploaded = Work.objects.get()
    values.pop("own_story")
    values.update(title="The Ferryman's Lantern, typed", body="The river was black and slow.")
    assert client.post("/works/new/", values).status_code == 302
    typed = Work.objects.exclude(pk=uploaded.pk).get()
    a, b = work_input_for_edit(uploaded), work_input_for_edit(typed)
    # What the form does not show (header fields it has no place for) only the upload has.
    for data in (a, b):
        data.title, data.extra_fields, data.songs = "", {}, []
    assert dataclasses.asdict(a) == dataclasses.asdict(b)
    assert uploaded.imported_at is not None
    assert typed.imported_at is None
    assert uploaded.source_name == "pasted text"
    assert uploaded.content_hash


def test_doubtful_fields_come_first_on_the_preview(author):
    """Fields the reader is unsure of lead the form, each saying where it was read."""
    parsed = parsed_everything()
    parsed.provenance = {
        "title": Provenance("label", 0.99),
        "fandoms": Provenance("inferred", 0.4),
        "series": Provenance("prose", 0.55),
    }
    uncertain = [
        (n, parsed.provenance[n].source, parsed.provenance[n].confidence)
        for n in parsed.uncertain_fields()
    ]
    form = WorkForm(
        user=author, route="import", base=work_input_from_parsed(parsed), uncertain=uncertain
    )
    first, *rest = form.fieldsets()
    assert first.legend == "Check these first"
    assert [f.name for f in first.fields] == ["fandoms", "series_title", "series_part"]
    assert "story itself (a guess), 40% sure" in form.fields["fandoms"].help_text
    assert all(f.name not in ("fandoms", "series_title") for g in rest for f in g.fields)


def test_preview_saves_a_draft_and_shows_it_as_readers_will(author, reader, client_for):
    """Preview creates a draft and shows it with the preview banner; Post publishes it."""
    client = client_for(author)
    response = client.post(
        "/works/new/",
        {
            "title": "Previewed",
            "pseuds": [author.pseuds.get().pk],
            "rating": "Not Rated",
            "fandoms": "Original Work",
            "distribution_permission": "unknown",
            "language": "en",
            "body": "Words to preview.",
            "action": "preview",
        },
    )
    work = Work.objects.get()
    assert work.draft
    assert response["Location"] == f"/works/{work.pk}/?preview=1"
    page = client.get(response["Location"]).content.decode()
    assert "Preview: this is how readers will see your work" in page
    assert 'id="post-draft"' in page
    assert 'class="work-downloads"' not in page
    assert 'id="comment-form"' not in page
    assert client_for(reader).get(work.get_absolute_url()).status_code == 404
    client.post(f"/works/{work.pk}/post/")
    assert client_for(reader).get(work.get_absolute_url()).status_code == 200


def test_errors_show_beside_their_fields(author, client_for):
    """A missing fandom and text re-show the form with each message next to its field, the
    field marked invalid, a summary on top, and nothing written."""
    response = client_for(author).post(
        "/works/new/",
        {
            "title": "",
            "pseuds": [author.pseuds.get().pk],
            "rating": "Not Rated",
            "distribution_permission": "unknown",
            "language": "en",
            "action": "post",
        },
    )
    assert response.status_code == 200
    assert not Work.objects.exists()
    page = response.content.decode()
    assert 'class="form-error-summary" role="alert"' in page
    field = page[page.index('id="field-fandoms"') :]
    field = field[: field.index('id="field-relationships"')]
    assert 'id="id_fandoms_error"' in field
    assert "Give at least one fandom" in field
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*id="id_fandoms"', field)
    assert 'aria-describedby="id_fandoms_helptext id_fandoms_error"' in field


def test_a_chapter_draft_waits_for_its_author(work, author, reader, client_for):
    """A chapter saved as a draft is seen by its author only, counts no words, and reaches
    subscribers' inboxes when it is posted."""
    Subscription.objects.create(user=reader, work=work)
    client = client_for(author)
    response = client.post(
        f"/works/{work.pk}/chapters/new/",
        {"chapter_title": "Later", "body": "Three more words.", "action": "draft"},
    )
    chapter = work.chapters.get(position=2)
    assert chapter.draft
    assert response["Location"] == chapter.get_absolute_url()
    work.refresh_from_db()
    assert work.word_count == 4  # the first chapter's "Once upon a time."
    assert "is a draft" in client.get(chapter.get_absolute_url()).content.decode()
    assert client_for(reader).get(chapter.get_absolute_url()).status_code == 404
    assert (
        "Three more words"
        not in Client().get(f"{work.get_absolute_url()}?view_full_work=1").content.decode()
    )
    assert not InboxItem.objects.filter(user=reader).exists()
    client.post(f"/works/{work.pk}/chapters/{chapter.pk}/post/")
    chapter.refresh_from_db()
    work.refresh_from_db()
    assert not chapter.draft
    assert chapter.published_at is not None
    assert work.word_count == 7
    assert client_for(reader).get(chapter.get_absolute_url()).status_code == 200
    assert InboxItem.objects.filter(user=reader, kind="chapter", chapter=chapter).exists()
