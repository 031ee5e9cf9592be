"""`unquote_repost`: a story reposted as a whole quotation is unquoted; a reply's quotes are not."""

from __future__ import annotations

from ficarchive.legacy.transport import unquote_repost


def test_a_story_quoted_whole_loses_one_level_of_quoting() -> None:
    text = "A note from the poster.\n\n" + "\n".join(f"> line {i} of the story" for i in range(12))
    text += "\n>> a quote inside it\n>From the mbox escape"
    out = unquote_repost(text)
    assert out.split("\n")[2] == "line 0 of the story"
    assert "> a quote inside it" in out
    assert ">From the mbox escape" in out
    assert out.count("\n") == text.count("\n")


def test_a_reply_quoting_a_little_is_left_alone() -> None:
    quoted = "\n".join(f"> what you said, part {i}" for i in range(10))
    reply = "\n".join(f"My answer, line {i}." for i in range(10))
    text = quoted + "\n\n" + reply
    assert unquote_repost(text) is text
    assert (
        unquote_repost("> only\n> four\n> quoted\n> lines") == "> only\n> four\n> quoted\n> lines"
    )
