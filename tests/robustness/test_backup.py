"""`ficarchive backup` and `ficarchive restore`, as the README's "Backups" section tells them: an
archive with accounts, works, drafts, series, comments, bookmarks, an upload and a claim is
backed up (a file only its owner can read), refused into an archive that holds data, and
restored into an empty one: every row back, logging in works, and search finds the works."""

from __future__ import annotations

import stat
from datetime import datetime

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from tests.factories import PASSWORD, archive_build

from ficarchive.search.query import SearchQuery
from ficarchive.search.selectors import work_search
from ficarchive.site.backup import LEFT_OUT
from ficarchive.works.models import Work

pytestmark = pytest.mark.django_db(transaction=True)


def kept_models() -> list:
    """The models a backup keeps (all but LEFT_OUT)."""
    left_out = {label.lower() for label in LEFT_OUT}
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label not in left_out and m._meta.label_lower not in left_out
    ]


def value(v: object) -> object:
    """A value as a backup keeps it: Django's JSON keeps times to the millisecond."""
    if isinstance(v, datetime):
        return v.replace(microsecond=v.microsecond // 1000 * 1000)
    return bytes(v) if isinstance(v, memoryview) else v


def rows() -> dict[str, list]:
    """Every kept row as a comparable tuple of its values, per model."""
    return {
        m._meta.label: sorted(
            repr(tuple(map(value, row))) for row in m.objects.order_by("pk").values_list()
        )
        for m in kept_models()
    }


def found(word: str) -> set[str]:
    return {work.title for work in work_search(query=SearchQuery(text=word))[:20]}


def test_backup_then_restore_into_an_empty_archive_gives_the_same_archive(tmp_path, capsys):
    archive_build()
    before = rows()
    assert "Kept Promises" in found("promises")
    for label in ("works.Work", "feedback.Comment", "accounts.User", "importing.ImportRecord"):
        assert before[label], label
    backup = tmp_path / "archive.json.gz"
    call_command("backup", str(backup))
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(backup))

    call_command("flush", interactive=False, verbosity=0)
    assert not Work.objects.exists()
    call_command("restore", str(backup))
    assert "search index rebuilt" in capsys.readouterr().out
    assert rows() == before
    newcomer = get_user_model().objects.create_user("newcomer", password=PASSWORD)
    assert newcomer.pk > max(
        get_user_model().objects.exclude(pk=newcomer.pk).values_list("pk", flat=True)
    )
    assert Client().login(username="author", password=PASSWORD)
    assert "Kept Promises" in found("promises")
    call_command("reindex", check=True, dry_run=True)
    assert "0 works disagree" in capsys.readouterr().out
