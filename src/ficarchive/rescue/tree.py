"""The files of an old archive as an archivist hands them over: a folder or a .zip, read in place.

Nothing is extracted to disk. Zip members with unsafe names (absolute, `..`) or that are
symbolic links, and links in a folder that lead out of it, are left out and reported (`refused`);
hidden files and macOS resource forks are skipped. Compressed dumps (`.gz`, `.bz2`)
are read through their decompressor.
"""

from __future__ import annotations

import bz2
import contextlib
import io
import os
import stat
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, cast

from ficarchive.importing.sources import natural_key, zip_member_path_problem
from ficarchive.rescue.source import Problem

# A database dump handed over on its own, compressed or not.
DUMP_SUFFIXES = (".sql", ".sql.gz", ".sql.bz2", ".sql.zip", ".dump")
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz")
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

    def __init__(self, raw: IO[bytes], decompressor, *, one_member: bool = False) -> None:
        self.raw = raw
        self.new_decompressor = decompressor
        self.decompressor = decompressor()
        self.tail = b""  # compressed bytes read but not yet fed (zlib)
        self.pending = b""
        self.done = False
        self.one_member = one_member  # a zip's member: what follows its end is the zip's own
        self.started = False  # the current member has been fed bytes
        self.cut_short = False  # the bytes stopped inside a member (no end-of-stream came)

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
            if self.one_member:
                self.done = True
                return
            self.tail = decompressor.unused_data + self.tail
            decompressor = self.decompressor = self.new_decompressor()
            self.started = False
        zlib_kind = hasattr(decompressor, "unconsumed_tail")
        needs_input = not self.tail if zlib_kind else decompressor.needs_input
        data = self.tail
        if needs_input:
            data += self.raw.read(CHUNK)
            if not data:
                # The compressed bytes end (cut short when no end-of-stream came first).
                self.pending = decompressor.flush() if zlib_kind else b""
                self.cut_short = self.started and not decompressor.eof
                self.done = True
                return
        try:
            self.pending = decompressor.decompress(data, CHUNK)
        except (OSError, EOFError, ValueError, zlib.error):
            # Not compressed data (any more): the text ends here. Bytes after a whole member
            # (padding) are no loss; a member broken half-way is.
            self.cut_short = self.started
            self.done = True
            return
        self.started = True
        # At a member's end the rest is in `unused_data` (zlib keeps a copy in the tail too).
        self.tail = decompressor.unconsumed_tail if zlib_kind and not decompressor.eof else b""

    def close(self) -> None:
        self.raw.close()
        super().close()


class DecompressedFile(io.BufferedReader):
    """A `Decompressed` stream read as a file: `read(n)` gives n bytes unless the text ends
    first; `cut_short` says, once it has ended, whether the compressed bytes stopped early."""

    @property
    def cut_short(self) -> bool:
        return bool(getattr(self.raw, "cut_short", False))


def _buffered(raw: io.RawIOBase) -> IO[bytes]:
    return cast(IO[bytes], DecompressedFile(raw, buffer_size=CHUNK))


_ZIP_LOCAL_HEADER = struct.Struct("<4s5H3L2H")


def _zip_member_stream(stream: IO[bytes]) -> IO[bytes]:
    """The first member of a zip file read from its local header on: what is left of a zip
    cut short (its directory, at the end, is gone). Deflated or stored; anything else reads
    as empty and cut short."""
    header = stream.read(_ZIP_LOCAL_HEADER.size)
    if len(header) < _ZIP_LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        stream.close()
        return _buffered(_Ended())
    fields = _ZIP_LOCAL_HEADER.unpack(header)
    method, name_length, extra_length = fields[3], fields[9], fields[10]
    stream.read(name_length + extra_length)
    if method == zipfile.ZIP_DEFLATED:
        return _buffered(
            Decompressed(stream, lambda: zlib.decompressobj(-zlib.MAX_WBITS), one_member=True)
        )
    if method == zipfile.ZIP_STORED:
        size = fields[7]
        ended = _Ended(stream, size if size not in (0, 0xFFFFFFFF) else None)
        return _buffered(ended)
    stream.close()
    return _buffered(_Ended())


