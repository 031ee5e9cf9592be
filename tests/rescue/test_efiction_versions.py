"""eFiction 1.1, 2.0 and 3.x, as mysqldump, phpMyAdmin export and admin backup: the same site
reads the same whatever the version's table layout and the dump's form."""

import pytest

from ficarchive.rescue.links import OldSite
from ficarchive.rescue.mapping import Mapper
from ficarchive.rescue.readers import ReadOptions, archive_source_open
from ficarchive.rescue.services import RescueOptions, rescue_run
from ficarchive.rescue.tag_map import TagMap
from ficarchive.rescue.tree import SourceTree
from ficarchive.works.models import Work

from .efiction_builder import FIRST_WORDS, FORMATS, VERSIONS, dump_text, tables_for, write_archive

CASES = [(v, f) for v in VERSIONS for f in FORMATS if f != "admin_backup" or v.startswith("3")]


def read(folder):
    source = archive_source_open(
        SourceTree.open(folder), ReadOptions(stage_folder=folder / "stage")
    )
    mapper = Mapper(site=OldSite("t", ""), tag_map=TagMap(), members=source.members())
    return source, mapper


@pytest.mark.parametrize(("version", "form"), CASES)
def test_every_version_and_form_reads_the_same_stories(tmp_path, version, form):
    """Stories, chapters in order, tags in AO3's vocabulary, reviews and the author's reply."""
    source, mapper = read(write_archive(tmp_path, version, form))
    assert source.version == ("3" if version.startswith("3") else version)
    stories = {s.old_id: s for s in source.stories()}
    assert set(stories) == {"1", "2", "3"}
    assert not stories["3"].validated
    candle = mapper.work(stories["1"]).parsed
    assert candle.title == "Candle Hour"
    assert [c.title for c in candle.chapters] == ["Wick", "Wax"]
    assert candle.chapters[0].blocks[0].text.startswith(FIRST_WORDS)
    assert candle.fandoms == ["Buffy the Vampire Slayer"]
    assert set(candle.characters) >= {"Willow Rosenberg", "Tara Maclay"}
    assert candle.rating == "General Audiences"
    assert candle.warnings == ["No Archive Warnings Apply"]
    assert candle.categories == ["F/F"]
    assert "Angst" in candle.freeform
    assert candle.summary == "Willow counts the minutes; Tara doesn\u2019t."
    library = mapper.work(stories["2"]).parsed
    assert library.rating == "Mature"
    assert library.warnings == ["Major Character Death"]
    assert library.characters == ["Rupert Giles"]
    reviews = stories["1"].reviews
    assert [r.html for r in reviews] == ["Lovely!", "More please."]
    assert reviews[0].response_html == "Thank you!"
    assert reviews[1].member_id == "3"
    assert [r.rating_only for r in stories["2"].reviews] == [True]


@pytest.mark.parametrize("version", ["2.0", "3.5.1"])
def test_series_are_read_in_order(tmp_path, version):
    """Series entries come in their order, from 2.0's and 3.x's series tables."""
    source, _ = read(write_archive(tmp_path, version, "mysqldump"))
    (series,) = source.series()
    assert (series.title, series.story_ids, series.owner_id) == ("Hour Cycle", ["1", "2"], "1")


def test_a_pairing_class_becomes_a_relationship_in_3x(tmp_path):
    """3.x pairing classes ("Willow/Tara") resolve in the story's fandom."""
    source, mapper = read(write_archive(tmp_path, "3.5.1", "phpmyadmin"))
    story = next(s for s in source.stories() if s.old_id == "1")
    assert mapper.work(story).parsed.relationships == ["Willow Rosenberg/Tara Maclay"]


def test_several_installs_are_listed_and_the_largest_or_the_chosen_one_is_read(tmp_path):
    """Two sites in one database: the one with more stories is read unless one is named."""
    small = tables_for("3.5.1")
    small["stories"] = (small["stories"][0], small["stories"][1][:1])
    small["settings"][1][0] = (
        "k2",
        "Second Site",
        "",
        "http://second.example.net/fic",
        "",
        "two_",
        "x",
        "",
        "en",
        0,
        "stories",
        "mysql",
    )
    text = dump_text("3.5.1", "mysqldump") + dump_text(
        "3.5.1", "mysqldump", "two_fanfiction_", small
    )
    (tmp_path / "both.sql").write_text(text, encoding="utf-8")
    source, _ = read(tmp_path)
    assert source.tables.install.prefix == "fanfiction_"
    others = [p for p in source.problems if p.kind == "other_install"]
    assert [p.ids["table"] for p in others] == ["two_fanfiction_"]
    chosen = archive_source_open(
        SourceTree.open(tmp_path),
        ReadOptions(stage_folder=tmp_path / "stage", table_prefix="two_fanfiction_"),
    )
    assert chosen.info.name == "Second Site"
    assert [s.old_id for s in chosen.stories()] == ["1"]
    by_address = archive_source_open(
        SourceTree.open(tmp_path),
        ReadOptions(stage_folder=tmp_path / "stage", old_url="http://second.example.net/fic/"),
    )
    assert by_address.info.name == "Second Site"


