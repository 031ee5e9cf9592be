"""The files of an old archive as an archivist hands them over: a folder or a .zip, read in place.

Nothing is extracted to disk. Zip members with unsafe names (absolute, `..`) or that are
symbolic links, and links in a folder that lead out of it, are left out and reported (`refused`);
hidden files and macOS resource forks are skipped. Compressed dumps (`.gz`, `.bz2`)
are read through their decompressor.
"""

from __future__ import annotations

import bz2
import io
import os
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, cast

from ficarchive.importing.sources import natural_key, zip_member_path_problem
from ficarchive.rescue.source import Problem

# Story and image files larger than this are not read (a dump may be any size).
MAX_FILE = 64 * 1024 * 1024
# Compressed bytes read at a time.
CHUNK = 1024 * 1024


def _hidden(part: str) -> bool:
    return part.startswith(".") or part == "__MACOSX"


class Decompressed(io.RawIOBase):
    """A gzip or bzip2 stream read through its decompressor, member after member, a bounded
    piece at a time. Where the compressed bytes stop early (a copy cut short) the text simply
    ends: what came before is kept, where `gzip`/`bz2` would raise and lose the last block."""

    def __init__(self, raw: IO[bytes], decompressor) -> None:
        self.raw = raw
        self.new_decompressor = decompressor
        self.decompressor = decompressor()
        self.tail = b""  # compressed bytes read but not yet fed (zlib)
        self.pending = b""
        self.done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.pending and not self.done:
            self._more()
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size

    def _more(self) -> None:
        decompressor = self.decompressor
        if decompressor.eof:
            self.tail = decompressor.unused_data + self.tail
            decompressor = self.decompressor = self.new_decompressor()
        zlib_kind = hasattr(decompressor, "unconsumed_tail")
        needs_input = not self.tail if zlib_kind else decompressor.needs_input
        data = self.tail
        if needs_input:
            data += self.raw.read(CHUNK)
            if not data:
                # The compressed bytes end (cut short when no end-of-stream came first).
                self.pending = decompressor.flush() if zlib_kind else b""
                self.done = True
                return
        try:
            self.pending = decompressor.decompress(data, CHUNK)
        except (OSError, EOFError, ValueError, zlib.error):
            self.done = True  # not compressed data (any more): the text ends here
            return
        # At a member's end the rest is in `unused_data` (zlib keeps a copy in the tail too).
        self.tail = decompressor.unconsumed_tail if zlib_kind and not decompressor.eof else b""

    def close(self) -> None:
        self.raw.close()
        super().close()


def _buffered(raw: Decompressed) -> IO[bytes]:
    """`raw` read as a file: `read(n)` gives n bytes unless the text ends first."""
    return cast(IO[bytes], io.BufferedReader(raw, buffer_size=CHUNK))


