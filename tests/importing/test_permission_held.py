"""`ficarchive import` and uploads honour the author's wish to be asked first (issue 10):
held works stay hidden until permission is recorded (`--permission-granted`, the staff box)."""

import io
import json
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from tests.importing.test_upload_views import post_values

from ficarchive.works.models import Work
from ficarchive.works.selectors import work_list_visible

pytestmark = pytest.mark.django_db

ASKS_FIRST = (
    b"Title: Salt on the Sill\nAuthor: Orla Penhallow\nRating: PG\n"
    b"Archive: Tidewrack only; anyone else, please ask first.\n\n"
    b"The window over the harbour never quite closed, and every winter the salt came in and "
    b"wrote itself along the sill in small white letters that nobody in the house could read. "
    b"Her grandmother swept it away each morning without a word, as if it were only dust."
)


def run_import(*args: str) -> str:
    out = io.StringIO()
    call_command("import", *args, stdout=out)
    return out.getvalue()


def test_import_holds_a_story_that_asks_first_and_says_so(tmp_path):
    """Without --permission-granted the work is created, held, and the output says why."""
    (tmp_path / "salt.txt").write_bytes(ASKS_FIRST)
    out = run_import(str(tmp_path / "salt.txt"))
    work = Work.objects.get()
    assert work.distribution_permission == "ask"
    assert work.permission_held
    assert "held" in out
    assert "--permission-granted" in out
    assert not work_list_visible(user=None).exists()
    assert json.loads(run_import("--json", "--dry-run", str(tmp_path / "salt.txt")))["held"]


def test_dry_run_says_a_new_story_would_be_held(tmp_path):
    """The dry run reports `held` for a new story that asks first, and nothing with a note."""
    (tmp_path / "salt.txt").write_bytes(ASKS_FIRST)
    path = str(tmp_path / "salt.txt")
    assert json.loads(run_import("--json", "--dry-run", path))["held"] is True
    granted = json.loads(run_import("--json", "--dry-run", "--permission-granted", "yes", path))
    assert granted["held"] is False
    assert not Work.objects.exists()


def test_permission_granted_records_and_shows_it(tmp_path, client):
    """--permission-granted NOTE publishes the work and its page shows the note."""
    (tmp_path / "salt.txt").write_bytes(ASKS_FIRST)
    obj = json.loads(
        run_import("--json", "--permission-granted", "e-mail of 9 May", str(tmp_path / "salt.txt"))
    )
    assert obj["status"] == "created"
    assert obj["held"] is False
    work = Work.objects.get()
    assert work.permission_note == "e-mail of 9 May"
    page = client.get(work.get_absolute_url()).content.decode()
    assert "Archived here with the author’s permission: e-mail of 9 May" in page


def test_rerun_with_permission_releases_an_unchanged_held_work(tmp_path):
    """The same file again, now with the note: `unchanged`, and the hold is lifted."""
    (tmp_path / "salt.txt").write_bytes(ASKS_FIRST)
    run_import(str(tmp_path / "salt.txt"))
    obj = json.loads(
        run_import("--json", "--permission-granted", "she agreed", str(tmp_path / "salt.txt"))
    )
    assert obj["status"] == "unchanged"
    assert obj["held"] is False
    assert work_list_visible(user=None).count() == 1


def test_blank_permission_note_is_refused(tmp_path):
    """A note of only spaces is an error, not a silent grant."""
    from django.core.management.base import CommandError

    (tmp_path / "salt.txt").write_bytes(ASKS_FIRST)
    with pytest.raises(CommandError):
        run_import("--permission-granted", "   ", str(tmp_path / "salt.txt"))
    assert not Work.objects.exists()


def _upload(client: Client) -> str:
    response = client.post("/import/", {"text": ASKS_FIRST.decode()})
    assert response.status_code == 302
    return response["Location"]


def _archivist_values(**changes) -> dict:
    return post_values(authors="Orla Penhallow", distribution_permission="ask", **changes)


def test_archivist_archiving_someone_elses_story_is_held(django_user_model):
    """An archivist (not staff) uploading a story by another author that asks first: held,
    and told so; only staff may record the permission."""
    archivist = django_user_model.objects.create_user("archivist", password="pw-123-x")
    archivist.user_permissions.add(Permission.objects.get(codename="archive_for_others"))
    client = Client()
    client.force_login(archivist)
    preview = _upload(client)
    page = client.get(preview).content.decode()
    assert 'id="permission-hold"' in page
    assert 'name="permission_granted"' not in page  # the box is for staff
    client.post(preview, _archivist_values(permission_granted="on", permission_note="trust me"))
    work = Work.objects.get()
    assert work.permission_held
    assert work.permission_note == ""
    assert work.archived_by == archivist


def test_author_uploading_her_own_story_needs_nothing(django_user_model):
    """Her own story (posted under her pseud) is public although its header asks first."""
    client = Client()
    client.force_login(django_user_model.objects.create_user("orla", password="pw-123-x"))
    client.post(_upload(client), post_values(authors="", distribution_permission="ask"))
    work = Work.objects.get()
    assert not work.permission_held
    assert work_list_visible(user=None).filter(pk=work.pk).exists()


def test_staff_box_records_permission_and_needs_a_note(django_user_model):
    """Staff tick the box and say how; without a note the form asks for one."""
    staff = django_user_model.objects.create_user("keeper", password="pw-123-x", is_staff=True)
    client = Client()
    client.force_login(staff)
    preview = _upload(client)
    assert 'name="permission_granted"' in client.get(preview).content.decode()
    response = client.post(preview, _archivist_values(permission_granted="on"))
    assert response.status_code == 200
    assert not Work.objects.exists()
    assert re.search(r"Say how permission was obtained", response.content.decode())
    client.post(preview, _archivist_values(permission_granted="on", permission_note="by letter"))
    work = Work.objects.get()
    assert not work.permission_held
    assert (work.permission_note, work.permission_recorded_by) == ("by letter", staff)


def test_upload_service_refuses_a_permission_from_a_member(django_user_model):
    """The rule is the service's: a member's claim of permission is refused there."""
    from django.core.exceptions import PermissionDenied

    from ficarchive.importing.uploads import upload_get_pending, upload_post, upload_work_input
    from ficarchive.works.services import chapter_inputs_from_parsed

    member = django_user_model.objects.create_user("archivist", password="pw-123-x")
    client = Client()
    client.force_login(member)
    record_id = int(_upload(client).strip("/").split("/")[-1])
    record, parsed = upload_get_pending(user=member, record_id=record_id)
    data = upload_work_input(record=record, parsed=parsed)
    data.permission_granted = "forged"
    with pytest.raises(PermissionDenied):
        upload_post(
            user=member, record=record, data=data, chapters=chapter_inputs_from_parsed(parsed)
        )
    assert not Work.objects.exists()