@pytest.mark.django_db
@pytest.mark.parametrize("version", ["1.1", "2.0", "3.5.1"])
def test_a_whole_rescue_of_each_version(tmp_path, version, client):
    """Each version's site becomes works with comments and old links; 1.1's chapter sids too."""
    report = rescue_run(write_archive(tmp_path, version, "mysqldump"), RescueOptions(slug="magic"))
    statuses = {w["old_id"]: (w["status"], w["reason"]) for w in report.works}
    assert statuses == {1: ("created", ""), 2: ("created", ""), 3: ("skipped", "unvalidated")}
    work = Work.objects.get(pk=report.works[0]["work_id"])
    assert [c.title for c in work.chapters.order_by("position")] == ["Wick", "Wax"]
    data = client.get(f"/api/works/{work.pk}/").json()
    assert data["comments"] == 2
    assert data["authors"] == ["Wren Aldous"]
    assert client.get("/archives/magic/viewstory.php?sid=1")["Location"] == f"/works/{work.pk}/"
    if version == "1.1":
        chapter_two = client.get("/archives/magic/viewstory.php?sid=102")
        assert chapter_two["Location"] == f"/works/{work.pk}/chapters/2/"
    else:
        chapter_two = client.get("/archives/magic/viewstory.php?sid=1&chapter=2")
        assert chapter_two["Location"] == f"/works/{work.pk}/chapters/2/"


@pytest.mark.django_db
def test_a_story_whose_notes_ask_first_is_held(tmp_path):
    """ "Archive: ask me first" in a story's notes holds its work from the public."""
    tables = tables_for("3.5.1")
    columns, rows = tables["stories"]
    notes = columns.index("storynotes")
    rows[1] = tuple(
        "Archive: please ask me first." if i == notes else v for i, v in enumerate(rows[1])
    )
    tables["stories"] = (columns, rows)
    (tmp_path / "site.sql").write_text(dump_text("3.5.1", "mysqldump", tables=tables))
    report = rescue_run(tmp_path, RescueOptions(slug="magic"))
    held = {p["old_sid"] for p in report.problems if p["kind"] == "held_for_permission"}
    assert held == {2}
    works = {w["old_id"]: w["work_id"] for w in report.works}
    assert Work.objects.get(pk=works[2]).permission_held
    assert not Work.objects.get(pk=works[1]).permission_held


def test_a_chapter_s_uid_names_a_writer_only_in_a_round_robin(tmp_path):
    """A chapter with uid 0, or by a member who is not among the story's authors (a story
    handed over to another member), is by the story's owner: only a round robin's chapters
    add their writers."""
    tables = tables_for("3.5.1")
    columns, rows = tables["chapters"]
    uid, chapid = columns.index("uid"), columns.index("chapid")
    writers = {1: 0, 2: 2, 3: 1}  # Candle Hour's chapters: uid 0, uid 2; Quiet Library's: uid 1
    tables["chapters"] = (
        columns,
        [
            tuple(writers.get(r[chapid], r[uid]) if i == uid else v for i, v in enumerate(r))
            for r in rows
        ],
    )
    story_columns, story_rows = tables["stories"]
    rr, sid = story_columns.index("rr"), story_columns.index("sid")
    tables["stories"] = (
        story_columns,
        [tuple("1" if i == rr and r[sid] == 1 else v for i, v in enumerate(r)) for r in story_rows],
    )
    (tmp_path / "site.sql").write_text(dump_text("3.5.1", "mysqldump", tables=tables))
    source, _ = read(tmp_path)
    stories = {s.old_id: s for s in source.stories()}
    candle, library = stories["1"], stories["2"]  # Candle Hour is now a round robin
    assert (candle.owner_id, candle.coauthor_ids) == ("1", ["2"])
    assert [c.member_id for c in candle.chapters] == ["1", "2"]
    assert (library.owner_id, library.coauthor_ids) == ("2", [])
    assert [c.member_id for c in library.chapters] == ["2"]


def test_older_sites_that_kept_ids_or_category_names_are_read_by_their_tables(tmp_path):
    """eFiction 2.0 lists genres and warnings by name; a site that kept their ids in `gid`
    and `wid` has them looked up in its genres and warnings tables, and a `catid` holding a
    category's name finds that category."""
    tables = tables_for("2.0")
    columns, rows = tables["stories"]
    gid, wid, catid = columns.index("gid"), columns.index("wid"), columns.index("catid")
    by_id = {gid: "1,2", wid: "4", catid: "femslash"}
    tables["stories"] = (columns, [tuple(by_id.get(i, v) for i, v in enumerate(r)) for r in rows])
    (tmp_path / "site.sql").write_text(dump_text("2.0", "mysqldump", tables=tables))
    source, mapper = read(tmp_path)
    story = next(s for s in source.stories() if s.old_id == "1")
    assert story.genres == ["Angst", "Fluff"]
    assert story.warnings == ["Character Death"]
    assert [c.name for c in story.category_paths[0]] == ["Television", "BtVS", "Femslash"]
    parsed = mapper.work(story).parsed
    assert parsed.warnings == ["Major Character Death"]
    assert parsed.fandoms == ["Buffy the Vampire Slayer"]


