"""Every page, as a guest, an author, a second reader and staff, at desktop and phone width, in
light and dark, in Debian's Chromium: the layout readers rely on holds, axe-core finds no serious
or critical problem, and a screenshot of each is saved under the test's temporary folder."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from tests.pages.conftest import DESKTOP, PHONE
from tests.pages.site_data import LONG_VERSE_LINE, archive_build, session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
VARIANTS = {
    "desktop-light": (DESKTOP, "light"),
    "desktop-dark": (DESKTOP, "dark"),
    "phone-light": (PHONE, "light"),
    "phone-dark": (PHONE, "dark"),
}


def tag_url(name: str, suffix: str = "") -> str:
    return "/tags/" + quote(name.replace("/", "*s*")) + "/" + suffix


def pages_of(a) -> dict[str, list[tuple[str, str]]]:
    """(name, path) of every page, by who opens it."""
    harbour, imported = a.harbour, a.imported
    series = imported.series_parts.get().series
    return {
        "guest": [
            ("front", "/"),
            ("works", "/works/"),
            (
                "works-filtered",
                "/works/?fandom=Sherlock+Holmes+-+Arthur+Conan+Doyle&exclude_tag=Fog",
            ),
            ("works-search", "/works/?q=lamp"),
            ("works-empty", "/works/?q=lamp&tag=Sea+Fog"),
            ("works-out-of-range", "/works/?page=9"),
            ("tag-works", tag_url("Original Work", "works/")),
            ("fandoms", "/fandoms/"),
            ("tags", "/tags/"),
            ("tags-characters", "/tags/?type=character"),
            ("authors", "/users/"),
            ("series-index", "/series/"),
            ("series", series.get_absolute_url()),
            ("work", imported.get_absolute_url()),
            ("chapter", f"/works/{imported.pk}/chapters/2/"),
            ("work-harbour", harbour.get_absolute_url()),
            ("creator", "/users/Mrs Hudson/"),
            ("tag", tag_url("Holmes/Watson")),
            ("login", "/login/"),
            ("signup", "/signup/"),
            ("report", "/report/?url=/works/1/"),
        ],
        "author": [
            ("work-own", harbour.get_absolute_url()),
            ("work-draft", a.draft.get_absolute_url()),
            ("work-preview", a.draft.get_absolute_url() + "?preview=1"),
            ("chapter-draft", a.chapter_draft.get_absolute_url()),
            ("post-a-work", "/works/new/"),
            ("edit-work", f"/works/{harbour.pk}/edit/"),
            ("chapters", f"/works/{harbour.pk}/chapters/"),
            ("new-chapter", f"/works/{harbour.pk}/chapters/new/"),
            ("edit-chapter", f"/works/{harbour.pk}/chapters/{a.chapter_draft.pk}/edit/"),
            ("delete-work", f"/works/{harbour.pk}/delete/"),
            ("delete-chapter", f"/works/{harbour.pk}/chapters/{a.chapter_draft.pk}/delete/"),
            ("import", "/import/"),
            ("import-preview", f"/import/{a.upload_id}/"),
            ("moderation-queue", "/comments/moderation/"),
            ("comment-settings", f"/works/{harbour.pk}/comments/moderate/"),
            ("inbox", "/inbox/"),
            ("account", "/me/"),
        ],
        "reader": [
            ("work-as-reader", harbour.get_absolute_url()),
            ("reply-form", f"{harbour.get_absolute_url()}?reply={a.reader_comment.pk}"),
            ("bookmark", f"/works/{harbour.pk}/bookmark/"),
            ("bookmarks", "/bookmarks/"),
            ("subscriptions", "/subscriptions/"),
            ("inbox", "/inbox/"),
            ("delete-comment", f"/comments/{a.reader_comment.pk}/delete/"),
            ("block", "/users/nell/block/"),
            ("mute", "/users/nell/mute/"),
            ("password-change", "/password/change/"),
            ("works", "/works/"),
        ],
        "staff": [
            ("work-staff-tools", imported.get_absolute_url()),
            ("tag-wrangling", "/staff/tags/"),
            ("reports", "/staff/reports/"),
            ("hide-work", f"/staff/works/{imported.pk}/hide/"),
            ("edit-tags", f"/works/{imported.pk}/edit/"),
            ("claim-creator", f"/staff/creators/{imported.creators.get().pk}/claim/"),
            ("rescue", "/staff/rescue/"),
        ],
    }


LAYOUT = """() => {
  const visible = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden'; };
  const out = {};
  out.overflow = document.documentElement.scrollWidth - window.innerWidth;
  out.bullets = [...document.querySelectorAll('.blurb ul, .blurb ol, .blurb li, ol.blurbs > li')]
    .filter(el => getComputedStyle(el).display === 'list-item'
                  && getComputedStyle(el).listStyleType !== 'none').length;
  out.narrow = [];
  for (const control of document.querySelectorAll(
      'main form input:not([type=checkbox]):not([type=radio]):not([type=hidden]):not([type=submit]), main form select, main form textarea')) {
    if (!visible(control) || control.closest('.input-row')) continue;  // an input beside its button
    const column = control.closest('.field') || control.closest('form');
    const style = getComputedStyle(column);
    const inner = column.getBoundingClientRect().width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const width = control.getBoundingClientRect().width;
    if (width < inner - 2)
      out.narrow.push(`${control.name}: ${Math.round(width)} of ${Math.round(inner)}`);
  }
  out.small = [];
  for (const el of document.querySelectorAll('a.button, main button, .site-search button, .menu-toggle, .pagination a, .letters a, .chip, .filters-toggle')) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.height < 43.5 || r.width < 43.5) out.small.push(`${el.textContent.trim().slice(0, 30)} ${Math.round(r.width)}x${Math.round(r.height)}`);
  }
  return out;
}"""


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings (evaluated: the CSP forbids inline scripts)."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def check_layout(page, *, phone: bool) -> list[str]:
    found = page.evaluate(LAYOUT)
    problems = []
    if found["overflow"] > 1:
        problems.append(f"scrolls sideways by {found['overflow']}px")
    if found["bullets"]:
        problems.append(f"{found['bullets']} list bullets in blurbs")
    if found["narrow"]:
        problems.append(f"form controls narrower than their column: {found['narrow'][:4]}")
    if phone and found["small"]:
        problems.append(f"touch targets under 44px: {found['small'][:4]}")
    return problems


def check_works_listing(page, *, phone: bool) -> list[str]:
    """Desktop: the filter sidebar beside the results. Phone: a collapsed panel above them."""
    panel = page.locator(".filters-panel").bounding_box()
    results = page.locator(".listing-results").bounding_box()
    if not phone:
        beside = (
            panel["x"] >= results["x"] + results["width"] and abs(panel["y"] - results["y"]) < 40
        )
        return [] if beside else [f"filters not beside results: {panel} {results}"]
    problems = []
    if panel["y"] > results["y"]:
        problems.append("the filter panel is below the results on a phone")
    if page.locator("#filter-submit").is_visible():
        problems.append("the filter panel starts open on a phone")
    page.locator(".filters-toggle").click()
    if not page.locator("#filter-submit").is_visible():
        problems.append("the filter panel does not open")
    page.locator(".filters-toggle").click()
    return problems


def check_header(page, *, phone: bool) -> list[str]:
    """Desktop: the navigation shows at once. Phone: it hides behind a Menu button."""
    works_link = page.locator(".site-nav").get_by_role("link", name="Fandoms")
    if not phone:
        return [] if works_link.is_visible() else ["desktop navigation hidden"]
    problems = [] if not works_link.is_visible() else ["phone navigation not collapsed"]
    page.locator(".menu-toggle").click()
    if not works_link.is_visible():
        problems.append("the phone menu does not open")
    page.locator(".menu-toggle").click()
    return problems


def check_verse_hangs(page) -> list[str]:
    """A verse line too long for a phone wraps with its continuation indented."""
    lefts = page.evaluate(
        """line => {
            const walker = document.createTreeWalker(document.querySelector('.verse'), NodeFilter.SHOW_TEXT);
            let node; while ((node = walker.nextNode())) {
              if (node.textContent.includes(line.slice(0, 30))) {
                const range = document.createRange(); range.selectNodeContents(node);
                return [...range.getClientRects()].map(r => r.left);
              }
            }
            return [];
        }""",
        LONG_VERSE_LINE,
    )
    if len(lefts) < 2:
        return [f"the long verse line did not wrap: {lefts}"]
    return [] if min(lefts[1:]) > lefts[0] + 5 else [f"no hanging indent: {lefts}"]


@pytest.fixture
def archive(live_server, settings):
    settings.FICARCHIVE_THROTTLES = {"comment": (1000, 60)}
    return archive_build()


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_page(browser, live_server, archive, tmp_path, variant):
    """Each page as each role: layout holds, no serious axe finding, a screenshot saved."""
    viewport, scheme = VARIANTS[variant]
    phone = viewport == PHONE
    shots = tmp_path / variant
    shots.mkdir()
    users = {"author": archive.author, "reader": archive.reader, "staff": archive.staff}
    problems: dict[str, list[str]] = {}
    for role, pages in pages_of(archive).items():
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        if role in users:
            context.add_cookies(session_cookie(users[role], live_server.url))
        page = context.new_page()
        page.set_default_timeout(15_000)
        for name, path in pages:
            response = page.goto(live_server.url + path)
            key = f"{role} {name}"
            found = [] if response.status == 200 else [f"status {response.status}"]
            found += check_layout(page, phone=phone)
            if name == "works" and role == "guest":
                found += check_works_listing(page, phone=phone)
            if name == "front":
                found += check_header(page, phone=phone)
            if name in ("work-draft", "work-preview", "chapter-draft"):
                banner = page.locator(".banner-draft")
                if not banner.is_visible() or not banner.get_by_role("button").first.is_visible():
                    found.append("no draft banner with its Post button")
            if name == "work-own" and phone:
                found += check_verse_hangs(page)
            found += serious_violations(page)
            page.screenshot(path=str(shots / f"{role}-{name}.png"), full_page=True)
            if found:
                problems[key] = found
        context.close()
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())
    assert len(list(shots.glob("*.png"))) == sum(len(p) for p in pages_of(archive).values())
