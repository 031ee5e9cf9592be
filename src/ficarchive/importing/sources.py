"""Story files from paths: files, folders (recursively) and .zip archives, read safely in memory.

Nothing is ever extracted to disk. Zip members with absolute or `..` paths are refused, and size
caps (per file, per archive in total, and the compression ratio) stop zip bombs before they grow.
"""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ficarchive.importing.checks import size_text

# File names taken when walking folders and archives; a file named explicitly is always tried.
STORY_SUFFIXES = {".txt", ".text", ".htm", ".html", ".xhtml", ".shtml", ".php"}
MAX_ZIP_MEMBERS = 10_000


@dataclass(frozen=True)
class Limits:
    """Size caps: one story file; all members of one zip together; compressed-to-real ratio."""

    max_size: int
    max_zip_total: int
    max_zip_ratio: int


@dataclass
class SourceFile:
    """One story file to import: its bytes, or the one-line reason it could not be read."""

    source: str
    data: bytes | None = None
    error: str | None = None


def natural_key(name: str) -> list:
    """Sort key that puts "part2" before "part10" (chapters in separate files keep their order)."""
    return [int(p) if p.isdigit() else p.lower() for p in re.split(r"(\d+)", name)]


def _is_hidden(name: str) -> bool:
    return name.startswith(".") or name == "__MACOSX"


def _wanted(name: str) -> bool:
    path = Path(name)
    return not _is_hidden(path.name) and path.suffix.lower() in STORY_SUFFIXES


def zip_member_path_problem(name: str) -> str | None:
    """Why a zip member's name is unsafe (absolute, drive letter, `..`), or None."""
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return f"unsafe path in zip (absolute): {name!r}"
    if ".." in re.split(r"[\\/]", name):
        return f"unsafe path in zip (leaves the archive): {name!r}"
    if "\x00" in name:
        return f"unsafe path in zip (NUL byte): {name!r}"
    return None


def zip_members(path: Path, *, limits: Limits) -> Iterator[SourceFile]:
    """The story files inside the zip at `path`, each read into memory under the size caps."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        yield SourceFile(str(path), error=f"not a readable zip file ({exc})")
        return
    with archive:
        infos = sorted(archive.infolist(), key=lambda i: natural_key(i.filename))
        if len(infos) > MAX_ZIP_MEMBERS:
            yield SourceFile(
                str(path), error=f"zip has {len(infos)} members (limit {MAX_ZIP_MEMBERS})"
            )
            return
        total = 0
        for info in infos:
            source = f"{path}:{info.filename}"
            if info.is_dir():
                continue
            problem = zip_member_path_problem(info.filename)
            if problem:
                yield SourceFile(source, error=problem)
                continue
            parts = re.split(r"[\\/]", info.filename)
            if any(_is_hidden(p) for p in parts) or not _wanted(parts[-1]):
                continue
            member = _zip_member_read(archive, info, limits=limits, total=total)
            if member.data is not None:
                total += len(member.data)
            yield member


def _zip_member_read(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, limits: Limits, total: int
) -> SourceFile:
    source = f"{archive.filename}:{info.filename}"
    if info.flag_bits & 0x1:
        return SourceFile(source, error="encrypted zip member")
    if info.file_size > limits.max_size:
        return SourceFile(
            source,
            error=f"file too large: {size_text(info.file_size)} "
            f"(the limit is {size_text(limits.max_size)})",
        )
    ratio_error = f"compression ratio over {limits.max_zip_ratio}:1 looks like a zip bomb; not read"
    if info.file_size > limits.max_zip_ratio * max(info.compress_size, 1):
        return SourceFile(source, error=ratio_error)
    if total + info.file_size > limits.max_zip_total:
        return SourceFile(
            source,
            error=f"zip holds more than {size_text(limits.max_zip_total)} in total; not read",
        )
    try:
        # Declared sizes can lie: never read more than the cap allows, whatever the header says.
        with archive.open(info) as stream:
            data = stream.read(limits.max_size + 1)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError) as exc:
        return SourceFile(source, error=f"cannot read the zip member: {exc}")
    if len(data) > limits.max_size:
        return SourceFile(
            source, error=f"file too large (the limit is {size_text(limits.max_size)})"
        )
    if len(data) > limits.max_zip_ratio * max(info.compress_size, 1):
        return SourceFile(source, error=ratio_error)
    if total + len(data) > limits.max_zip_total:
        return SourceFile(
            source,
            error=f"zip holds more than {size_text(limits.max_zip_total)} in total; not read",
        )
    return SourceFile(source, data=data)


def _file_read(path: Path, *, limits: Limits) -> Iterator[SourceFile]:
    if path.suffix.lower() == ".zip":
        yield from zip_members(path, limits=limits)
        return
    try:
        size = path.stat().st_size
        if size > limits.max_size:
            yield SourceFile(
                str(path),
                error=f"file too large: {size_text(size)} (the limit is {size_text(limits.max_size)})",
            )
            return
        with path.open("rb") as stream:
            data = stream.read(limits.max_size + 1)
    except OSError as exc:
        yield SourceFile(str(path), error=f"cannot read the file: {exc.strerror or exc}")
        return
    if len(data) > limits.max_size:
        yield SourceFile(
            str(path), error=f"file too large (the limit is {size_text(limits.max_size)})"
        )
        return
    yield SourceFile(str(path), data=data)


def source_files(paths: Iterable[str | Path], *, limits: Limits) -> Iterator[SourceFile]:
    """Every story file under `paths`, in a stable order: files as named, folders walked
    recursively (hidden files skipped, story suffixes and .zip only), zips opened in memory."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted((d for d in dirs if not _is_hidden(d)), key=natural_key)
                for name in sorted(files, key=natural_key):
                    if _wanted(name) or (name.lower().endswith(".zip") and not _is_hidden(name)):
                        yield from _file_read(Path(folder) / name, limits=limits)
        elif path.is_file():
            yield from _file_read(path, limits=limits)
        elif path.exists():
            yield SourceFile(str(path), error="not a regular file")
        else:
            yield SourceFile(str(path), error="no such file or folder")
