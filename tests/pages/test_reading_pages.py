"""What a reader sees in the real Chromium: front page, work, next chapter, series and tag."""

import pytest
from playwright.sync_api import expect
from tests.pages.conftest import DB_MARK, PHONE

pytestmark = [pytest.mark.browser, DB_MARK]


def test_front_page_leads_to_the_work(page, library):
    """The front page shows the newest works; following a title opens that work."""
    page.goto(library["url"] + "/")
    expect(page.get_by_role("heading", level=2, name="Newest works")).to_be_visible()
    blurb = page.locator("article.blurb", has_text="The Lamp in the Window")
    expect(blurb).to_be_visible()
    expect(blurb.get_by_text("General Audiences")).to_be_visible()
    expect(blurb.get_by_text("3/3")).to_be_visible()
    blurb.get_by_role("link", name="The Lamp in the Window").click()
    expect(page).to_have_url(library["url"] + library["first"].get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("The Lamp in the Window")


def test_work_page_shows_metadata_and_text(page, library):
    """The metadata block, the preface and the first chapter's text are visible."""
    page.goto(library["url"] + library["first"].get_absolute_url())
    meta = page.locator(".work-meta")
    expect(meta.get_by_text("Sherlock Holmes/John Watson")).to_be_visible()
    expect(meta.get_by_text("Part 1 of the")).to_be_visible()
    expect(page.get_by_text("A parcel arrives without a stamp.")).to_be_visible()
    expect(page.get_by_text("The author would like feedback.")).to_be_visible()
    expect(page.get_by_text("Chapter 1 of The Lamp in the Window began")).to_be_visible()
    expect(page.get_by_text("Chapter 2 of The Lamp in the Window began")).to_have_count(0)


def test_spoilers_stay_hidden_until_revealed_by_keyboard(page, library):
    """The spoiler text is hidden until the reader opens the warning, here with the keyboard."""
    page.goto(library["url"] + library["first"].get_absolute_url())
    spoiler = page.get_by_text("The parcel holds a violin string.")
    expect(spoiler).to_be_hidden()
    page.locator(".spoiler-warning summary").focus()
    page.keyboard.press("Enter")
    expect(spoiler).to_be_visible()


def test_verse_is_set_apart_as_verse(page, library):
    """Verse is indented, italic, ruled at the left, one line per lyric line; breaks are visible."""
    page.goto(library["url"] + library["first"].get_absolute_url())
    verse = page.locator(".userstuff .verse").first
    expect(verse).to_be_visible()
    style = verse.evaluate(
        """el => {
            const s = getComputedStyle(el);
            const p = el.parentElement.querySelector('p').getBoundingClientRect();
            return {fontStyle: s.fontStyle, border: parseFloat(s.borderLeftWidth),
                    lineHeight: parseFloat(s.lineHeight), height: el.getBoundingClientRect().height,
                    indent: el.getBoundingClientRect().left - p.left,
                    lines: el.querySelectorAll('br').length + 1};
        }"""
    )
    assert style["fontStyle"] == "italic"
    assert style["border"] >= 1
    assert style["indent"] > 10
    assert style["lines"] == 4
    assert style["height"] >= 3.5 * style["lineHeight"]  # each lyric line on its own line
    scene_break = page.locator(".userstuff hr.scene-break").first
    ornament = scene_break.evaluate("el => getComputedStyle(el, '::after').content")
    assert ornament.strip('"') == "⁂"


def test_next_chapter_and_back(page, library):
    """ "Next chapter" opens chapter 2; "Previous chapter" comes back; the entire work shows all."""
    work = library["first"]
    page.goto(library["url"] + work.get_absolute_url())
    page.get_by_role("link", name="Next chapter →").first.click()
    expect(page).to_have_url(library["url"] + f"/works/{work.pk}/chapters/2/")
    expect(page.get_by_text("Chapter 2 of The Lamp in the Window began")).to_be_visible()
    expect(page.get_by_role("heading", name="Chapter 2: Part the 2")).to_be_visible()
    page.get_by_role("link", name="← Previous chapter").first.click()
    expect(page).to_have_url(library["url"] + f"/works/{work.pk}/chapters/1/")
    page.get_by_role("link", name="Entire work").first.click()
    for n in (1, 2, 3):
        expect(page.get_by_text(f"Chapter {n} of The Lamp in the Window began")).to_be_visible()


def test_series_page_and_next_work(page, library):
    """From the work's series line the reader reaches the series page and its second part."""
    page.goto(library["url"] + library["first"].get_absolute_url())
    page.locator(".series-position").get_by_role("link", name="Fogbound Tales").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fogbound Tales")
    titles = page.locator(".series-parts .blurb-title a").all_inner_texts()
    assert titles == ["The Lamp in the Window", "The Second Lamp"]
    page.get_by_role("link", name="The Second Lamp").click()
    expect(page.get_by_text("Part 2 of the")).to_be_visible()
    expect(page.get_by_role("link", name="← Previous work", exact=True)).to_be_visible()


def test_tag_page_lists_synonym_works(page, library):
    """Following a relationship tag lists works tagged with it and with its synonym."""
    page.goto(library["url"] + library["first"].get_absolute_url())
    page.locator(".work-meta").get_by_role("link", name="Sherlock Holmes/John Watson").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sherlock Holmes/John Watson")
    expect(page.get_by_role("link", name="The Lamp in the Window")).to_be_visible()
    expect(page.get_by_role("link", name="A Walk by the River")).to_be_visible()
    page.get_by_role("link", name="Holmes/Watson").click()
    expect(page.get_by_text("is a synonym of")).to_be_visible()


def test_skip_link_is_first_and_moves_focus(page, library):
    """The first Tab shows the skip link; following it puts focus on the main content."""
    page.goto(library["url"] + library["first"].get_absolute_url())
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    assert skip.bounding_box()["y"] >= 0
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_readable_on_a_phone_in_dark_mode(browser, library):
    """On a phone in dark mode the page does not scroll sideways and the text is light on dark."""
    context = browser.new_context(viewport=PHONE, color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(library["url"] + library["first"].get_absolute_url())
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        colours = page.evaluate(
            """() => {
                const lum = c => { const [r, g, b] = c.match(/\\d+/g).map(Number);
                                   return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
                return {bg: lum(getComputedStyle(document.body).backgroundColor),
                        ink: lum(getComputedStyle(document.querySelector('.userstuff p')).color)};
            }"""
        )
        assert colours["bg"] < 60
        assert colours["ink"] > 180
    finally:
        context.close()
