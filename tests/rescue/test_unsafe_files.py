"""Files an archive must not lead the rescue to: links out of the folder, zip members with
unsafe names or that are links. None is read; each is named in the report."""

import os
import shutil
import stat
import zipfile

import pytest

from ficarchive.rescue.services import rescue_run
from ficarchive.rescue.tree import SourceTree
from ficarchive.works.models import Chapter

from .test_lanternhollow import SAMPLE, options

SECRET = "Marrow Quay ledger, not a story. " * 40


def test_a_link_out_of_the_folder_is_not_read(tmp_path):
    """A chapter file that is a link to a file elsewhere on the machine, and a linked folder,
    are left out; a link to another file of the archive is read as that file."""
    site = tmp_path / "site"
    (site / "stories" / "2").mkdir(parents=True)
    (site / "stories" / "2" / "1.txt").write_text("Chapter one.")
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    os.symlink(secret, site / "stories" / "2" / "2.txt")
    os.symlink(site / "stories" / "2" / "1.txt", site / "stories" / "2" / "3.txt")
    os.symlink(tmp_path, site / "stories" / "elsewhere")
    os.symlink(tmp_path / "nothing-here", site / "stories" / "2" / "4.txt")
    tree = SourceTree.open(site)
    assert tree.paths == ["stories/2/1.txt", "stories/2/3.txt"]
    assert tree.read("stories/2/2.txt") is None
    assert tree.read("stories/2/3.txt") == b"Chapter one."
    refused = dict(tree.refused)
    assert set(refused) == {"stories/2/2.txt", "stories/2/4.txt", "stories/elsewhere"}
    assert "leads out" in refused["stories/2/2.txt"]
    assert [p.ids["path"] for p in tree.problems()] == list(refused)


def _zip_with(tmp_path, extra):
    path = tmp_path / "site.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for file in sorted(SAMPLE.rglob("*")):
            if file.is_file():
                archive.write(file, file.relative_to(SAMPLE).as_posix())
        for info, data in extra:
            archive.writestr(info, data)
    return path


def _link(name: str, target: str) -> tuple[zipfile.ZipInfo, str]:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target


@pytest.mark.django_db
def test_unsafe_zip_members_are_refused_and_reported(tmp_path):
    """`../` and absolute names and symbolic links inside a zip are not read; the report lists
    each; the archive around them is rescued as usual."""
    path = _zip_with(
        tmp_path,
        [
            (zipfile.ZipInfo("../../outside.txt"), SECRET),
            (zipfile.ZipInfo("/etc/outside.txt"), SECRET),
            _link("stories/6/99.txt", "/etc/passwd"),
        ],
    )
    tree = SourceTree.open(path)
    assert not any("outside" in p or p.endswith("99.txt") for p in tree.paths)
    tree.close()
    report = rescue_run(path, options())
    refused = {p["path"] for p in report.problems if p["kind"] == "unsafe_path_refused"}
    assert refused == {"../../outside.txt", "/etc/outside.txt", "stories/6/99.txt"}
    assert report.counts["created"] == 10
    assert not any("Marrow Quay" in c.body_html for c in Chapter.objects.all())


@pytest.mark.django_db
def test_a_story_file_linked_out_of_the_folder_is_missing_not_read(tmp_path):
    """End to end: the chapter whose file is a link out of the folder is reported, its
    secret never becomes a chapter."""
    site = tmp_path / "lh"
    shutil.copytree(SAMPLE, site)
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    (site / "stories" / "2" / "2.txt").unlink()
    os.symlink(secret, site / "stories" / "2" / "2.txt")
    report = rescue_run(site, options())
    assert {p.get("path") for p in report.problems if p["kind"] == "unsafe_path_refused"} == {
        "stories/2/2.txt"
    }
    assert not any("Marrow Quay" in c.body_html for c in Chapter.objects.all())
