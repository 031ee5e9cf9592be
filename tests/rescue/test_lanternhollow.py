"""The Lantern Hollow sample (an invented eFiction 3.5 site) rescued end to end: what the old site
showed and nothing it hid, idempotent runs, resumed runs, dry runs and a fixed tag map."""

import shutil
from pathlib import Path

import pytest

from ficarchive.accounts.models import ClaimInvitation
from ficarchive.feedback.models import Comment
from ficarchive.rescue.do_not_import import do_not_import_read
from ficarchive.rescue.models import RescuedArchive, RescueItem
from ficarchive.rescue.services import RescueOptions, rescue_run
from ficarchive.rescue.tag_map import tag_map_parse
from ficarchive.rescue.writing import ArchiveWriter
from ficarchive.works.models import Chapter, Creator, Series, Work

SAMPLE = Path(__file__).parent / "samples" / "efiction-lanternhollow"
OLD_URL = "http://lanternhollow.example.net/fiction"

pytestmark = pytest.mark.django_db


def options(**changes) -> RescueOptions:
    found = RescueOptions(
        slug="lantern-hollow",
        old_url=OLD_URL,
        do_not_import=do_not_import_read(SAMPLE / "do_not_import.txt"),
    )
    for name, value in changes.items():
        setattr(found, name, value)
    return found


def by_old_id(report) -> dict:
    return {w["old_id"]: w for w in report.works}


def archive_shape() -> dict:
    return {
        "works": Work.objects.count(),
        "chapters": Chapter.objects.count(),
        "comments": Comment.objects.count(),
        "creators": Creator.objects.count(),
        "series": Series.objects.count(),
        "invitations": ClaimInvitation.objects.count(),
        "items": RescueItem.objects.count(),
    }


def test_the_sample_becomes_what_the_old_site_showed(client):
    """Ten works, the right six left out, seven creators, comments and replies, series."""
    report = rescue_run(SAMPLE, options())
    works = by_old_id(report)
    assert sorted(k for k, w in works.items() if w["status"] == "created") == [
        1, 2, 4, 5, 6, 7, 10, 11, 16, 17,
    ]  # fmt: skip
    reasons = {k: w["reason"] for k, w in works.items() if w["status"] == "skipped"}
    assert reasons == {
        8: "do_not_import",
        9: "do_not_import",
        12: "external_link",
        13: "duplicate",
        14: "unvalidated",
        15: "no_chapter_text",
    }
    assert report.counts["comments"] == 8
    assert report.counts["comment_replies"] == 1
    assert sorted(c["name"] for c in report.creators) == sorted(
        [
            "Kestrel",
            "moonlit_scribe",
            "Ana Lúcia",
            "Teacup Tempest",
            "Rook",
            "sparrowhawk",
            "Tamsin Grey",
        ]
    )
    # Every creator with an address gets one claim invitation; addresses are never shown.
    assert ClaimInvitation.objects.count() == 6
    ledger = client.get(f"/api/works/{works[17]['work_id']}/").json()
    assert ledger["authors"] == ["moonlit_scribe", "Kestrel", "Ana Lúcia"]
    assert [c["authors"] for c in ledger["chapters"]] == [
        ["moonlit_scribe"],
        ["Kestrel"],
        ["Ana Lúcia"],
    ]
    assert "ana.lucia@example.com" not in str(ledger)
    assert ledger["chapters"][2]["end_notes"].endswith("[email address removed].")
    assert ledger["provenance"] == {
        "archive": "Lantern Hollow",
        "old_id": 17,
        "old_url": f"{OLD_URL}/viewstory.php?sid=17",
    }
    snow = client.get(f"/api/works/{works[5]['work_id']}/").json()
    assert snow["authors"] == ["Ana Lúcia"]
    assert snow["summary"].startswith("\u201cFollow the dog,\u201d")
    assert snow["updated"] == "2008-07-04" == snow["published"]
    letters = client.get(f"/api/works/{works[11]['work_id']}/").json()
    assert {(s["title"], s["part"]) for s in letters["series"]} == {
        ("Northern Lights", 3),
        ("Northern Lights: Interludes", 1),
    }
    assert "\\'" not in letters["chapters"][0]["text"]
    gate = client.get(f"/api/works/{works[1]['work_id']}/").json()
    assert gate["comments"] == 2
    assert gate["relationships"] == ["Jack O'Neill/Daniel Jackson"]


