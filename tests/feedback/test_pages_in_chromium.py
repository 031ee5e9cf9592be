"""The people's side of the archive, walked through in the real Chromium (Debian's, via Playwright)."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ficarchive.feedback.models import Comment, InboxItem, Kudos
from ficarchive.works.models import Work

pytestmark = pytest.mark.browser

PASSWORD = "a-long-passphrase-42"

# Written for this test: a legacy header as old archives had them.
LEGACY_HEADER = """Title: Salt and Lamplight
Author: Wren Halloway
Rating: PG-13
Fandom: Original Work
Summary: Two sisters keep a lighthouse through one long winter.
Feedback: Yes, please!
"""


@pytest.fixture
def site(django_db_serialized_rollback, transactional_db, live_server, settings):
    """The live server's address; throttles relaxed so the walk-through is about behaviour."""
    settings.FICARCHIVE_THROTTLES = {"signup": (100, 60), "login": (100, 60), "comment": (100, 60)}
    return live_server.url


def new_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs
    return page


def submit(page, target) -> None:
    """Click a submit button and wait until the answer page has loaded."""
    with page.expect_navigation():
        (page.locator(target) if isinstance(target, str) else target).click()


def sign_up(page, site, name):
    page.goto(f"{site}/signup/")
    page.fill("#id_username", name)
    page.fill("#id_email", f"{name}@example.org")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("#signup-submit")
    expect(page).to_have_url(f"{site}/me/")


def _post_from_pasted_header(author, site) -> Work:
    """The author posts a work, filling the form from a pasted legacy header."""
    author.goto(f"{site}/works/new/")
    author.locator(".legacy-paste summary").click()
    author.fill("#id_legacy_header", LEGACY_HEADER)
    author.click("#fill-from-header")
    expect(author.locator("#id_title")).to_have_value("Salt and Lamplight")
    expect(author.locator("#id_rating")).to_have_value("Teen And Up Audiences")
    expect(author.locator("#id_fandoms")).to_have_value(re.compile("Original Work"))
    author.fill("#id_chapter_title", "Autumn")
    author.fill("#id_body", "The first storm came early.\n\nThey trimmed the wick together.")
    author.fill("#id_expected_chapters", "2")
    author.click("#post-work")
    expect(author.locator("h1#work-title")).to_have_text("Salt and Lamplight")
    work = Work.objects.get(title="Salt and Lamplight")
    assert work.summary.startswith("Two sisters")
    assert work.feedback_wanted is True
    return work


def _reader_follows(reader, site, work: Work) -> None:
    """A reader subscribes, leaves kudos and comments."""
    reader.goto(f"{site}/works/{work.pk}/")
    submit(reader, "#subscribe-button")
    submit(reader, "#kudos-button")
    expect(reader.locator(".kudos-given").first).to_be_visible()
    expect(reader.locator("#kudos-count")).to_have_text("1")
    reader.fill("#comment-body", "The wick scene made me cry.")
    reader.click("#comment-submit")
    expect(reader.locator(".comment-body").first).to_contain_text("The wick scene made me cry.")


def _replies(author, reader, site, work: Work) -> Comment:
    """The author replies; the reader replies to the reply. Returns the first comment."""
    author.goto(f"{site}/works/{work.pk}/")
    first = Comment.objects.get()
    box = author.locator(f"#comment-{first.pk}")
    submit(author, box.get_by_role("link", name="Reply"))
    box.locator(f"#reply-{first.pk} textarea").fill("Thank you for reading!")
    submit(author, box.locator("button", has_text="Post reply"))
    reply = Comment.objects.get(parent=first)
    expect(author.locator(f"#comment-{reply.pk}")).to_contain_text("Thank you for reading!")
    assert reply.depth == 1

    reader.goto(f"{site}/works/{work.pk}/")
    inner = reader.locator(f"#comment-{reply.pk}")
    submit(reader, inner.get_by_role("link", name="Reply"))
    inner.locator("textarea").fill("Can't wait for winter.")
    submit(reader, inner.locator("button", has_text="Post reply"))
    assert Comment.objects.get(parent=reply).depth == 2
    assert Kudos.objects.filter(work=work).count() == 1
    return first