def _link_problem(path: Path, inside: Path) -> str | None:
    """Why the file at `path` must not be read: a link that leads out of the folder `inside`
    (or nowhere), else None."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "a broken or looping link"
    if not target.is_relative_to(inside) or not target.is_file():
        return "a link that leads out of the archive"
    return None


@dataclass
class SourceTree:
    """Files by relative POSIX path (`stories/2/1.txt`), from a folder or a zip."""

    root: Path
    zip: zipfile.ZipFile | None = None
    paths: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (path, why it was left out)
    _lower: dict[str, str] = field(default_factory=dict)

    @classmethod
    def open(cls, path: str | Path) -> SourceTree:
        """The tree at `path` (a folder or a .zip). Raises ValueError when it is neither."""
        path = Path(path)
        if path.is_dir():
            tree = cls(root=path)
            inside = path.resolve()
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted((d for d in dirs if not _hidden(d)), key=natural_key)
                base = Path(folder).relative_to(path)
                for name in [d for d in dirs if (Path(folder) / d).is_symlink()]:
                    # os.walk does not follow them; say so rather than lose them quietly.
                    dirs.remove(name)
                    tree.refused.append(
                        ((base / name).as_posix(), "a link to a folder: not followed")
                    )
                for name in files:
                    if _hidden(name):
                        continue
                    relative = (base / name).as_posix()
                    why = _link_problem(Path(folder) / name, inside)
                    if why:
                        tree.refused.append((relative, why))
                    else:
                        tree.paths.append(relative)
        elif path.is_file() and zipfile.is_zipfile(path):
            archive = zipfile.ZipFile(path)
            tree = cls(root=path, zip=archive)
            for info in archive.infolist():
                if info.is_dir():
                    continue
                why = zip_member_path_problem(info.filename)
                if why is None and stat.S_ISLNK(info.external_attr >> 16):
                    why = f"a symbolic link in the zip: {info.filename!r}"
                if why:
                    tree.refused.append((info.filename, why))
                    continue
                if any(_hidden(p) for p in PurePosixPath(info.filename).parts):
                    continue
                tree.paths.append(PurePosixPath(info.filename).as_posix())
        else:
            raise ValueError(f"{path} is neither a folder nor a .zip file")
        tree.paths.sort(key=natural_key)
        tree._lower = {p.casefold(): p for p in tree.paths}
        return tree

    def problems(self) -> list[Problem]:
        """What the report must say about files left out for safety."""
        return [
            Problem("unsafe_path_refused", f"{why}: not read", {"path": path})
            for path, why in self.refused
        ]

    @property
    def name(self) -> str:
        """The folder's or zip's name without suffix (a default for the archive's slug)."""
        return self.root.stem if self.zip is not None else self.root.name

    def exists(self, path: str) -> bool:
        return path in self._lower.values() or path.casefold() in self._lower

    def actual(self, path: str) -> str | None:
        """The stored path for `path`, matched without regard to case (old sites ran on
        case-insensitive servers as often as not), or None."""
        path = PurePosixPath(path).as_posix().lstrip("/")
        if path in self._lower.values():
            return path
        return self._lower.get(path.casefold())

    def size(self, path: str) -> int:
        if self.zip is not None:
            return self.zip.getinfo(path).file_size
        return (self.root / path).stat().st_size

    def identity(self, path: str) -> str:
        """A string that changes when the file does (for keeping work done on it)."""
        if self.zip is not None:
            info = self.zip.getinfo(path)
            stat = self.root.stat()
            return f"{self.root.resolve()}!{path}\0{info.file_size}\0{info.CRC}\0{stat.st_mtime_ns}"
        stat = (self.root / path).stat()
        return f"{(self.root / path).resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}"

    def stream(self, path: str) -> IO[bytes]:
        """A binary stream of the file, decompressed when it is `.gz` or `.bz2` (a compressed
        file cut short reads up to where it was cut, as a plain one would)."""
        # The caller closes the stream.
        stream = self.zip.open(path) if self.zip is not None else (self.root / path).open("rb")
        if path.lower().endswith(".gz"):
            return _buffered(Decompressed(stream, lambda: zlib.decompressobj(zlib.MAX_WBITS | 16)))
        if path.lower().endswith(".bz2"):
            return _buffered(Decompressed(stream, bz2.BZ2Decompressor))
        return stream

    def read(self, path: str, limit: int = MAX_FILE) -> bytes | None:
        """The file's bytes, or None when it is missing, unreadable or larger than `limit`."""
        actual = self.actual(path)
        if actual is None:
            return None
        try:
            if self.size(actual) > limit:
                return None
            with self.stream(actual) as stream:
                data = stream.read(limit + 1)
        except (OSError, zipfile.BadZipFile, EOFError, KeyError):
            return None
        return data if len(data) <= limit else None

    def named(self, name: str) -> list[str]:
        """Every file called `name` (any case), in any folder."""
        key = name.casefold()
        return [p for p in self.paths if PurePosixPath(p).name.casefold() == key]

    def under(self, folder: str) -> list[str]:
        """Every file below `folder` ("" for all)."""
        prefix = folder.strip("/") + "/" if folder.strip("/") else ""
        return [p for p in self.paths if p.startswith(prefix)]

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()
