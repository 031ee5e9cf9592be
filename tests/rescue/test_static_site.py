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


HARBOUR = (
    "The lantern swung over the harbour wall while Mara counted the boats coming in from the "
    "grey water, one and then another, until the tide turned and the gulls went quiet. "
) * 3


def plain(title: str, body: str) -> str:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>"


def story_page(title: str, author: str, extra: str = "") -> str:
    header = f"<p>Title: {title}<br>Author: {author}<br>Rating: PG<br>Fandom: Harry Potter</p>"
    return plain(title, f"{header}<p>{HARBOUR}</p><p>{HARBOUR}{extra}</p>")


def build_framed_site(root):
    """A frameset front page, stories listed by author and by fandom, a text story, a link
    with an escaped space, an image that is gone."""
    (root / "authors").mkdir(parents=True)
    (root / "fic").mkdir()
    (root / "index.html").write_text(
        '<html><frameset cols="20%,80%"><frame src="menu.html" name="nav">'
        '<frame src="welcome.html" name="main"></frameset></html>'
    )
    (root / "menu.html").write_text(
        plain(
            "Menu",
            '<a href="welcome.html" target="main">Home</a><br>'
            '<a href="authors.html" target="main">Authors</a><br>'
            '<a href="fandoms.html" target="main">By fandom</a>',
        )
    )
    (root / "welcome.html").write_text(plain("Welcome", "<p>The Gull Lantern archive.</p>"))
    (root / "authors.html").write_text(
        plain(
            "Authors",
            '<a href="authors/mara.html">Mara Quill</a> <a href="authors/tom.html">Tom</a>'
            ' <a href="authors/nell.html">Nell</a>',
        )
    )
    (root / "authors" / "mara.html").write_text(
        plain("Mara Quill", '<p>Stories:</p><a href="../fic/Harbour%20Wall.html">Harbour Wall</a>')
    )
    (root / "authors" / "nell.html").write_text(
        plain(
            "Nell Avery",
            '<p>Voyage:</p><a href="../fic/storm.html">The Storm</a> '
            '<a href="../fic/calm.html">The Calm</a>',
        )
    )
    (root / "fic" / "storm.html").write_text(
        plain("The Storm", f"<p>{HARBOUR}</p><p><a href='calm.html'>Next: the calm</a></p>")
    )
    (root / "fic" / "calm.html").write_text(plain("The Calm", f"<p>{HARBOUR} Calm at last.</p>"))
    (root / "authors" / "tom.html").write_text(
        plain(
            "Tom Reed",
            '<a href="../fic/gulls.txt">Gulls</a> <a href="../fic/tide.htm">Tide</a> '
            '<a href="../fic/ebb1.html">Ebb</a> <a href="../fic/ebb2.html">Part 2</a> '
            '<a href="../fic/ebb3.html">Part 3</a>',
        )
    )
    for number, title in enumerate(("Low Water", "Slack", "Flood"), start=1):
        (root / "fic" / f"ebb{number}.html").write_text(
            plain(title, f"<p>{HARBOUR}</p><p>Ebb part {number} ends.</p>")
        )
    (root / "fandoms.html").write_text(plain("Fandoms", '<a href="due-south.html">due South</a>'))
    (root / "due-south.html").write_text(
        plain("due South", '<a href="fic/tide.htm">Tide</a> <a href="fic/gulls.txt">Gulls</a>')
    )
    (root / "fic" / "Harbour Wall.html").write_text(
        story_page("Harbour Wall", "Mara Quill", '<img src="img/lamp.png" alt="a lamp">')
    )
    (root / "fic" / "tide.htm").write_text(story_page("Tide", "Tom Reed"))
    (root / "fic" / "gulls.txt").write_text(
        f"Title: Gulls\nAuthor: Tom Reed\nRating: G\n\n{HARBOUR}\n\n{HARBOUR}The end of it.\n"
    )  # no fandom in its header: the index of due South stories lists it
    return root


