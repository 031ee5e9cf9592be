"""A static site: index pages linking to story pages and to a contents page of chapters."""

import pytest
from django.contrib.auth import get_user_model

from ficarchive.rescue.services import RescueOptions, rescue_run
from ficarchive.works.models import Work

PROSE = (
    "The snow came down over Sunnydale in the middle of the night, which nobody had predicted "
    "and nobody could explain. Willow stood at the window of the Magic Box and watched it "
    "settle on the cars, on the bins, on the bench outside the bakery, and she thought that "
    "the town looked, for once, as if it had nothing to hide. "
)
FRAME = """<html><head><title>{title}</title></head><body>
<p><a href="{up}index.html">Home</a> | <a href="{up}stories.html">Stories</a></p><hr>
{body}
<hr><p>Feedback to <a href="mailto:ivy@example.org">Ivy</a> | <a href="{up}index.html">Back to Moth Lantern</a></p>
</body></html>"""


def page(title: str, body: str, up: str = "../") -> str:
    return FRAME.format(title=title, body=body, up=up)


def build_site(root):
    (root / "fic").mkdir(parents=True)
    (root / "index.html").write_text(
        "<html><head><title>Moth Lantern</title></head><body><h1>Moth Lantern</h1>"
        '<p><a href="stories.html">Stories</a> <a href="about.html">About</a></p></body></html>'
    )
    (root / "about.html").write_text(page("About", "<p>A small site.</p>", ""))
    (root / "stories.html").write_text(
        page(
            "Stories",
            '<ul><li><a href="fic/snow.html">First Snow</a></li>'
            '<li><a href="fic/tides.html">Tides</a></li></ul>',
            "",
        )
    )
    header = (
        "<p>Title: First Snow<br>Author: Ivy Marsh<br>Fandom: Buffy the Vampire Slayer<br>"
        "Rating: PG<br>Pairing: Willow/Tara<br>Archive: please ask first<br>"
        "Summary: Snow in California.</p>"
    )
    text = f"<p>{PROSE}</p><p>{PROSE} See also <a href='tides1.html'>Tides</a>.</p>"
    (root / "fic" / "snow.html").write_text(page("First Snow", header + text))
    (root / "fic" / "tides.html").write_text(
        page("Tides", '<p><a href="tides1.html">Part 1</a> <a href="tides2.html">Part 2</a></p>')
    )
    for number in (1, 2):
        body = (
            f"<p>Title: Tides<br>Author: Ivy Marsh<br>Fandom: BtVS<br>Rating: PG-13</p>"
            f"<h2>Part {number}</h2><p>{PROSE} Part {number} ends here.</p>"
        )
        (root / "fic" / f"tides{number}.html").write_text(page(f"Tides {number}", body))
    return root


@pytest.mark.django_db
def test_a_static_site_becomes_works_with_chapters(tmp_path, client):
    """Story pages become works; a contents page's chapters one work; headers are read by the
    legacy reader; the site's chrome stays out; links and old paths lead to the new pages."""
    report = rescue_run(build_site(tmp_path / "site"), RescueOptions(slug="moth"))
    works = {w["old_id"]: w for w in report.works}
    assert set(works) == {"fic/snow.html", "fic/tides1.html"}
    # "Archive: please ask first": held from the public until the author claims it.
    snow_url = f"/api/works/{works['fic/snow.html']['work_id']}/"
    assert client.get(snow_url).status_code == 404
    assert Work.objects.get(pk=works["fic/snow.html"]["work_id"]).permission_held
    client.force_login(get_user_model().objects.create_user("staff", is_staff=True))
    snow = client.get(snow_url).json()
    assert snow["title"] == "First Snow"
    assert snow["authors"] == ["Ivy Marsh"]
    assert snow["fandoms"] == ["Buffy the Vampire Slayer"]
    assert snow["relationships"] == ["Willow Rosenberg/Tara Maclay"]
    text = snow["chapters"][0]["text"]
    assert text.startswith("The snow came down")
    assert "Back to Moth Lantern" not in text
    assert "Author:" not in text
    tides = client.get(f"/api/works/{works['fic/tides1.html']['work_id']}/").json()
    assert tides["chapter_count"] == 2
    assert tides["chapters"][1]["text"].endswith("Part 2 ends here.")
    redirect = client.get("/archives/moth/fic/tides2.html")
    assert redirect["Location"] == f"/works/{tides['id']}/chapters/2/"
    kinds = {p["kind"]: p for p in report.problems}
    assert kinds["held_for_permission"]["old_id"] == "fic/snow.html"