class _Ended(io.RawIOBase):
    """A stored zip member (up to `size` bytes of `raw`), or nothing: cut short when fewer
    bytes came than its header promised, or when there is nothing to read at all."""

    def __init__(self, raw: IO[bytes] | None = None, size: int | None = None) -> None:
        self.raw, self.left = raw, size
        self.cut_short = raw is None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.raw is None:
            return 0
        wanted = len(buffer) if self.left is None else min(len(buffer), self.left)
        data = self.raw.read(wanted) if wanted else b""
        if self.left is not None:
            self.left -= len(data)
            self.cut_short = not data and self.left > 0
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if self.raw is not None:
            self.raw.close()
        super().close()


def _zip_dump_stream(stream: IO[bytes]) -> IO[bytes]:
    """The dump inside a zipped dump (`site.sql.zip`): its largest `.sql` member (else its
    largest member), or, when the zip is cut short, its first member as far as it goes."""
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, EOFError):
        stream.seek(0)
        return _zip_member_stream(stream)
    members = [i for i in archive.infolist() if not i.is_dir()]
    if not members:
        archive.close()
        return io.BytesIO(b"")
    chosen = max(members, key=lambda i: (i.filename.lower().endswith(".sql"), i.file_size))
    return cast(IO[bytes], _ZipMember(archive, chosen))


class _ZipMember(io.RawIOBase):
    """One member of a zipped dump, closing the zip with it; `cut_short` when it broke off."""

    def __init__(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        self.archive = archive
        self.member = archive.open(info)
        self.cut_short = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        try:
            data = self.member.read(len(buffer))
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error):
            self.cut_short = True
            return 0
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.member.close()
        self.archive.close()
        super().close()


def _cp1252(byte: int) -> str:
    """One byte read as cp1252 (as browsers read Latin-1); its five holes as Latin-1."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


_BYTE_CHARS = [_cp1252(b) for b in range(256)]


def _disk_name(name: str) -> str:
    """A file name as it reads: bytes that were not UTF-8 (a site copied from an old Windows or
    Latin-1 server) read as cp1252; macOS's decomposed accents composed (NFC)."""
    if any("\udc80" <= c <= "\udcff" for c in name):
        name = "".join(_BYTE_CHARS[b] for b in os.fsencode(name))
    return unicodedata.normalize("NFC", name)


def _zip_name(info: zipfile.ZipInfo) -> str:
    """A zip member's name as it reads: without the zip's UTF-8 flag it was decoded as cp437,
    but most tools (macOS, Linux, Python) wrote UTF-8 regardless."""
    name = info.filename
    if not info.flag_bits & 0x800 and not name.isascii():
        with contextlib.suppress(UnicodeError):
            name = name.encode("cp437").decode("utf-8")
    return unicodedata.normalize("NFC", PurePosixPath(name).as_posix())