def test_old_links_redirect_or_are_gone(client):
    """Old pages answer 301 to the new ones, 410 where an author asked not to be imported."""
    report = rescue_run(SAMPLE, options())
    works = by_old_id(report)
    base = "/archives/lantern-hollow/"
    ledger = works[17]["work_id"]
    assert (
        client.get(base + "viewstory.php?sid=17&chapter=2")["Location"]
        == f"/works/{ledger}/chapters/2/"
    )
    assert client.get(base + "viewstory.php?sid=17&chapter=all")["Location"] == f"/works/{ledger}/"
    assert client.get(base + "viewstory.php?action=printable&sid=17&textsize=0").status_code == 301
    assert client.get(base + "reviews.php?type=ST&item=17")["Location"] == f"/works/{ledger}/"
    series = {s["old_id"]: s["url"] for s in report.series}
    assert client.get(base + "reviews.php?type=SE&item=2")["Location"] == series[2]
    assert client.get(base + "viewseries.php?seriesid=3")["Location"] == series[3]
    assert client.get(base + "printable.php?psid=17")["Location"] == f"/works/{ledger}/"
    assert client.get(base + "viewstory.php?sid=13")["Location"] == f"/works/{works[1]['work_id']}/"
    assert client.get(base + "viewstory.php?sid=8").status_code == 410
    assert client.get(base + "viewuser.php?uid=7").status_code == 410
    assert client.get(base + "viewstory.php?sid=14").status_code == 404
    assert client.get(base + "viewuser.php?uid=9")["Location"] == "/users/Tamsin%20Grey/"
    image = client.get(base + "stories/2/images/ledger.png")
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    text = client.get(f"/api/works/{ledger}/").json()["chapters"][1]["text"]
    assert "chapter one" in text
    body = Work.objects.get(pk=ledger).chapters.get(position=2).body_html
    assert f'href="{base}viewstory.php?sid=17&amp;chapter=1"' in body
    assert f'src="{base}stories/2/images/ledger.png"' in body
    page = client.get(f"/works/{ledger}/chapters/2/").content.decode()
    assert f'<img src="{base}stories/2/images/ledger.png"' in page


@pytest.fixture
def old_host_allowed(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "lanternhollow.example.net", "testserver"]


@pytest.mark.usefixtures("old_host_allowed")
def test_the_old_host_answers_at_its_old_paths(client):
    """A request for the old site's host and path is answered like /archives/<slug>/."""
    report = rescue_run(SAMPLE, options())
    work = by_old_id(report)[6]["work_id"]
    response = client.get(
        "/fiction/viewstory.php?sid=6&chapter=2", HTTP_HOST="lanternhollow.example.net"
    )
    assert response.status_code == 301
    assert response["Location"] == f"/works/{work}/chapters/2/"


def test_a_second_run_changes_nothing_and_says_so():
    """Re-running reports every item unchanged and writes nothing."""
    rescue_run(SAMPLE, options())
    before = archive_shape()
    again = rescue_run(SAMPLE, options())
    assert {w["status"] for w in again.works if w["work_id"] and w["reason"] == ""} == {"unchanged"}
    assert {s["status"] for s in again.series} == {"unchanged"}
    assert archive_shape() == before


def test_a_dry_run_writes_nothing_and_reports_everything():
    """--dry-run: the same report (what would be created), no row written anywhere."""
    report = rescue_run(SAMPLE, options(dry_run=True))
    assert report.counts["created"] == 10
    assert report.counts["skipped"] == 6
    assert {p["kind"] for p in report.problems} >= {
        "duplicate_work",
        "unknown_table",
        "do_not_import",
    }
    assert Work.objects.count() == 0
    assert not RescuedArchive.objects.exists()
    rescue_run(SAMPLE, options())
    assert {w["status"] for w in rescue_run(SAMPLE, options(dry_run=True)).works} <= {
        "unchanged",
        "skipped",
    }


