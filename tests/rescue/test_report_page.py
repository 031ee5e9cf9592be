"""The dry-run report opens in Chromium as a finished page: axe finds nothing, light or dark,
desktop or phone."""

from pathlib import Path

import pytest

from ficarchive.rescue.services import rescue_run

from .test_lanternhollow import SAMPLE, options

AXE = Path(__file__).parent.parent / "pages" / "vendor" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def report_file(tmp_path):
    report = rescue_run(SAMPLE, options(dry_run=True))
    assert report.dry_run
    path = tmp_path / "report.html"
    path.write_text(report.to_html(), encoding="utf-8")
    return path


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_dry_run_report_has_no_axe_violations(browser, report_file, scheme, viewport, tmp_path):
    """Every section is a table with a caption and headers; axe reports no violation at all."""
    context = browser.new_context(color_scheme=scheme, viewport=viewport)
    try:
        page = context.new_page()
        page.goto(report_file.as_uri())
        assert page.locator("h1").inner_text().startswith("Rescue of Lantern Hollow")
        assert page.locator("section table").count() >= 10
        assert page.locator("#duplicate_work + .table-wrap td", has_text="13").count() == 1
        page.evaluate(AXE.read_text())
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        assert [v["id"] for v in result["violations"]] == []
        page.screenshot(
            path=str(tmp_path / f"report-{scheme}-{viewport['width']}.png"), full_page=True
        )
    finally:
        context.close()


def test_a_real_run_ends_with_the_same_report(tmp_path):
    """A real run's report lists the same problems as the dry run before it."""
    dry = rescue_run(SAMPLE, options(dry_run=True))
    real = rescue_run(SAMPLE, options())
    assert sorted({p["kind"] for p in dry.problems}) == sorted({p["kind"] for p in real.problems})
    assert "Rescue of Lantern Hollow" in real.to_html()
    assert "dry run" not in real.to_html().split("<main>")[0].lower()
