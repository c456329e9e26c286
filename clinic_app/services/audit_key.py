"""The practice's audit key: kept outside the database, in the config folder, readable by its owner only.

This workstation's own key (``audit-key``) seals the databases it creates. Keys exported on another
workstation of a PostgreSQL practice are imported beside it (``audit-keys/<fingerprint>.key``); the
chain head in the database names the key it was sealed with by its fingerprint, so the right one is
found without ever overwriting a key.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from clinic_app.domain.audit_chain import key_fingerprint
from clinic_app.domain.errors import ValidationError
from clinic_app.domain.messages import msg
from clinic_app.paths import user_config_dir

OWN_KEY = "audit-key"
IMPORTED = "audit-keys"
_PREFIX = "stride-clinic-audit-key-v1:"
_KEY_BYTES = 32
_cache: dict[tuple[str, str], bytes] = {}


KEY_DIR_ENV = "STRIDE_CLINIC_AUDIT_KEY_DIR"


def key_folder(folder: Path | None = None) -> Path:
    """Where audit keys are kept: ``folder``, else $STRIDE_CLINIC_AUDIT_KEY_DIR, else the config folder."""
    if folder is not None:
        return folder
    override = os.environ.get(KEY_DIR_ENV)
    return Path(override) if override else user_config_dir()


def _write(path: Path, key: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, (_PREFIX + key.hex() + "\n").encode())
    finally:
        os.close(fd)
    os.chmod(path, 0o600)


def parse_key(text: str) -> bytes:
    """The key in an exported key text; ``ValidationError`` when it is not one."""
    text = text.strip()
    if not text.startswith(_PREFIX):
        raise ValidationError({"key": msg("audit.not_stride_clinic_audit_key")})
    try:
        key = bytes.fromhex(text[len(_PREFIX):])
    except ValueError:
        raise ValidationError({"key": msg("audit.audit_key_file_damaged_not")}) from None
    if len(key) != _KEY_BYTES:
        raise ValidationError({"key": msg("audit.audit_key_file_damaged_has")})
    return key


def own_key(folder: Path | None = None) -> bytes:
    """This workstation's own key, created (owner-only, 0600) on first use."""
    path = key_folder(folder) / OWN_KEY
    if not path.exists():
        with contextlib.suppress(FileExistsError):  # another process made it first: use theirs
            _write(path, secrets.token_bytes(_KEY_BYTES))
    key = parse_key(path.read_text(encoding="ascii"))
    _cache[(str(key_folder(folder)), key_fingerprint(key))] = key
    return key


def key_for(fingerprint: str, folder: Path | None = None) -> bytes | None:
    """The key with this fingerprint, if this workstation holds it (own or imported)."""
    base = key_folder(folder)
    found = _cache.get((str(base), fingerprint))
    if found is not None:
        return found
    candidates = [base / OWN_KEY, base / IMPORTED / f"{fingerprint[:32]}.key"]
    for path in candidates:
        try:
            key = parse_key(path.read_text(encoding="ascii"))
        except (OSError, ValidationError):
            continue
        if key_fingerprint(key) == fingerprint:
            _cache[(str(base), fingerprint)] = key
            return key
    return None


def export_key(fingerprint: str, target: Path, folder: Path | None = None) -> None:
    """Write the key with ``fingerprint`` to ``target`` (owner-only), to carry to a workstation."""
    key = key_for(fingerprint, folder)
    if key is None:
        raise ValidationError({"key": msg("audit.workstation_does_not_hold_audit")})
    if target.exists():
        raise ValidationError({"path": msg("audit.already_exists_choose_new_file", target=target)})
    _write(target, key)


def import_key(source: Path, folder: Path | None = None) -> str:
    """Install a key exported on another workstation; returns its fingerprint."""
    try:
        text = source.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError({"path": msg("audit.cannot_read", source=source, exc=exc)}) from exc
    return install_key(parse_key(text), folder)


def install_key(key: bytes, folder: Path | None = None) -> str:
    """Keep ``key`` beside this workstation's own (unless held already); returns its fingerprint."""
    if len(key) != _KEY_BYTES:
        raise ValidationError({"key": msg("audit.audit_key_damaged_has_wrong")})
    fingerprint = key_fingerprint(key)
    if key_for(fingerprint, folder) is None:
        _write(key_folder(folder) / IMPORTED / f"{fingerprint[:32]}.key", key)
        _cache[(str(key_folder(folder)), fingerprint)] = key
    return fingerprint
