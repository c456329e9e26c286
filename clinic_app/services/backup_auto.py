"""Automatic daily backups: the practice's setting, the workstation's stored key, and when one is due.

The practice decides (a ``practice_setting`` row, changed by an administrator) whether the app
backs up by itself and into which folder. The backup key is stored on each workstation that
makes automatic backups, in the user's settings folder, readable only by that account: it is
derived once from the practice passphrase (Argon2id) by an administrator who types the
passphrase, and every backup made with it carries the salt and settings in its header, so the
passphrase alone restores it on any computer. The passphrase itself is never stored.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from clinic_app.domain.access import Action
from clinic_app.domain.errors import BackupRefused, ValidationError
from clinic_app.domain.messages import msg
from clinic_app.paths import user_config_dir
from clinic_app.persistence.db import Database, sqlite_path
from clinic_app.persistence.models import PracticeSetting
from clinic_app.services.access import authorize
from clinic_app.services.backup import STAMP, SUFFIX, backups_folder, write_backup
from clinic_app.services.backup_crypto import BackupKey, derive_key
from clinic_app.services.context import Actor, Changes, audit
from clinic_app.services.practice_settings import store_setting
from clinic_app.services.text_checks import refuse_unstorable

logger = logging.getLogger(__name__)

KEY = "backups"
KEY_FILE = "backup-key.json"
FOLDERS_FILE = "backup-folders.json"
"""Where this workstation last put automatic backups of each database: found again at start-up
when the database is damaged and its own setting cannot be read."""


@dataclass(frozen=True, slots=True)
class AutoBackupSettings:
    """Whether the app backs up by itself (at the first start of a day and on closing), and where."""

    automatic: bool = False
    folder: str = ""
    """Empty: the ``backups`` folder beside the database file."""


def read_settings(db: Database) -> AutoBackupSettings:
    """The practice's automatic-backup setting (off until an administrator turns it on)."""
    with db.reading() as s:
        row = s.get(PracticeSetting, KEY)
        if row is None:
            return AutoBackupSettings()
        try:
            data = json.loads(row.value)
            return AutoBackupSettings(bool(data.get("automatic", False)), str(data.get("folder", "")))
        except (ValueError, AttributeError) as exc:
            logger.error("backup setting ignored: %s", exc)
            return AutoBackupSettings()


def save_settings(db: Database, actor: Actor, settings: AutoBackupSettings) -> Changes:
    """Turn automatic backups on or off and choose their folder; administrators only."""
    authorize(db, actor, Action.BACKUP_RESTORE)
    refuse_unstorable({"folder": settings.folder})
    if settings.folder and not Path(settings.folder).is_absolute():
        raise ValidationError({"folder": msg("backup.choose_whole_folder_path_example")})
    before = read_settings(db)
    data = json.dumps({"automatic": settings.automatic, "folder": settings.folder}, sort_keys=True)
    with db.writing() as s:
        created = store_setting(s, KEY, data, actor)
        changed = [f"backups.{name}" for name in ("automatic", "folder")
                   if getattr(before, name) != getattr(settings, name)]
        audit(s, actor, "create" if created else "update", "practice_setting", 0, changed)
    return Changes(entity="backup_settings")


def key_path() -> Path:
    """Where this workstation keeps the backup key (the user's settings folder)."""
    return user_config_dir() / KEY_FILE


def store_key(db: Database, actor: Actor, passphrase: str, path: Path | None = None) -> Path:
    """Derive the key from the practice passphrase and keep it on this workstation (owner-only)."""
    authorize(db, actor, Action.BACKUP_RESTORE)
    secret = derive_key(passphrase)
    target = path or key_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"kdf": secret.kdf, "key": secret.key.hex()}, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(partial, target)
    with db.writing() as s:
        audit(s, actor, "update", "practice_setting", 0, ["backups.workstation_key"])
    logger.info("backup key stored in %s", target)
    return target


def load_key(path: Path | None = None) -> BackupKey | None:
    """The stored backup key, or ``None`` when this workstation has none (or it is unreadable)."""
    source = path or key_path()
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
        return BackupKey(bytes.fromhex(str(data["key"])), dict(data["kdf"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        logger.error("backup key %s unreadable: %s", source, exc)
        return None


def automatic_folder(db: Database, settings: AutoBackupSettings | None = None) -> Path | None:
    """The folder automatic backups go to; ``None`` for PostgreSQL."""
    live = sqlite_path(str(db.engine.url))
    if live is None:
        return None
    chosen = (settings or read_settings(db)).folder
    return Path(chosen) if chosen else backups_folder(live)


def newest_backup_time(folder: Path, database: Path) -> datetime | None:
    """When the newest backup of ``database`` in ``folder`` was made (from its name)."""
    newest: datetime | None = None
    if not folder.is_dir():
        return None
    for file in folder.glob(f"{database.stem}-*{SUFFIX}"):
        try:
            made = datetime.strptime(file.name[len(database.stem) + 1:-len(SUFFIX)], STAMP)
        except ValueError:
            continue
        made = made.replace(tzinfo=UTC)
        newest = made if newest is None or made > newest else newest
    return newest


def backup_due(db: Database, *, on_close: bool, key: BackupKey | None) -> bool:
    """Whether an automatic backup should run now.

    At start: none made yet on today's (local) date. On closing: one is always made, unless one
    was made in the last 10 minutes (a quick open-and-close). Never when the practice has not
    turned automatic backups on, on PostgreSQL, or without a stored key.
    """
    settings = read_settings(db)
    folder = automatic_folder(db, settings)
    live = sqlite_path(str(db.engine.url))
    if not settings.automatic or folder is None or live is None or key is None:
        return False
    newest = newest_backup_time(folder, live)
    if newest is None:
        return True
    now = db.clock.now()
    if on_close:
        return (now - newest).total_seconds() > 600
    return newest.astimezone().date() < db.clock.today()


def run_automatic_backup(db: Database, key: BackupKey,
                         progress: Callable[[int], None] | None = None,
                         cancelled: Callable[[], bool] | None = None) -> Path:
    """Make the practice's automatic backup with the stored key (no role asked: practice policy)."""
    folder = automatic_folder(db)
    if folder is None:
        raise BackupRefused(msg("backup.automatic_backups_apply_sqlite_databases"))
    written = write_backup(db, key, folder=folder, progress=progress, cancelled=cancelled)
    live = sqlite_path(str(db.engine.url))
    if live is not None and folder != backups_folder(live):
        remember_folder(live, folder)
    return written


def _folders_file() -> Path:
    return user_config_dir() / FOLDERS_FILE


def remember_folder(database: Path, folder: Path) -> None:
    """Note on this workstation where ``database``'s automatic backups go."""
    try:
        known = json.loads(_folders_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    if not isinstance(known, dict):
        known = {}
    known[str(database.resolve())] = str(folder)
    try:
        _folders_file().parent.mkdir(parents=True, exist_ok=True)
        _folders_file().write_text(json.dumps(known, indent=1), encoding="utf-8")
    except OSError as exc:
        logger.warning("backup folder not remembered: %s", exc)


def remembered_folders(database: Path) -> list[Path]:
    """The folder this workstation last put ``database``'s automatic backups in, if another."""
    try:
        known = json.loads(_folders_file().read_text(encoding="utf-8"))
        folder = known.get(str(database.resolve())) if isinstance(known, dict) else None
    except (OSError, ValueError):
        return []
    return [Path(folder)] if isinstance(folder, str) and folder else []
