"""`ficarchive export`: a work in each format, a whole series, and usage errors."""

from __future__ import annotations

import zipfile

import pytest
from django.core.management import CommandError, call_command
from tests.factories import work_make_full

from ficarchive.works.models import Series, Work

pytestmark = pytest.mark.django_db


def test_export_writes_each_format(tmp_path):
    """`export WORK_ID --format F -o FILE` writes the file, whatever the work's visibility."""
    work = work_make_full()
    Work.objects.filter(pk=work.pk).update(restricted=True)
    for fmt in ("epub", "html", "txt"):
        out = tmp_path / f"out.{fmt}"
        call_command("export", str(work.pk), "--format", fmt, "-o", str(out))
        assert out.stat().st_size > 0
    assert zipfile.ZipFile(tmp_path / "out.epub").read("mimetype") == b"application/epub+zip"
    assert "Lamps on the Quay" in (tmp_path / "out.txt").read_text(encoding="utf-8")


def test_export_series_as_one_epub(tmp_path):
    """`export --series SERIES_ID -o FILE` writes every part into one EPUB."""
    work_make_full()
    work_make_full(title="Second Light")
    series = Series.objects.get(title="Harbour Lights")
    out = tmp_path / "series.epub"
    call_command("export", "--series", str(series.pk), "-o", str(out))
    names = zipfile.ZipFile(out).namelist()
    assert "EPUB/text/w01-title.xhtml" in names
    assert "EPUB/text/w02-title.xhtml" in names


def test_export_usage_errors(tmp_path):
    """No work, both a work and a series, a missing id, or a series as text: clear errors."""
    work = work_make_full()
    with pytest.raises(CommandError):
        call_command("export")
    with pytest.raises(CommandError):
        call_command("export", str(work.pk), "--series", "1")
    with pytest.raises(CommandError, match="no work"):
        call_command("export", str(work.pk + 500), "-o", str(tmp_path / "x.epub"))
    series = Series.objects.get()
    with pytest.raises(CommandError, match="EPUB only"):
        call_command("export", "--series", str(series.pk), "--format", "txt")