@pytest.mark.django_db
def test_a_framed_site_listing_stories_by_author_and_fandom(tmp_path, client):
    """Frames are followed; an author's page with one story and one listing two stories give
    one work per story (not one work of two chapters), but pages that lead on to each other
    are one story's chapters; a text file is a story; an escaped link is followed; a missing
    image is reported."""
    report = rescue_run(build_framed_site(tmp_path / "site"), RescueOptions(slug="gull"))
    works = {w["old_id"]: w for w in report.works}
    assert {k: w["status"] for k, w in works.items()} == {
        "fic/Harbour Wall.html": "created",
        "fic/tide.htm": "created",
        "fic/gulls.txt": "created",
        "fic/storm.html": "created",
        "fic/ebb1.html": "created",
    }
    gulls = client.get(f"/api/works/{works['fic/gulls.txt']['work_id']}/").json()
    assert (gulls["title"], gulls["authors"], gulls["chapter_count"]) == ("Gulls", ["Tom Reed"], 1)
    assert gulls["fandoms"] == ["due South"]
    text = gulls["chapters"][0]["text"]
    assert text.startswith("The lantern swung")
    assert text.endswith("The end of it.")
    assert "Title:" not in text
    tide = client.get(f"/api/works/{works['fic/tide.htm']['work_id']}/").json()
    assert tide["chapter_count"] == 1
    # Listed under their own titles, but each page leads on to the next: one story.
    voyage = client.get(f"/api/works/{works['fic/storm.html']['work_id']}/").json()
    assert voyage["chapter_count"] == 2
    assert voyage["chapters"][1]["text"].endswith("Calm at last.")
    # On an author's page among her other stories, "Part 2" and "Part 3" go on the one before.
    ebb = client.get(f"/api/works/{works['fic/ebb1.html']['work_id']}/").json()
    assert [c["text"].split("\n")[-1] for c in ebb["chapters"]] == [
        "Ebb part 1 ends.",
        "Ebb part 2 ends.",
        "Ebb part 3 ends.",
    ]
    missing = [p for p in report.problems if p["kind"] == "image_missing"]
    assert [p["old_id"] for p in missing] == ["fic/Harbour Wall.html"]


def test_a_site_without_an_index_page_starts_at_its_page_of_links(tmp_path):
    """No index.html: the shallowest page that links to the most pages is the front page."""
    from ficarchive.rescue import static_site
    from ficarchive.rescue.tree import SourceTree

    (tmp_path / "fic").mkdir()
    (tmp_path / "about.html").write_text(plain("About", "<p>Nothing to see.</p>"))
    (tmp_path / "stories.html").write_text(
        plain("Stories", '<a href="fic/a.html">A</a> <a href="fic/b.html">B</a>')
    )
    for name in ("a", "b"):
        (tmp_path / "fic" / f"{name}.html").write_text(story_page(name.upper(), "Mara Quill"))
    assert static_site.detect(SourceTree.open(tmp_path)) == "stories.html"


@pytest.mark.django_db
def test_absolute_links_to_the_site_s_own_host_are_followed(tmp_path):
    """A site whose pages link to each other by full address on their old host (under a
    folder of that host that was not handed over) is read as if the links were relative,
    and that address is the site's old one; links to other sites stay out."""
    home = "http://www.hollowhost.example.com/Vale/Glen/4417"
    site = tmp_path / "site"
    (site / "fic").mkdir(parents=True)
    (site / "index.html").write_text(
        plain(
            "Glen",
            f'<a href="{home}/fic/wall.html">Harbour Wall</a> '
            f'<a href="http://hollowhost.example.com/Vale/Glen/4417/fic/tide.html">Tide</a> '
            '<a href="http://elsewhere.example.org/fic/other.html">A friend</a>',
        )
    )
    sequel = f' Read <a href="{home}/fic/tide.html">the sequel</a>.'
    (site / "fic" / "wall.html").write_text(story_page("Harbour Wall", "Mara Quill", sequel))
    (site / "fic" / "tide.html").write_text(story_page("Tide", "Mara Quill"))
    (site / "fic" / "other.html").write_text(story_page("Other", "Someone Else"))
    report = rescue_run(site, RescueOptions(slug="glen"))
    works = {w["old_id"]: w for w in report.works}
    assert sorted(works) == ["fic/tide.html", "fic/wall.html"]
    # The site's old address is told by those links: links in the texts lead to the new site.
    assert report.archive["old_url"] == "http://www.hollowhost.example.com/Vale/Glen/4417"
    wall = Work.objects.get(pk=works["fic/wall.html"]["work_id"]).chapters.get()
    assert 'href="/archives/glen/fic/tide.html"' in wall.body_html