def test_a_fixed_tag_map_updates_only_the_works_it_touches():
    """Mapping one genre differently updates the works with it and leaves the rest unchanged."""
    rescue_run(SAMPLE, options())
    tag_map = tag_map_parse("type,original,mapped\nfreeform,Angst,freeform: Angst (Heavy)\n")
    report = rescue_run(SAMPLE, options(tag_map=tag_map))
    updated = sorted(w["old_id"] for w in report.works if w["status"] == "updated")
    assert updated == [5, 10]
    assert Work.objects.filter(tags__name="Angst (Heavy)").count() == 2


def test_a_run_stopped_midway_resumes_with_nothing_twice(monkeypatch):
    """Interrupted inside the fourth work's transaction, a second run finishes the rest."""
    real = ArchiveWriter.work_write
    calls = {"n": 0}

    def stopping(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt("killed")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(ArchiveWriter, "work_write", stopping)
    with pytest.raises(KeyboardInterrupt):
        rescue_run(SAMPLE, options())
    assert Work.objects.count() == 3
    monkeypatch.setattr(ArchiveWriter, "work_write", real)
    report = rescue_run(SAMPLE, options())
    statuses = [w["status"] for w in report.works if w["reason"] == ""]
    assert statuses.count("unchanged") == 3
    assert statuses.count("created") == 7
    shape = archive_shape()
    assert shape["works"] == 10
    assert shape["invitations"] == 6
    assert shape["comments"] == 9


def test_an_author_who_says_no_after_a_run_takes_her_works_away(client):
    """Added to the do-not-import list later, a member's works go and their old links are 410."""
    first = by_old_id(rescue_run(SAMPLE, options()))
    tamsin = first[11]["work_id"]
    dni = options().do_not_import
    dni.member_ids.add("9")
    report = rescue_run(SAMPLE, options(do_not_import=dni))
    assert by_old_id(report)[11]["reason"] == "do_not_import"
    assert not Work.objects.filter(pk=tamsin).exists()
    assert any(p["kind"] == "removed" and p.get("old_sid") == 11 for p in report.problems)
    assert client.get("/archives/lantern-hollow/viewstory.php?sid=11").status_code == 410
    assert client.get("/archives/lantern-hollow/viewuser.php?uid=9").status_code == 410
    assert not Creator.objects.filter(name="Tamsin Grey").exists()


def test_a_story_already_in_ficarchive_is_linked_not_imported_twice(client):
    """The same words already imported from a file (another encoding, no markup) are linked."""
    from ficarchive.importing.services import import_bytes

    html = (SAMPLE / "stories" / "8" / "13.txt").read_text(encoding="utf-8")
    text = "\n\n".join(p.strip() for p in html.replace("<p>", "").split("</p>") if p.strip())
    header = "Title: Threshold (repost)\nAuthor: sparrowhawk\nRating: R\n\n"
    existing = import_bytes(source="threshold.txt", data=(header + text).encode("cp1252"))
    assert existing.status == "created"
    report = rescue_run(SAMPLE, options())
    entry = by_old_id(report)[10]
    assert (entry["status"], entry["reason"], entry["work_id"]) == (
        "skipped",
        "already_in_archive",
        existing.work_id,
    )
    response = client.get("/archives/lantern-hollow/viewstory.php?sid=10")
    assert response["Location"] == f"/works/{existing.work_id}/"


def test_a_dump_in_a_folder_of_its_own_finds_the_site_beside_it(tmp_path):
    """The dump handed over in backup/, the site's stories/ beside that folder: chapter files
    are where they belong and the uploaded image is found (the site was taken to be backup/)."""
    site = tmp_path / "lh"
    shutil.copytree(SAMPLE, site)
    (site / "backup").mkdir()
    (site / "lanternhollow.sql").rename(site / "backup" / "lanternhollow.sql")
    report = rescue_run(site, options(dry_run=True))
    kinds = [(p["kind"], p.get("old_chapid")) for p in report.problems]
    assert ("image_missing", None) not in kinds
    assert [c for k, c in kinds if k == "chapter_file_elsewhere"] == [19]
    assert report.counts["created"] == 10