def _moderation(author, reader, guest, site, work: Work, first: Comment) -> None:
    """Moderation on: a new comment waits, then is approved; the first one is deleted."""
    author.goto(f"{site}/works/{work.pk}/comments/moderate/")
    author.check("#moderated")
    submit(author, "#save-settings")
    reader.goto(f"{site}/works/{work.pk}/")
    reader.fill("#comment-body", "A second thought, for approval.")
    reader.click("#comment-submit")
    expect(reader.locator(".awaiting")).to_be_visible()
    guest.goto(f"{site}/works/{work.pk}/")
    expect(guest.locator("#comments")).not_to_contain_text("A second thought")
    author.goto(f"{site}/works/{work.pk}/comments/moderate/")
    author.locator(".pending-comments button", has_text="Approve").click()
    expect(author.locator(".pending-comments")).to_have_count(0)
    guest.goto(f"{site}/works/{work.pk}/")
    expect(guest.locator("#comments")).to_contain_text("A second thought")
    author.goto(f"{site}/works/{work.pk}/")
    submit(author, author.locator(f"#comment-{first.pk} .delete-link"))
    submit(author, "#confirm-button")
    expect(author.locator(f"#comment-{first.pk}")).to_contain_text("Previous comment deleted")


def _second_chapter_reaches_inbox(author, reader, site, work: Work) -> None:
    """The second chapter reaches the subscriber's inbox."""
    author.goto(f"{site}/works/{work.pk}/chapters/new/")
    author.fill("#id_chapter_title", "Winter")
    author.fill("#id_body", "Ice on the rail, and the lamp still lit.")
    submit(author, "#save-chapter")
    assert work.chapters.count() == 2
    reader.goto(f"{site}/inbox/")
    expect(reader.locator(".inbox-item.chapter")).to_contain_text("Winter")
    reader.locator(".inbox-item.chapter a").click()
    expect(reader.locator(".work-text")).to_contain_text("Ice on the rail")
    assert InboxItem.objects.filter(user__username="gull", kind="chapter").count() == 1


def _restricted(author, reader, guest, site, work: Work) -> None:
    """A restricted work: the logged-in reader sees it, a guest does not."""
    author.goto(f"{site}/works/{work.pk}/edit/")
    author.check("#id_restricted")
    submit(author, "#save-work")
    expect(author.locator("h1#work-title")).to_be_visible()
    assert Work.objects.get(pk=work.pk).restricted
    reader.goto(f"{site}/works/{work.pk}/")
    expect(reader.locator("h1#work-title")).to_have_text("Salt and Lamplight")
    response = guest.goto(f"{site}/works/{work.pk}/")
    assert response.status == 404
    expect(guest.locator("body")).not_to_contain_text("Salt and Lamplight")


def test_walkthrough_post_comment_kudos_moderate_restrict_subscribe(browser, site):
    """Sign up, post with a pasted header, add a chapter; a reader comments, replies, leaves
    kudos and subscribes; the author moderates; guests cannot see a restricted work; the
    subscriber finds the new chapter in the inbox."""
    author, reader, guest = new_page(browser), new_page(browser), new_page(browser)
    sign_up(author, site, "wren")
    work = _post_from_pasted_header(author, site)
    sign_up(reader, site, "gull")
    _reader_follows(reader, site, work)
    first = _replies(author, reader, site, work)
    _moderation(author, reader, guest, site, work, first)
    _second_chapter_reaches_inbox(author, reader, site, work)
    _restricted(author, reader, guest, site, work)
    for page in (author, reader, guest):
        assert page.dialogs == []


XSS = '<script>window.__pwned=1;alert(1)</script><img id=pwn src=x onerror="window.__pwned=1;alert(1)">'


def _xss_everywhere_a_work_is_written(author, site) -> Work:
    """The author fills every field of the new-work form with a payload and posts it."""
    author.goto(f"{site}/works/new/")
    for field in (
        "title",
        "fandoms",
        "relationships",
        "characters",
        "freeform",
        "summary",
        "notes",
        "end_notes",
        "disclaimer",
        "spoilers",
        "distribution_text",
        "feedback_text",
        "series_title",
        "chapter_title",
        "chapter_notes",
        "chapter_end_notes",
        "body",
    ):
        author.fill(f"#id_{field}", f"{field} {XSS}")
    author.select_option("#id_comment_policy", "anyone")
    submit(author, "#post-work")
    work = Work.objects.get()
    assert "<script" not in work.chapters.get().body_html
    return work


