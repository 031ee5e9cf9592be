"""A reader, an author and a member of staff use the archive in Debian's Chromium, start to end:
browse by fandom, filter (include and exclude), read, kudos, comment, reply, bookmark,
subscribe; post with a preview, save a chapter draft, moderate from the queue; wrangle two tags
into synonyms and see the listing reflect it."""

import re

import pytest
from playwright.sync_api import expect
from tests.pages.conftest import DESKTOP
from tests.pages.site_data import archive_build, session_cookie

from ficarchive.feedback.models import Bookmark, Comment, Kudos, Subscription
from ficarchive.works.models import Tag, Work

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_as(browser, live_server, user=None):
    context = browser.new_context(viewport=DESKTOP)
    if user is not None:
        context.add_cookies(session_cookie(user, live_server.url))
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def submit(page, target) -> None:
    """Click something that loads a new page, and wait for it."""
    with page.expect_navigation():
        (page.locator(target) if isinstance(target, str) else target).click()


def test_walkthrough(browser, live_server, settings):
    """The whole round, as people do it, with the archive's state checked at each step."""
    settings.FICARCHIVE_THROTTLES = {"comment": (1000, 60), "kudos": (1000, 60)}
    a = archive_build()
    site = live_server.url
    reader = open_as(browser, live_server, a.reader)

    # Browse by fandom: /fandoms/ → the fandom's works.
    reader.goto(f"{site}/fandoms/")
    submit(reader, reader.get_by_role("link", name="Sherlock Holmes - Arthur Conan Doyle"))
    expect(reader.get_by_role("heading", level=1)).to_contain_text("Sherlock Holmes")
    expect(reader.locator(".blurb")).to_have_count(2)

    # Filter: include a relationship, exclude an additional tag, with the keyboard.
    include = reader.locator(".facets-include .facet-relationship").get_by_label(
        re.compile("Sherlock Holmes/John Watson")
    )
    include.focus()
    reader.keyboard.press("Space")
    expect(include).to_be_checked()
    reader.fill("#f-exclude", "Sea Fog")
    submit(reader, "#filter-submit")
    expect(reader.locator(".results-count")).to_contain_text("1 – 1 of 1 work")
    expect(reader.locator(".active-filters")).to_contain_text("not Sea Fog")
    reader.fill("#f-exclude", "Holmes/Watson")  # a synonym of the included tag
    submit(reader, "#filter-submit")
    expect(reader.locator(".empty-state")).to_contain_text("Drop one of these")

    # Read, leave kudos, comment, bookmark and subscribe.
    work = a.harbour
    reader.goto(f"{site}{work.get_absolute_url()}")
    submit(reader, "#kudos-button")
    expect(reader.locator(".kudos-given").first).to_be_visible()
    reader.fill("#comment-body", "The bells at the end: perfect.")
    submit(reader, "#comment-submit")
    expect(reader.locator(".awaiting").last).to_be_visible()  # the work is moderated
    submit(reader, "#bookmark-link")
    reader.fill("#id_notes", "For the long nights.")
    submit(reader, "#bookmark-save")
    reader.goto(f"{site}/works/{a.imported.pk}/")
    submit(reader, "#subscribe-button")
    expect(reader.locator("#unsubscribe-button")).to_be_visible()
    assert Kudos.objects.filter(work=work, user=a.reader).exists()
    assert (
        Bookmark.objects.get(user=a.reader, work=work).notes_html == "<p>For the long nights.</p>"
    )
    assert Subscription.objects.filter(user=a.reader, work=a.imported).exists()

    # The author moderates from the one queue, then replies to the comment.
    author = open_as(browser, live_server, a.author)
    author.goto(f"{site}/")
    expect(author.locator("#nav-inbox .count-badge")).to_be_visible()
    author.goto(f"{site}/comments/moderation/")
    pending = Comment.objects.get(body_html__contains="perfect")
    submit(author, author.locator(f"#pending-{pending.pk}").get_by_role("button", name="Approve"))
    expect(author.locator(f"#pending-{pending.pk}")).to_have_count(0)
    author.goto(f"{site}{work.get_absolute_url()}#comment-{pending.pk}")
    submit(author, author.locator(f"#comment-{pending.pk}").get_by_role("link", name="Reply"))
    author.locator(f"#reply-{pending.pk} textarea").fill("They ring for you.")
    submit(author, author.locator(f"#reply-{pending.pk}").get_by_role("button", name="Post reply"))
    reply = Comment.objects.get(parent=pending)
    expect(author.locator(f"#comment-{reply.pk}")).to_contain_text("They ring for you.")
    reader.goto(f"{site}/inbox/")
    newest = reader.locator(".inbox-item.reply").first
    expect(newest).to_contain_text("replied to your comment")
    expect(newest.locator(".inbox-comment")).to_contain_text("They ring for you")

    # Post with a preview, then save a chapter draft.
    author.goto(f"{site}/works/new/")
    author.fill("#id_title", "Gull Weather")
    fandoms = author.locator("#id_fandoms")
    fandoms.press_sequentially("Orig")  # the suggestions, chosen with the keyboard
    expect(author.get_by_role("option", name="Original Work")).to_be_visible()
    fandoms.press("ArrowDown")
    fandoms.press("Enter")
    expect(fandoms).to_have_value("Original Work, ")
    author.fill("#id_body", "The gulls came inland, which meant a storm.")
    submit(author, "#preview-work")
    expect(author.locator(".banner-draft")).to_contain_text("Preview")
    posted = Work.objects.get(title="Gull Weather")
    assert posted.draft
    submit(author, "#post-draft")
    expect(author.locator(".banner-draft")).to_have_count(0)
    assert not Work.objects.get(pk=posted.pk).draft
    submit(author, "#add-chapter")
    author.fill("#id_chapter_title", "The Storm")
    author.fill("#id_body", "It broke at midnight.")
    submit(author, "#save-chapter-draft")
    expect(author.locator(".banner-draft")).to_contain_text("is a draft")
    chapter = posted.chapters.get(position=2)
    assert chapter.draft
    reader.goto(f"{site}{chapter.get_absolute_url()}")
    expect(reader.locator("h1")).not_to_contain_text("Gull Weather")  # 404 for others

    # Staff wrangle two tags into synonyms; the listing then finds both works under one.
    staff = open_as(browser, live_server, a.staff)
    staff.goto(f"{site}/staff/tags/?type=freeform")
    for name in ("Harbor Fog", "harbour fog"):
        staff.get_by_label(name, exact=True).check()
    staff.get_by_label("Make them synonyms of…").check()
    staff.fill("#id_target", "Sea Fog")
    submit(staff, "#wrangle-apply")
    expect(staff.locator(".messages")).to_contain_text("Now synonyms of Sea Fog")
    assert set(Tag.objects.filter(synonym_of__name="Sea Fog").values_list("name", flat=True)) == {
        "Harbor Fog",
        "harbour fog",
    }
    reader.goto(f"{site}/works/?q=harbour+fog")  # a synonym typed in the search box
    expect(reader.locator(".tag-from-text")).to_contain_text("Sea Fog")
    titles = reader.locator(".blurb-title a").all_inner_texts()
    assert sorted(titles) == ["The Harbour Light", "The Lamp in the Window"]
