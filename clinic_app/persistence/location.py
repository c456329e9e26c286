"""Refuse SQLite files on network or cloud-synced folders, which corrupt a live database."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

from clinic_app.domain.errors import UnsafeDatabaseLocation
from clinic_app.domain.messages import msg

NETWORK_FILESYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smbfs", "smb3", "9p", "afs", "ncpfs", "davfs", "fuse.sshfs",
     "fuse.rclone", "fuse.s3fs", "fuse.gcsfuse", "glusterfs", "ceph", "lustre"}
)
CLOUD_FOLDERS = ("dropbox", "onedrive", "google drive", "googledrive", "icloud drive",
                 "mobile documents", "box sync", "nextcloud", "owncloud", "pcloud", "mega")

_WHY = (
    "SQLite needs file locking that network and cloud-synced folders do not provide: two "
    "workstations, or the sync program, can corrupt the database. Keep the file on this "
    "computer's own disk, or let several workstations share one PostgreSQL server "
    "(set STRIDE_CLINIC_DATABASE_URL=postgresql+psycopg://user@server/stride)."
)


def _linux_mounts() -> list[tuple[str, str]]:
    try:
        with open("/proc/mounts", encoding="utf-8") as fh:
            return [(parts[1], parts[2]) for parts in (line.split() for line in fh) if len(parts) > 2]
    except OSError:
        return []


def filesystem_type(path: Path, mounts: Iterable[tuple[str, str]]) -> str:
    """Return the file-system type of the longest mount point that contains ``path``."""
    best, kind = "", ""
    text = str(path)
    for mount_point, fs_type in mounts:
        mp = mount_point.replace("\\040", " ")
        if (text == mp or text.startswith(mp.rstrip("/") + "/")) and len(mp) >= len(best):
            best, kind = mp, fs_type
    return kind


def _windows_remote(path: Path) -> bool:
    text = str(path)
    if text.startswith("\\\\"):
        return True
    if sys.platform != "win32":
        return False
    import ctypes

    drive = os.path.splitdrive(text)[0] + "\\"
    return bool(ctypes.windll.kernel32.GetDriveTypeW(drive) == 4)  # type: ignore[attr-defined]


def check_sqlite_location(path: Path, mounts: Iterable[tuple[str, str]] | None = None) -> None:
    """Raise ``UnsafeDatabaseLocation`` when ``path`` sits on a network or cloud-synced folder."""
    resolved = path.expanduser().resolve()
    lowered = [part.lower() for part in resolved.parts]
    for part in lowered:
        if any(part == cloud or part.startswith(cloud + " ") or part.startswith(cloud + "-")
               for cloud in CLOUD_FOLDERS):
            raise UnsafeDatabaseLocation(
                msg("location.database_file_inside_cloud_synced", resolved=resolved, part=part, why=_WHY)
            )
    if _windows_remote(resolved):
        raise UnsafeDatabaseLocation(msg("location.database_file_network_drive", resolved=resolved, why=_WHY))
    fs_type = filesystem_type(resolved, _linux_mounts() if mounts is None else mounts)
    if fs_type.lower() in NETWORK_FILESYSTEMS or fs_type.lower().startswith("fuse.sshfs"):
        raise UnsafeDatabaseLocation(
            msg("location.database_file_network_file_system", resolved=resolved, fs_type=fs_type, why=_WHY)
        )
