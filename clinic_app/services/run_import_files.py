"""Finding and reading watch files: chosen files, folders, zip exports and .gz files, with limits.

Nothing is unpacked to disk. A zip is refused when it lists too many files or too many bytes
(a zip bomb), a member with an absolute or ``..`` path or another zip inside is skipped, and
every read stops one byte past the size limit, so a lying header cannot exhaust memory.
"""

from __future__ import annotations

import gzip
import io
import logging
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from clinic_app.domain.load.run_import import Activity, BadFile

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 64 * 2**20
"""One activity file, unpacked: a 24-hour ultra at one point a second is well under this."""
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_BYTES = 2 * 2**30
"""What one zip may unpack to in total."""
MAX_SOURCES = 20_000
ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx")
SUFFIXES = (*ACTIVITY_SUFFIXES, ".zip", *(s + ".gz" for s in ACTIVITY_SUFFIXES))


@dataclass(frozen=True, slots=True)
class Source:
    """One file to read: on disk, or a member of a zip on disk."""

    label: str
    path: Path
    member: str | None = None


@dataclass(frozen=True, slots=True)
class Refused:
    """A file or zip member that is skipped before reading, and why."""

    label: str
    reason: str


def _wanted(name: str) -> bool:
    return name.lower().endswith(SUFFIXES)


def _mb(size: int) -> str:
    return f"{size / 2**20:.0f} MB"


def list_sources(paths: Sequence[Path]) -> tuple[list[Source], list[Refused], int]:
    """Files to read (zip members listed, not read), files refused, and how many were ignored.

    Files inside chosen folders that are not activity files are ignored (counted); a chosen file
    of another kind is refused with the reason.
    """
    sources: list[Source] = []
    refused: list[Refused] = []
    ignored = 0
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if _wanted(child.name):
                    _add_file(child, str(child.relative_to(path.parent)), sources, refused)
                else:
                    ignored += 1
        elif path.is_file():
            _add_file(path, path.name, sources, refused, chosen=True)
        else:
            refused.append(Refused(path.name or str(path), "the file cannot be found"))
        if len(sources) > MAX_SOURCES:
            raise BadFile(f"more than {MAX_SOURCES} files: choose a smaller folder")
    return sources, refused, ignored


def _add_file(path: Path, label: str, sources: list[Source], refused: list[Refused],
              chosen: bool = False) -> None:
    if path.name.lower().endswith(".zip"):
        try:
            members, bad = _zip_members(path, label)
        except BadFile as exc:
            refused.append(Refused(label, str(exc)))
            return
        sources.extend(members)
        refused.extend(bad)
    elif _wanted(path.name) or chosen:
        sources.append(Source(label, path))


def _unsafe(name: str) -> bool:
    pure = PurePosixPath(name.replace("\\", "/"))
    return pure.is_absolute() or ".." in pure.parts or (len(name) > 1 and name[1] == ":")


def _zip_members(path: Path, label: str) -> tuple[list[Source], list[Refused]]:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise BadFile("the zip file is damaged or not a zip") from exc
    if len(infos) > MAX_ZIP_MEMBERS:
        raise BadFile(f"the zip holds {len(infos)} files, more than {MAX_ZIP_MEMBERS}: a possible zip bomb")
    total = sum(i.file_size for i in infos)
    if total > MAX_ZIP_BYTES:
        raise BadFile(f"the zip unpacks to {_mb(total)}, more than {_mb(MAX_ZIP_BYTES)}: a possible zip bomb")
    members: list[Source] = []
    refused: list[Refused] = []
    for info in infos:
        where = f"{label}/{info.filename}"
        lower = info.filename.lower()
        if _unsafe(info.filename):
            refused.append(Refused(where, "unsafe path inside the zip (absolute or with ..): skipped"))
        elif lower.endswith(".zip"):
            refused.append(Refused(where, "a zip inside a zip: unpack the outer zip first"))
        elif _wanted(lower):
            if info.file_size > MAX_FILE_BYTES:
                refused.append(Refused(where, f"unpacks to {_mb(info.file_size)}, more than "
                                              f"{_mb(MAX_FILE_BYTES)} for one activity"))
            else:
                members.append(Source(where, path, info.filename))
    return members, refused


class SourceReader:
    """Reads sources in order, keeping the current zip open and counting what it unpacks."""

    def __init__(self) -> None:
        self._zip_path: Path | None = None
        self._zip: zipfile.ZipFile | None = None
        self._unpacked = 0

    def read(self, source: Source) -> bytes:
        """The file's bytes (a .gz file unpacked); BadFile when it is unreadable or too large."""
        if source.member is None:
            data = self._read_disk(source.path)
        else:
            data = self._read_member(source.path, source.member)
        if source.label.lower().endswith(".gz"):
            data = gunzip(data)
        return data

    def _read_disk(self, path: Path) -> bytes:
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise BadFile(f"the file cannot be read ({exc.strerror or exc.__class__.__name__})") from exc
        if len(data) > MAX_FILE_BYTES:
            raise BadFile(f"larger than {_mb(MAX_FILE_BYTES)}: too large for one activity")
        return data

    def _read_member(self, path: Path, member: str) -> bytes:
        try:
            if self._zip_path != path:
                self.close()
                self._zip = zipfile.ZipFile(path)
                self._zip_path, self._unpacked = path, 0
            assert self._zip is not None
            with self._zip.open(member) as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except RuntimeError as exc:  # encrypted member
            raise BadFile("password-protected inside the zip: export it without a password") from exc
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error, KeyError, ValueError,
                NotImplementedError) as exc:
            raise BadFile("damaged inside the zip (wrong CRC or cut short)") from exc
        self._unpacked += len(data)
        if len(data) > MAX_FILE_BYTES:
            raise BadFile(f"unpacks to more than {_mb(MAX_FILE_BYTES)}: a possible zip bomb")
        if self._unpacked > MAX_ZIP_BYTES:
            raise BadFile(f"the zip has unpacked to more than {_mb(MAX_ZIP_BYTES)}: stopped "
                          "(a possible zip bomb)")
        return data

    def close(self) -> None:
        """Close the open zip, if any."""
        if self._zip is not None:
            self._zip.close()
        self._zip, self._zip_path = None, None


def gunzip(data: bytes) -> bytes:
    """Unpack a .gz file, stopping past the size limit."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
            out = handle.read(MAX_FILE_BYTES + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise BadFile("the compressed (.gz) file is damaged or cut short") from exc
    if len(out) > MAX_FILE_BYTES:
        raise BadFile(f"unpacks to more than {_mb(MAX_FILE_BYTES)}: a possible zip bomb")
    return out


def parse_activity_bytes(name: str, data: bytes) -> list[Activity]:
    """The activities in one file's bytes, whatever its format; BadFile says why when none."""
    from clinic_app.services.run_import_fit import looks_like_fit, parse_fit

    if not data:
        raise BadFile("the file is empty")
    if looks_like_fit(data):
        return parse_fit(data)
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        from clinic_app.services.run_import_xml import parse_gpx, parse_tcx

        if b"<TrainingCenterDatabase" in head:
            return parse_tcx(data)
        if b"<gpx" in head:
            return parse_gpx(data)
        lower = name.lower().removesuffix(".gz")
        if lower.endswith(".tcx"):
            return parse_tcx(data)
        if lower.endswith(".gpx"):
            return parse_gpx(data)
    if name.lower().removesuffix(".gz").endswith(".fit"):
        raise BadFile("not a FIT file (the FIT header is missing)")
    raise BadFile("not a fitness file: FIT, GPX or TCX files (or a zip of them) can be imported")