def _starts_like_zip(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(4) == b"PK\x03\x04"


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
    _known: set[str] = field(default_factory=set)
    # A path as readers see it (Unicode, NFC) -> the name on disk or in the zip, where they differ.
    _physical: dict[str, str] = field(default_factory=dict)
    label: str = ""  # the archive's name when the folder's is not it (a dump on its own)

    def _add(self, physical: str, logical: str) -> None:
        if logical in self._known:
            self.refused.append((logical, "a second file of the same name in another encoding"))
            return
        self._known.add(logical)
        self.paths.append(logical)
        if logical != physical:
            self._physical[logical] = physical

    def _walk(self, folder: Path) -> None:
        """Add every file below `folder` (inside `self.root`); links that lead out, refused."""
        inside = self.root.resolve()
        for current, dirs, files in os.walk(folder):
            dirs[:] = sorted((d for d in dirs if not _hidden(d)), key=natural_key)
            base = Path(current).relative_to(self.root)
            for name in [d for d in dirs if (Path(current) / d).is_symlink()]:
                # os.walk does not follow them; say so rather than lose them quietly.
                dirs.remove(name)
                self.refused.append(((base / name).as_posix(), "a link to a folder: not followed"))
            for name in files:
                if _hidden(name):
                    continue
                relative = (base / name).as_posix()
                why = _link_problem(Path(current) / name, inside)
                if why:
                    self.refused.append((_disk_name(relative), why))
                else:
                    self._add(relative, _disk_name(relative))

    @classmethod
    def open(cls, path: str | Path) -> SourceTree:
        """The tree at `path`: a folder, a .zip, or a dump on its own (`site.sql.gz`; with a
        `stories/` folder beside it, if there is one). Raises ValueError for anything else."""
        path = Path(path)
        if path.is_dir():
            tree = cls(root=path)
            tree._walk(path)
        elif path.is_file() and path.name.lower().endswith(DUMP_SUFFIXES):
            tree = cls(root=path.parent, label=path.name.split(".")[0] or path.name)
            tree._add(path.name, _disk_name(path.name))
            for sibling in sorted(path.parent.iterdir()):
                if sibling.name.casefold() == "stories" and sibling.is_dir():
                    tree._walk(sibling)
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
                tree._add(info.filename, _zip_name(info))
        elif path.is_file() and path.name.lower().endswith(TAR_SUFFIXES):
            raise ValueError(
                f"{path} is a tar archive: unpack it (tar xf {path.name}) and rescue the "
                "folder, or hand it over as a .zip"
            )
        elif path.is_file() and _starts_like_zip(path):
            raise ValueError(
                f"{path} begins as a .zip file but its directory, at the end, is missing: the "
                "file was cut short (copy it again, or unpack what is left of it with a zip "
                "repair tool and rescue the folder)"
            )
        else:
            raise ValueError(f"{path} is neither a folder nor a .zip file")
        tree.paths.sort(key=natural_key)
        tree._lower = {}
        for found in tree.paths:
            tree._lower.setdefault(found.casefold(), found)
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
        return self.label or (self.root.stem if self.zip is not None else self.root.name)

    def exists(self, path: str) -> bool:
        return self.actual(path) is not None

    def actual(self, path: str) -> str | None:
        """The stored path for `path`, matched without regard to case (old sites ran on
        case-insensitive servers as often as not) or Unicode form (NFC, NFD), or None."""
        path = PurePosixPath(path).as_posix().lstrip("/")
        if path in self._known:
            return path
        path = unicodedata.normalize("NFC", path)
        return path if path in self._known else self._lower.get(path.casefold())

    def _stored(self, path: str) -> str:
        return self._physical.get(path, path)

    def size(self, path: str) -> int:
        if self.zip is not None:
            return self.zip.getinfo(self._stored(path)).file_size
        return (self.root / self._stored(path)).stat().st_size

    def identity(self, path: str) -> str:
        """A string that changes when the file does (for keeping work done on it)."""
        stored = self._stored(path)
        if self.zip is not None:
            info = self.zip.getinfo(stored)
            stat = self.root.stat()
            return f"{self.root.resolve()}!{path}\0{info.file_size}\0{info.CRC}\0{stat.st_mtime_ns}"
        stat = (self.root / stored).stat()
        return f"{(self.root / path).resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}"

    def stream(self, path: str) -> IO[bytes]:
        """A binary stream of the file, decompressed when it is `.gz` or `.bz2` (a compressed
        file cut short reads up to where it was cut, as a plain one would)."""
        # The caller closes the stream.
        stored = self._stored(path)
        stream = self.zip.open(stored) if self.zip is not None else (self.root / stored).open("rb")
        if path.lower().endswith(".gz"):
            return _buffered(Decompressed(stream, lambda: zlib.decompressobj(zlib.MAX_WBITS | 16)))
        if path.lower().endswith(".bz2"):
            return _buffered(Decompressed(stream, bz2.BZ2Decompressor))
        if path.lower().endswith(".zip"):
            return _zip_dump_stream(stream)
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
