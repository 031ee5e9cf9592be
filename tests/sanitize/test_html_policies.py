"""What each HTML policy keeps and drops: one row per kind of markup, one column per policy."""

import pytest

from ficarchive.sanitize.html import COMMENT, EPUB, PAGE, POLICIES, RESCUED_BODY, STORED_BODY

REL = ' rel="nofollow noopener noreferrer"'
PAGE_REL = ' rel="nofollow noopener"'

# markup: (stored body, comment, page, epub)
CASES = {
    "paragraph": ("<p>Rain</p>",) * 5,
    "emphasis": ("<em>soft</em> <strong>loud</strong>",) * 5,
    "strike-through": ("<del>gone</del>",) * 5,
    "verse": (
        '<div class="verse">a<br>b</div>',
        '<div class="verse">a<br>b</div>',
        "a<br>b",
        '<div class="verse">a<br>b</div>',
        '<div class="verse">a<br>b</div>',
    ),
    "unknown class": (
        '<div class="shout">x</div>',
        '<div class="">x</div>',
        "x",
        '<div class="shout">x</div>',
        '<div class="shout">x</div>',
    ),
    "scene break": ('<hr class="scene-break">', '<hr class="scene-break">', "", '<hr class="scene-break">', '<hr class="scene-break">'),
    "chapter heading": ("<h2>Two</h2>", "<h2>Two</h2>", "Two", "<h2>Two</h2>", "<h2>Two</h2>"),
    "small heading": ("<h4>Four</h4>", "Four", "Four", "<h4>Four</h4>", "<h4>Four</h4>"),
    "center (kept nowhere)": ("<center>mid</center>", "mid", "mid", "mid", "mid"),
    "list": ("<ul><li>one</li></ul>",) * 5,
    "quotation": ("<blockquote>said</blockquote>",) * 5,
    "abbreviation": ('<abbr title="for example">e.g.</abbr>', "e.g.", "e.g.", '<abbr title="for example">e.g.</abbr>', '<abbr title="for example">e.g.</abbr>'),
    "web link": (
        '<a href="https://example.org/">there</a>',
        f'<a href="https://example.org/"{REL}>there</a>',
        f'<a href="https://example.org/"{REL}>there</a>',
        f'<a href="https://example.org/"{PAGE_REL}>there</a>',
        '<a href="https://example.org/">there</a>',
    ),
    "relative link (none in an EPUB)": (
        '<a href="/works/1/">here</a>',
        f'<a href="/works/1/"{REL}>here</a>',
        f'<a href="/works/1/"{REL}>here</a>',
        f'<a href="/works/1/"{PAGE_REL}>here</a>',
        "<a>here</a>",
    ),
    "javascript link": (
        '<a href="javascript:alert(1)">x</a>',
        f"<a{REL}>x</a>",
        f"<a{REL}>x</a>",
        f"<a{PAGE_REL}>x</a>",
        "<a>x</a>",
    ),
    "script": ("<script>alert(1)</script>ok",) + ("ok",) * 4,
    "style and handler": ('<p style="color:red" onclick="x()">p</p>',) + ("<p>p</p>",) * 4,
    "image": ('<img src="x.png">',) + ("",) * 4,
    "text direction": ('<p dir="rtl">r</p>', "<p>r</p>", "<p>r</p>", "<p>r</p>", '<p dir="rtl">r</p>'),
    "preformatted": ("<pre>code</pre>", "code", "code", "code", "<pre>code</pre>"),
}  # fmt: skip


@pytest.mark.parametrize(
    ("markup", "stored", "comment", "page", "epub"), CASES.values(), ids=CASES.keys()
)
def test_policy_keeps_and_drops(markup, stored, comment, page, epub):
    """Each policy reduces the markup to what it allows, and no further."""
    assert STORED_BODY.clean(markup) == stored
    assert COMMENT.clean(markup) == comment
    assert PAGE.clean(markup) == page
    assert EPUB.clean(markup) == epub


def test_page_shows_everything_a_stored_body_may_hold():
    """What the archive stores survives being shown and exported (the drift that lost <center>)."""
    assert STORED_BODY.tags <= PAGE.tags
    assert STORED_BODY.tags <= EPUB.tags
    assert COMMENT.tags <= STORED_BODY.tags


def test_policies_are_named():
    """The five policies are known by name."""
    assert set(POLICIES) == {"stored body", "rescued body", "comment", "page", "epub"}


@pytest.mark.parametrize("policy", [RESCUED_BODY, PAGE], ids=["rescued body", "page"])
def test_only_images_the_archive_kept_are_shown(policy):
    """A rescued story's kept images stay (from /archives/ only, sizes as numbers); any other
    image goes whole, so a page never makes a reader's browser call another site."""
    kept = '<img src="/archives/lh/stories/2/a.png" alt="A ledger" width="200" height="x">'
    assert (
        policy.clean(kept) == '<img src="/archives/lh/stories/2/a.png" alt="A ledger" width="200">'
    )
    assert policy.clean('<p><img src="http://elsewhere.example/x.png">text</p>') == "<p>text</p>"
    assert policy.clean('<img src="javascript:alert(1)" onerror="x()">') == ""


def test_what_a_rescue_stores_is_shown():
    """Everything a rescued body may hold survives the page policy."""
    assert RESCUED_BODY.tags <= PAGE.tags
    assert STORED_BODY.tags <= RESCUED_BODY.tags
