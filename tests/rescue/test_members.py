"""Members become creators: one person with two pseuds shares one claim; a penname that is an
address is shown by its local part; taken names are told apart."""

import pytest
from django.contrib.auth import get_user_model

from ficarchive.accounts.models import ClaimInvitation
from ficarchive.accounts.services import claim_invitation_accept
from ficarchive.rescue.services import RescueOptions, rescue_run
from ficarchive.works.models import Creator

from .efiction_builder import dump_text, tables_for

pytestmark = pytest.mark.django_db


def archive_with_members(tmp_path, members):
    tables = tables_for("3.5.1")
    columns, _ = tables["authors"]
    tables["authors"] = (
        columns,
        [(u, n, "", e, "", "", "", "2003-01-01 00:00:00", "0", "x") for u, n, e in members],
    )
    (tmp_path / "site.sql").write_text(dump_text("3.5.1", "mysqldump", tables=tables))
    return tmp_path


def test_members_sharing_an_address_are_one_person_with_one_claim(tmp_path):
    """Two pseuds, one address: one invitation, and accepting it claims both."""
    folder = archive_with_members(
        tmp_path,
        [(1, "Wren Aldous", "same@example.org"), (2, "W. A.", "SAME@example.org"), (3, "R", "")],
    )
    report = rescue_run(folder, RescueOptions(slug="magic"))
    assert any(p["kind"] == "same_person" for p in report.problems)
    assert ClaimInvitation.objects.count() == 1
    user = get_user_model().objects.create_user("wren", "same@example.org", "x" * 12)
    claim_invitation_accept(invitation=ClaimInvitation.objects.get(), user=user)
    assert set(Creator.objects.filter(user=user).values_list("name", flat=True)) == {
        "Wren Aldous",
        "W. A.",
    }


def test_a_penname_that_is_an_address_is_shown_by_its_local_part(tmp_path):
    """The address never becomes a name; it is kept only for the claim invitation."""
    folder = archive_with_members(
        tmp_path, [(1, "wren@example.org", "wren@example.org"), (2, "Basil Hart", "")]
    )
    report = rescue_run(folder, RescueOptions(slug="magic"))
    assert "wren" in {c["name"] for c in report.creators}
    assert not Creator.objects.filter(name__contains="@").exists()
    assert Creator.objects.get(name="wren").email == "wren@example.org"


def test_a_name_taken_by_someone_else_is_told_apart(tmp_path):
    """A creator of the same name with another address stays someone else."""
    Creator.objects.create(name="Wren Aldous", email="other@example.net")
    folder = archive_with_members(
        tmp_path, [(1, "Wren Aldous", "wren@example.org"), (2, "Basil Hart", "")]
    )
    report = rescue_run(folder, RescueOptions(slug="magic"))
    assert "Wren Aldous (Magic Box Stories)" in {c["name"] for c in report.creators}
    assert Creator.objects.get(name="Wren Aldous").email == "other@example.net"
