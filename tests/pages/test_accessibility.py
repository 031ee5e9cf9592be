"""axe-core finds no serious or critical accessibility problems on the reading pages."""

from pathlib import Path

import pytest
from tests.pages.conftest import DB_MARK, PHONE

pytestmark = [pytest.mark.browser, DB_MARK]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"


def _serious_violations(page) -> list[str]:
    # Evaluated, not injected as a script tag: the Content-Security-Policy forbids inline scripts.
    page.evaluate(AXE.read_text())
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("where", ["front", "work", "chapter", "series", "tag"])
def test_no_serious_violations(browser, library, where, scheme):
    """No serious or critical axe violations, in light and dark themes."""
    work = library["first"]
    paths = {
        "front": "/",
        "work": work.get_absolute_url(),
        "chapter": f"/works/{work.pk}/chapters/2/",
        "series": work.series_parts.get().series.get_absolute_url(),
        "tag": "/tags/Sherlock Holmes*s*John Watson/",
    }
    context = browser.new_context(color_scheme=scheme, viewport=PHONE if scheme == "dark" else None)
    try:
        page = context.new_page()
        page.goto(library["url"] + paths[where])
        assert _serious_violations(page) == []
    finally:
        context.close()