@pytest.mark.django_db
def test_images_kept_missing_and_elsewhere(tmp_path, client):
    """An image among the files is kept and served; one that is missing, or that another site
    served, is not a broken <img> but a note with its alt text, and each is reported; a second
    run changes nothing."""
    root = build_site(tmp_path / "site")
    (root / "fic" / "img").mkdir()
    (root / "fic" / "img" / "lamp light.png").write_bytes(b"\x89PNG\r\n\x1a\nlamp")
    (root / "fic" / "img" / "mé.png").write_bytes(b"\x89PNG\r\n\x1a\nme")
    images = (
        '<p>Before the lamp. <img src="img/lamp%20light.png" alt="a lamp"></p>'
        '<p><img src="img/m\u00e9.png"></p>'
        '<p><img src="img/harbour%20map.jpg" alt="the old harbour map"> after the map.</p>'
        "<p><img src='http://pics.example.net/~ivy/gull.gif' alt=\"a gull\"></p>"
        f"<p>{PROSE} The images end here.</p>"
    )
    snow = root / "fic" / "snow.html"
    page_text = snow.read_text().replace("Archive: please ask first<br>", "")
    snow.write_text(page_text.replace("See also", images + "See also"))
    report = rescue_run(root, RescueOptions(slug="ml"))
    work_id = next(w["work_id"] for w in report.works if w["old_id"] == "fic/snow.html")
    body = Work.objects.get(pk=work_id).chapters.get(position=1).body_html
    assert '<img src="/archives/ml/fic/img/lamp%20light.png" alt="a lamp">' in body
    assert body.count("<img") == 2
    assert "<em>[image missing: the old harbour map]</em> after the map." in body
    assert '<a href="http://pics.example.net/~ivy/gull.gif"' in body
    assert "[image from another site: a gull]" in body
    assert client.get("/archives/ml/fic/img/lamp%20light.png").content.endswith(b"lamp")
    assert client.get("/archives/ml/fic/img/m%C3%A9.png").content.endswith(b"me")
    text = client.get(f"/api/works/{work_id}/").json()["chapters"][0]["text"]
    assert "[image missing: the old harbour map] after the map." in text
    kinds = {(p["kind"], p.get("path")) for p in report.problems if p["kind"].startswith("image")}
    assert kinds == {("image_missing", "fic/img/harbour map.jpg"), ("image_elsewhere", None)}
    again = rescue_run(root, RescueOptions(slug="ml"))
    assert {w["status"] for w in again.works} == {"unchanged"}


@pytest.mark.django_db
def test_links_in_odd_forms_lead_to_their_stories_and_unlinked_ones_are_reported(tmp_path):
    """`./`, backslashes, other case, fragments, queries, unquoted and spaced attributes, an
    editor's `file:///C:/...` link and a `javascript:` pop-up all lead to their story; a story
    page no index leads to is reported, not lost quietly."""
    root = tmp_path / "site"
    (root / "fic").mkdir(parents=True)
    forms = {
        "one": 'href="./fic/one.html"',
        "two": 'href="fic\\two.html"',
        "three": 'href="FIC/Three.HTML"',
        "four": 'href="fic/four.html#top"',
        "five": "href='fic/five.html?from=index'",
        "six": "href=fic/six.html",
        "seven": 'HREF = "file:///C:/My%20Documents/site/fic/seven.html"',
        "eight": "href=\"javascript:window.open('fic/eight.html','pop')\"",
    }
    items = "".join(
        f"<li><a {attribute}>{name.title()}</a></li>" for name, attribute in forms.items()
    )
    (root / "index.html").write_text(page("Harbour Lights", f"<ul>{items}</ul>", ""))
    for name in [*forms, "stray"]:
        header = f"<p>Title: {name.title()}<br>Author: Ivy Marsh<br>Rating: PG</p>"
        text = f"<p>{PROSE}</p><p>{PROSE} {name.title()} ends.</p>"
        (root / "fic" / f"{name}.html").write_text(page(name.title(), header + text))
    report = rescue_run(root, RescueOptions(slug="hl", dry_run=True))
    assert {w["title"] for w in report.works if w["status"] == "created"} == {
        name.title() for name in forms
    }
    unlinked = [p for p in report.problems if p["kind"] == "page_not_linked"]
    assert [p["path"] for p in unlinked] == ["fic/stray.html"]
