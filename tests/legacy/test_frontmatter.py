"""The front-matter reader: the YAML that static sites and AO3 scrapers write, read safely."""

from __future__ import annotations

from ficarchive.legacy.frontmatter import MAX_ITEMS, MAX_LINES, read_front_matter


def _values(text: str) -> dict:
    matter = read_front_matter(text)
    assert matter is not None
    return matter.values


def test_scalars_lists_and_empty_lists():
    """Plain, quoted and list values; `[]` is an empty list; the end is the closing fence."""
    text = "---\ntitle: Salt Roads\ntags: []\nfandom:\n- A\n- 'B: the Sequel'\nkin: [x, 'y, z']\n---\nStory\n"
    matter = read_front_matter(text)
    assert matter.values == {
        "title": "Salt Roads",
        "tags": [],
        "fandom": ["A", "B: the Sequel"],
        "kin": ["x", "y, z"],
    }
    assert text.split("\n")[matter.end] == "Story"


def test_folded_values_keep_paragraphs():
    """A value over several lines folds into one; blank lines inside it end paragraphs."""
    text = "---\nnotes: 'First line\n  goes on.\n\n\n  Second ''quoted'' paragraph.'\nsummary: plain words\n  that wrap\n---\n"
    assert _values(text) == {
        "notes": "First line goes on.\n\nSecond 'quoted' paragraph.",
        "summary": "plain words that wrap",
    }


def test_double_quoted_escapes():
    """Double-quoted values know YAML's escapes, \\u ones included, and escaped line ends."""
    text = '---\ntitle: "\\u6F6E\\u6C50 \\"night\\""\nnotes: "one\\n\\ntwo, \\\n  joined"\n---\n'
    assert _values(text) == {"title": '潮汐 "night"', "notes": "one\n\ntwo, joined"}


def test_block_scalars():
    """`|` keeps line ends, `>` folds them."""
    text = "---\nkeep: |\n  a\n  b\nfold: >-\n  c\n  d\n---\n"
    assert _values(text) == {"keep": "a\nb", "fold": "c d"}


def test_no_objects_only_strings():
    """Tags, anchors and nested mappings build nothing: text stays text, mappings are skipped."""
    text = "---\nx: !!python/object/apply:os.system ['echo hi']\ny: &a value\nmenu:\n  main:\n    weight: 2\nz: *a\n---\n"
    values = _values(text)
    assert values["x"] == "['echo hi']"
    assert values["y"] == "value"
    assert values["z"] == "*a"
    assert "menu" not in values
    assert all(isinstance(v, str | list) for v in values.values())


def test_not_front_matter():
    """No fence, no closing fence, or nothing but a rule: not front matter."""
    assert read_front_matter("title: x\n") is None
    assert read_front_matter("---\ntitle: x\nno end\n") is None
    assert read_front_matter("---\n\n---\nStory") is None
    assert read_front_matter("---\n" + "a: b\n" * (MAX_LINES + 5) + "---\n") is None


def test_lists_are_bounded():
    """A list longer than the bound is cut at the bound."""
    text = "---\ntags:\n" + "- t\n" * (MAX_ITEMS + 50) + "---\n"
    matter = read_front_matter(text)
    assert matter is not None
    assert len(matter.values["tags"]) == MAX_ITEMS


def test_toml_front_matter():
    """Hugo's TOML front matter: strings, arrays, triple-quoted text; tables are the site's."""
    text = (
        '+++\ntitle = "The Salt \\"Road\\""\nauthor = \'Wren\'\ntags = ["a", "b, c"]\n'
        'summary = """\nTwo lines\nof summary."""\n[menu.main]\nweight = 1\n+++\nStory'
    )
    matter = read_front_matter(text)
    assert matter.values == {
        "title": 'The Salt "Road"',
        "author": "Wren",
        "tags": ["a", "b, c"],
        "summary": "Two lines\nof summary.",
    }
    assert text.split("\n")[matter.end] == "Story"
