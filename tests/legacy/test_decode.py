"""Code pages told apart: DOS box drawing is not Russian, and Russian with letter runs is not DOS."""

from __future__ import annotations

import pytest

from ficarchive.legacy.decode import decode_bytes

STORY_EN = (
    "Salt Road\n" + "\u2500" * 9 + "\nShe said the \u00e9t\u00e9 was over. " + "\u2550" * 20 + "\n"
)
STORY_RU = (
    "Соль и море\n" + "\u2500" * 11 + "\nОна сказала, что лето кончилось, и никто не спорил.\n"
)
SHOUT_RU = "АААААА! Она сказала, что лето кончилось, и никто не спорил. " * 3
LETTERS_RU = "Она сказала ооооо, что лето кончилось, и никто не спорил. Вввв! " * 3


@pytest.mark.parametrize(
    ("text", "code_page"),
    [
        (STORY_EN, "cp437"),
        (STORY_RU, "cp866"),
        (SHOUT_RU, "cp1251"),
        (LETTERS_RU, "koi8-r"),
    ],
    ids=["dos-english", "dos-russian", "windows-russian-shout", "koi8-letter-runs"],
)
def test_code_page(text: str, code_page: str) -> None:
    """Each file is read in the code page it was written in, and reads back unchanged."""
    decoded = decode_bytes(text.encode(code_page))
    assert decoded.encoding == code_page
    assert decoded.text == text