def _xss_in_comments(author, guest, site, work: Work) -> None:
    """The author and a guest (name too) comment with payloads."""
    author.fill("#comment-body", "Author here. " + XSS)
    submit(author, "#comment-submit")
    guest.goto(f"{site}/works/{work.pk}/")
    guest.fill("#comment-form input[name=guest_name]", XSS[:90])
    guest.fill("#comment-form input[name=guest_email]", "g@example.org")
    guest.fill("#comment-body", "Guest here. " + XSS)
    submit(guest, "#comment-submit")


def _xss_in_a_bookmark(reader, site, work: Work) -> None:
    """A reader bookmarks the work with payloads in the notes and tags."""
    reader.goto(f"{site}/works/{work.pk}/bookmark/")
    reader.fill("#id_notes", XSS)
    reader.fill("#id_tags", XSS)
    submit(reader, "#bookmark-save")


def test_no_stored_xss_in_any_text_field(browser, site):
    """Script payloads in every field a user writes (work form, chapter, comments, guest name,
    bookmark notes and tags, pseud) run nothing and inject no element, in Chromium."""
    author, guest, reader = new_page(browser), new_page(browser), new_page(browser)
    sign_up(author, site, "mallory")
    author.goto(f"{site}/me/")
    author.locator(".pseud-add summary").click()
    author.fill("#id_name", "pseud" + XSS[:40])
    author.fill("#id_description", XSS)
    submit(author, author.locator("button", has_text="Add pseud"))
    work = _xss_everywhere_a_work_is_written(author, site)
    _xss_in_comments(author, guest, site, work)
    sign_up(reader, site, "reader")
    _xss_in_a_bookmark(reader, site, work)
    guest.goto(f"{site}/works/{work.pk}/")
    expect(guest.locator("h1#work-title")).to_contain_text("title <script>window.__pwned")
    expect(guest.locator("#comments")).to_contain_text("<img id=pwn")
    pages = [
        (guest, f"/works/{work.pk}/"),
        (author, f"/works/{work.pk}/"),
        (author, f"/works/{work.pk}/edit/"),
        (author, f"/works/{work.pk}/comments/moderate/"),
        (author, "/me/"),
        (reader, "/bookmarks/"),
        (guest, "/users/reader/bookmarks/"),
        (reader, f"/works/{work.pk}/bookmark/"),
        (guest, "/users/mallory/"),
        (guest, f"/series/{work.series_parts.get().series_id}/"),
        (guest, f"/works/{work.pk}/chapters/1/"),
    ]
    for page, path in pages:
        response = page.goto(f"{site}{path}")
        assert response.status == 200, path
        page.wait_for_load_state("load")
        assert page.evaluate("window.__pwned") is None, path
        assert page.locator("img#pwn").count() == 0, path
        assert page.dialogs == [], path
    assert Comment.objects.filter(work=work).count() == 2


AXE = Path(__file__).resolve().parent.parent / "pages" / "vendor" / "axe.min.js"


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page."""
    # Evaluated, not injected as a script tag: the Content-Security-Policy forbids inline scripts.
    page.evaluate(AXE.read_text())
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_people_pages_have_no_serious_accessibility_problems(browser, site):
    """Sign-up, log-in, the work form, profile, moderation, inbox, bookmarks and report pages
    pass axe-core without serious or critical violations."""
    if not AXE.exists():
        pytest.fail(f"axe-core is missing: {AXE}")
    guest = new_page(browser)
    problems = {}
    for path in ("/signup/", "/login/", "/report/", "/password/reset/"):
        guest.goto(f"{site}{path}")
        problems[path] = serious_violations(guest)
    author = new_page(browser)
    sign_up(author, site, "axel")
    author.goto(f"{site}/works/new/")
    author.fill("#id_title", "Checked")
    author.fill("#id_fandoms", "Original Work")
    author.fill("#id_body", "Words.")
    submit(author, "#post-work")
    work = Work.objects.get()
    for path in (
        "/works/new/",
        "/me/",
        f"/works/{work.pk}/edit/",
        f"/works/{work.pk}/chapters/",
        f"/works/{work.pk}/chapters/new/",
        f"/works/{work.pk}/comments/moderate/",
        f"/works/{work.pk}/bookmark/",
        "/inbox/",
        "/bookmarks/",
        "/subscriptions/",
    ):
        author.goto(f"{site}{path}")
        problems[path] = serious_violations(author)
    assert {path: found for path, found in problems.items() if found} == {}
