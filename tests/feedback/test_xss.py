"""Script payloads in comments, guest names and bookmark notes come out inert."""

from django.test import Client

PAYLOADS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<svg onload="alert(1)"></svg>',
    '"><script>alert(1)</script>',
]


def _inert(page: str) -> None:
    assert "<script>alert" not in page
    assert "onerror=" not in page
    assert "onload=" not in page
    assert 'href="javascript:' not in page


def test_comment_payloads_are_sanitized(work, author, reader, client_for):
    """Comment bodies keep no scripts, handlers or javascript: links, for any viewer."""
    client = client_for(reader)
    for payload in PAYLOADS:
        assert client.post(f"/works/{work.pk}/comments/", {"body": payload}).status_code in (
            302,
            400,
        )
    for viewer in (Client(), client_for(reader), client_for(author)):
        _inert(viewer.get(work.get_absolute_url()).content.decode())
    _inert(client_for(author).get(f"/works/{work.pk}/comments/moderate/").content.decode())


def test_guest_name_payload_is_escaped(work, author, client_for):
    """A guest's name is shown escaped."""
    client_for(author).post(f"/works/{work.pk}/comments/moderate/", {"comment_policy": "anyone"})
    Client().post(
        f"/works/{work.pk}/comments/",
        {"body": "hello", "guest_name": PAYLOADS[0], "guest_email": "g@example.org"},
    )
    page = Client().get(work.get_absolute_url()).content.decode()
    _inert(page)
    assert "&lt;script&gt;" in page


def test_bookmark_notes_and_tags_are_sanitized(work, reader, client_for):
    """Bookmark notes are sanitized and the bookmarker's tags escaped on every list."""
    client_for(reader).post(
        f"/works/{work.pk}/bookmark/", {"notes": PAYLOADS[1], "tags": PAYLOADS[0]}
    )
    _inert(client_for(reader).get("/bookmarks/").content.decode())
    _inert(Client().get("/users/reader/bookmarks/").content.decode())
    _inert(client_for(reader).get(f"/works/{work.pk}/bookmark/").content.decode())
