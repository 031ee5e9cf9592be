"""The stage: a dump's rows in an SQLite file, loaded once, looked up by key."""

import io

from ficarchive.rescue.dump.stage import Stage, stage_open

DUMP = b"""CREATE TABLE `s` (`sid` int, `title` text);
INSERT INTO `s` VALUES (10,'Ten'),(9,'Nine'),(2,'Two');
INSERT INTO u VALUES("7", "quoted seven", "extra");
INSERT INTO u VALUES("8", "eight");
"""


def loaded(tmp_path, data: bytes = DUMP) -> Stage:
    return stage_open(key="k", open_stream=lambda: io.BytesIO(data), folder=tmp_path)


def test_rows_by_key_whatever_form_the_dump_gave_the_number(tmp_path):
    """Keys match as numbers or quoted text; ids sort as numbers."""
    stage = loaded(tmp_path)
    assert [r["title"] for r in stage.rows_where("s", "sid", "10")] == [b"Ten"]
    assert [r["title"] for r in stage.rows("s", order_by="sid")] == [b"Two", b"Nine", b"Ten"]
    assert stage.rows_where("u", "c1", 7)[0]["c2"] == b"quoted seven"
    assert stage.count("u") == 2
    assert stage.count("missing") == 0


def test_a_table_without_names_gets_numbered_columns(tmp_path):
    """No CREATE TABLE, no column list: c1, c2, ... as wide as the widest row."""
    stage = loaded(tmp_path)
    assert stage.unnamed == {"u"}
    assert stage.columns["u"] == ["c1", "c2", "c3"]
    assert list(stage.rows("u", columns=["c1"])) == [{"c1": b"7"}, {"c1": b"8"}]


def test_a_stage_is_kept_for_the_next_run_and_a_broken_one_is_loaded_again(tmp_path):
    """The same key opens the stage without reading the dump; a half-loaded stage is redone."""
    loaded(tmp_path).close()

    def never():
        raise AssertionError("the dump was read again")

    again = stage_open(key="k", open_stream=never, folder=tmp_path)
    assert again.count("s") == 3
    again.db.execute("INSERT OR REPLACE INTO _stage_meta VALUES ('complete', '0')")
    again.close()
    redone = loaded(tmp_path, DUMP + b"INSERT INTO `s` VALUES (11,'Eleven');\n")
    assert redone.count("s") == 4
