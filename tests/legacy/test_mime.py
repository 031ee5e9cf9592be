"""`unwrap_mime`: a mailed story's MIME body made plain before decoding; other bytes untouched."""

from __future__ import annotations

import time

from ficarchive.legacy.mime import unwrap_mime

HEAD = b"From: Ada Penrose <ada@example.org>\nSubject: Pebble\nMIME-Version: 1.0\n"


def test_bytes_without_mime_headers_come_back_unchanged() -> None:
    plain = b"Title: Pebble\nAuthor: Ada Penrose\n\nThe sea = grey, =92 and all.\n"
    assert unwrap_mime(plain) is plain
    posted = HEAD + b"\nA line with =3D in it.\n"
    assert unwrap_mime(posted) is posted  # no Content-* header: nothing says it is encoded


def test_utf16_text_is_left_to_the_decoder() -> None:
    data = "Content-Type: text/plain\n\nhi\n".encode("utf-16")
    assert unwrap_mime(data) is data


def test_quoted_printable_body_is_decoded_and_soft_breaks_joined() -> None:
    data = (
        HEAD + b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        b"It was Ada=92s pebble, and she wanted it =\r\nback.\r\n"
    )
    out = unwrap_mime(data)
    assert out.startswith(HEAD)
    assert b"It was Ada\x92s pebble, and she wanted it back.\r\n" in out
    assert b"=92" not in out


def test_multipart_keeps_text_parts_in_order_and_drops_html_and_images() -> None:
    data = (
        HEAD + b'Content-Type: multipart/mixed; boundary="b1"\n\npreamble\n'
        b"--b1\nContent-Type: text/plain\n\nA note first.\n"
        b"--b1\nContent-Type: multipart/alternative; boundary=b2\n\n"
        b"--b2\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\nVGhlIHN0b3J5Lg==\n"
        b"--b2\nContent-Type: text/html\n\n<p>The story.</p>\n--b2--\n"
        b"--b1\nContent-Type: image/gif\nContent-Transfer-Encoding: base64\n\nR0lGODlh\n"
        b"--b1--\nepilogue\n"
    )
    out = unwrap_mime(data)
    body = out[len(HEAD) :]
    assert b"A note first." in body
    assert b"The story." in body
    assert body.index(b"A note first.") < body.index(b"The story.")
    for gone in (b"<p>", b"--b1", b"--b2", b"preamble", b"epilogue", b"R0lGOD"):
        assert gone not in body


def test_html_only_mail_keeps_its_first_html_part() -> None:
    data = (
        HEAD + b"Content-Type: multipart/alternative; boundary=z\n\n"
        b"--z\nContent-Type: text/html\n\n<p>Only markup.</p>\n--z--\n"
    )
    assert b"<p>Only markup.</p>" in unwrap_mime(data)


def test_bad_base64_leaves_the_bytes_alone() -> None:
    data = HEAD + b"Content-Transfer-Encoding: base64\n\nnot base64 at all!\n"
    assert unwrap_mime(data) == data


def _cpu(data: bytes) -> float:
    started = time.process_time()
    unwrap_mime(data)
    return time.process_time() - started


def test_hostile_multipart_stays_linear() -> None:
    """Many parts, long boundary-like lines and deep nesting: time grows with the input only."""

    def mail(n: int) -> bytes:
        part = b"--q\nContent-Type: text/plain\n\n" + b"-" * 300 + b"q" * 300 + b"\n"
        nested = b"Content-Type: multipart/mixed; boundary=q\n\n" * 5
        return HEAD + b"Content-Type: multipart/mixed; boundary=q\n\n" + nested + part * n

    small, large = mail(2_000), mail(8_000)
    assert unwrap_mime(large).count(b"q" * 300) == 8_000
    base = min(_cpu(small) for _ in range(3))
    assert min(_cpu(large) for _ in range(3)) < 12 * max(base, 0.002)