def test_co_authors_listed_in_the_column_count_beside_an_empty_coauthors_table(tmp_path):
    """A site upgraded half-way: the coauthors table is there but empty, and
    `stories.coauthors` still lists the co-authors' uids, as before 3.5."""
    tables = tables_for("3.5.1")
    columns, rows = tables["stories"]
    coauthors, sid = columns.index("coauthors"), columns.index("sid")
    tables["stories"] = (
        columns,
        [
            tuple("2,3" if i == coauthors and r[sid] == 1 else v for i, v in enumerate(r))
            for r in rows
        ],
    )
    assert tables["coauthors"] == (["sid", "uid"], [])
    (tmp_path / "site.sql").write_text(dump_text("3.5.1", "mysqldump", tables=tables))
    source, _ = read(tmp_path)
    stories = {s.old_id: s for s in source.stories()}
    assert stories["1"].coauthor_ids == ["2", "3"]
    assert stories["2"].coauthor_ids == []


@pytest.mark.parametrize("prefix", ["", "efic_", "site2_fanfiction_"])
def test_tables_under_another_prefix_are_read_with_their_settings(tmp_path, prefix):
    """`stories`, `efic_stories`: the site's settings table renamed with the others still
    names the site, and no table of the install is listed as unknown (all were, without a
    prefix)."""
    (tmp_path / "site.sql").write_text(dump_text("3.5.1", "mysqldump", prefix=prefix))
    source, _ = read(tmp_path)
    assert source.info.name == "Magic Box Stories"
    assert source.info.url == "http://magicbox.example.net"
    assert {s.old_id for s in source.stories()} == {"1", "2", "3"}
    assert not [p for p in source.problems if p.kind == "unknown_table"]


def test_series_inside_series_any_depth_and_in_loops(tmp_path):
    """Series 1 holds 2, 2 holds 3 and 3 holds 1 again, then a chain 2,000 deep: every story
    is listed once in order, whichever series the walk starts from; the loop is reported once;
    the depth raises nothing (recursion stopped at Python's limit) and costs no rewalk per
    series (it was quadratic)."""
    tables = tables_for("3.5.1")
    columns, _ = tables["series"]
    depth = 2_000
    tables["series"] = (
        columns,
        [(n, f"Series {n}", "", 1, 0, "2", 0, "", "", 0, 1) for n in range(1, depth + 1)],
    )
    entries = [(1, 1, 0, 1, 1), (1, 0, 2, 1, 2), (2, 2, 0, 1, 1), (2, 0, 3, 1, 2), (3, 0, 1, 1, 1)]
    entries += [(n, 0, n + 1, 1, 1) for n in range(4, depth)]
    tables["inseries"] = (tables["inseries"][0], entries)
    (tmp_path / "site.sql").write_text(dump_text("3.5.1", "mysqldump", tables=tables))
    source, _ = read(tmp_path)
    series = {s.old_id: s for s in source.series()}
    assert series["1"].story_ids == ["1", "2"]
    assert series["3"].story_ids == ["1", "2"]
    assert series["4"].story_ids == []
    loops = [p for p in source.problems if p.kind == "series_loop"]
    assert [(p.ids["old_seriesid"], p.ids["sub_seriesid"]) for p in loops] == [(3, 1)]


def test_module_columns_and_tables_in_an_admin_backup(tmp_path):
    """eFiction's own backup names no columns: stories with two module columns at the end take
    3.x's layout, not a longer one of another version (titles came out as summaries); the
    modules' shoutbox and poll are reported as not carried over (they went unmentioned)."""
    tables = tables_for("3.5.1")
    columns, rows = tables["stories"]
    tables["stories"] = ([*columns, "mod_award", "mod_tally"], [(*r, "gold", 3) for r in rows])
    tables["shoutbox"] = (["shout_id", "shout_name", "shout_message"], [(1, "Wren", "hello")])
    tables["poll"] = (["poll_id", "poll_question"], [(1, "Which ship?")])
    (tmp_path / "site.sql").write_text(dump_text("3.5.1", "admin_backup", tables=tables))
    source, _ = read(tmp_path)
    assert {s.old_id: s.title for s in source.stories()} == {
        "1": "Candle Hour",
        "2": "Quiet Library",
        "3": "Not Yet",
    }
    left = {p.ids["table"] for p in source.problems if p.kind == "table_not_imported"}
    assert {"fanfiction_shoutbox", "fanfiction_poll"} <= left
