"""A chapter body made from blocks in one pass (`blocks_to_body`) is exactly what the sanitizing
path makes (`blocks_to_html`: escaped text, then the STORED_BODY policy), with the same word
count, and its plain text gives the same fingerprint as its HTML."""

import random

import pytest

from ficarchive.bench.parse import generate_corpus
from ficarchive.legacy import parse_bytes
from ficarchive.legacy.model import Block
from ficarchive.works.services.body_html import blocks_to_body, blocks_to_html, blocks_word_count
from ficarchive.works.services.fingerprint import plain_text_fingerprint, text_fingerprint

KINDS = ("paragraph", "verse", "break", "heading")
# Characters an escaper or an HTML parser treats specially, and ones text cleaning drops.
PIECES = [
    "&",
    "&amp;",
    "&copy",
    "&#x27;",
    "<",
    ">",
    "<b>bold</b>",
    "<script>alert(1)</script>",
    '"',
    "'",
    "\u00a0",
    "a\u00a0b",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\x00",
    "\x07",
    "\x85",
    "\ufffe",
    "\ud800",
    "\U0001fffe",
    "\u2028",
    "\u3000",
    "ﬁne",
    "Straße",
    "ÉCOLE",
    "word",
    "Tea-time",
    " ",
    "  ",
    "42",
    "😀",
    "]]>",
    "<!--",
    "-->",
]


def hostile_blocks(rng: random.Random) -> list[Block]:
    blocks = []
    for _ in range(rng.randint(0, 12)):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 14)))
        blocks.append(Block(kind=rng.choice(KINDS), text=text))
    return blocks


def assert_same(blocks: list[Block]) -> None:
    made = blocks_to_body(blocks)
    assert made.html == blocks_to_html(blocks)
    assert made.word_count == blocks_word_count(blocks)
    assert plain_text_fingerprint([made.text]) == text_fingerprint([made.html])


@pytest.mark.parametrize("seed", range(40))
def test_hostile_blocks_make_the_body_the_policy_makes(seed):
    """Escapes, entities, markup, no-break spaces, controls, surrogates, non-characters."""
    rng = random.Random(seed)
    for _ in range(25):
        assert_same(hostile_blocks(rng))


def test_generated_stories_make_the_body_the_policy_makes():
    """The import benchmark's stories (four layouts, hard-wrapped or not), chapter by chapter."""
    for n, data in enumerate(generate_corpus(0.6)):
        parsed = parse_bytes(data, f"story-{n}.txt")
        for blocks in [parsed.blocks, *(c.blocks for c in parsed.chapters)]:
            assert_same(list(blocks))


def test_a_verse_keeps_its_no_break_spaces_and_drops_empty_lines():
    """What survives of a no-break space is written as the policy writes it."""
    blocks = [Block(kind="verse", text="one\u00a0line & more\n\n  \n<second>")]
    made = blocks_to_body(blocks)
    assert made.html == '<div class="verse">one&nbsp;line &amp; more<br>&lt;second&gt;</div>'
    assert made.html == blocks_to_html(blocks)
    assert made.word_count == 5  # whitespace-separated, as blocks_word_count counts
