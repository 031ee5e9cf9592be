"""The lists a person hands the rescue: the do-not-import list and the tag map."""

import pytest

from ficarchive.rescue.do_not_import import do_not_import_parse
from ficarchive.rescue.tag_map import tag_map_parse, unmapped_csv


def test_do_not_import_lines_in_the_forms_archivists_write():
    """Members by id or name, stories by id; comments and blank lines ignored."""
    found = do_not_import_parse(
        "# from the authors' replies\n\nauthor uid=7   # by e-mail\nmember 3\nuid: 9\n"
        "author name=Nameless Wonder\nauthor Quill\nstory sid=012\nsid 4\nemail=a@example.org\n"
    )
    assert found.member_ids == {"7", "3", "9"}
    assert found.member_names == {"nameless wonder", "quill", "a@example.org"}
    assert found.story_ids == {"12", "4"}
    assert found.member("9")
    assert found.member("55", "QUILL")
    assert not found.member("55", "Wren")


def test_a_do_not_import_line_it_cannot_read_names_its_number():
    """An unreadable line is an error with its line number, not a silent skip."""
    with pytest.raises(ValueError, match="line 2"):
        do_not_import_parse("author uid=7\nplease leave out the stories I told you about\n")


def test_tag_map_rows_drop_retype_or_rename():
    """`-` drops a tag, `freeform: X` makes it an additional tag, a name renames it; blank rows
    and rows without a decision are left alone."""
    tag_map = tag_map_parse(
        "type,original,mapped,stories\n"
        "fandom,Sentinel,  The Sentinel ,4 16\n"
        "fandom,Season 2,freeform: Season Two,\n"
        "character,Original Character,-,\n"
        "relationship,J/D,,\n\n"
    )
    assert tag_map.get("fandom", "SENTINEL") == ("fandom", "The Sentinel")
    assert tag_map.get("fandom", "season 2") == ("freeform", "Season Two")
    assert tag_map.get("character", "Original Character") is None
    assert tag_map.get("relationship", "J/D") is False
    assert len(tag_map) == 3
    with pytest.raises(ValueError, match="line 2"):
        tag_map_parse("type,original,mapped\nmood,Happy,Fluff\n")


def test_the_unmapped_csv_round_trips_into_a_tag_map():
    """The CSV the rescue writes is the file a person fills in and passes back."""
    text = unmapped_csv([("fandom", "Cascade, PD", ["4", "16"])])
    assert text.splitlines() == ["type,original,mapped,stories", 'fandom,"Cascade, PD",,4 16']
    filled = text.replace(",,4 16", ",The Sentinel,4 16")
    assert tag_map_parse(filled).get("fandom", "Cascade, PD") == ("fandom", "The Sentinel")
