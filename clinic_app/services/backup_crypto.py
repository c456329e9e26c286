"""The encrypted backup file: a readable header, then the database in AES-GCM sealed chunks.

Layout::

    b"STRIDE-CLINIC-BACKUP\\n"  4-byte big-endian header length  JSON header
    then chunks: 4-byte big-endian length, AES-GCM ciphertext (+16-byte tag)

The key comes from the practice passphrase through Argon2id (``argon2.low_level.hash_secret_raw``)
with the parameters and salt written in the header. Every chunk's nonce is the header's nonce
prefix plus the chunk number, and its associated data is the whole header, the chunk number and
whether it is the last one: changing one byte anywhere, reordering, dropping or adding chunks,
or editing the header makes decryption fail.
"""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, BinaryIO

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from clinic_app.domain.errors import BackupRefused
from clinic_app.domain.messages import msg

MAGIC = b"STRIDE-CLINIC-BACKUP\n"
FORMAT_VERSION = 1
CHUNK = 1024 * 1024
MIN_PASSPHRASE = 10
KDF_DEFAULTS = {"time_cost": 3, "memory_cost": 65536, "parallelism": 2}
"""Argon2id: 3 passes over 64 MiB (about half a second on a clinic PC)."""

_WRONG = msg("backup.wrong_passphrase")


@dataclass(frozen=True, slots=True)
class BackupHeader:
    """What a backup says about itself, readable without the passphrase."""

    fields: dict[str, Any]
    raw: bytes
    secrets: dict[str, bytes] = field(default_factory=dict)
    """Values sealed in the header with the backup's key (e.g. the audit key), once decrypted."""

    @property
    def created(self) -> str:
        return str(self.fields.get("created", ""))

    @property
    def schema_revision(self) -> str:
        return str(self.fields.get("schema_revision", ""))

    @property
    def app_version(self) -> str:
        return str(self.fields.get("app_version", ""))


def check_passphrase(passphrase: str) -> None:
    """Refuse a passphrase too short to protect patient records."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise BackupRefused(msg("backup.backup_passphrase_needs_least_characters",
                                min_passphrase=MIN_PASSPHRASE))


def _key(passphrase: str, kdf: dict[str, Any]) -> bytes:
    try:
        salt = bytes.fromhex(str(kdf["salt"]))
        return hash_secret_raw(passphrase.encode("utf-8"), salt, time_cost=int(kdf["time_cost"]),
                               memory_cost=int(kdf["memory_cost"]),
                               parallelism=int(kdf["parallelism"]), hash_len=32, type=Type.ID)
    except (KeyError, ValueError, TypeError) as exc:
        raise BackupRefused(msg("backup.backup_s_header_damaged_key")) from exc


def _aad(header: bytes, index: int, last: bool) -> bytes:
    return header + struct.pack(">Q?", index, last)


@dataclass(frozen=True, slots=True)
class BackupKey:
    """A key derived once from the practice passphrase, with the settings that derive it again.

    Stored on a workstation so that automatic backups need nobody to type the passphrase; the
    header of every backup made with it carries ``kdf`` (salt included), so the passphrase alone
    restores it anywhere.
    """

    key: bytes
    kdf: dict[str, Any]

    def matches(self, passphrase: str) -> bool:
        """Whether ``passphrase`` derives this key."""
        return _key(passphrase, self.kdf) == self.key


def derive_key(passphrase: str, kdf: dict[str, int] | None = None) -> BackupKey:
    """Check ``passphrase`` and derive a key from it with a fresh salt."""
    check_passphrase(passphrase)
    params: dict[str, Any] = {"name": "argon2id", **(kdf or KDF_DEFAULTS),
                              "salt": os.urandom(16).hex()}
    return BackupKey(_key(passphrase, params), params)


def encrypt_stream(chunks: Iterable[bytes], out: BinaryIO, passphrase: str | BackupKey,
                   info: dict[str, Any], kdf: dict[str, int] | None = None,
                   sealed: dict[str, bytes] | None = None) -> None:
    """Write a backup of ``chunks`` (the database bytes) to ``out``; ``sealed`` values are
    encrypted into the header with the same key (and, as part of the header, authenticate every
    chunk)."""
    secret = passphrase if isinstance(passphrase, BackupKey) else derive_key(passphrase, kdf)
    params = dict(secret.kdf)
    fields = {"format": "stride-clinic-backup", "format_version": FORMAT_VERSION,
              "cipher": "AES-256-GCM", "chunk_size": CHUNK, "kdf": params,
              "nonce_prefix": os.urandom(4).hex(), **info}
    if sealed:
        fields["sealed"] = {name: _seal(secret.key, name, value) for name, value in sealed.items()}
    header = json.dumps(fields, sort_keys=True, ensure_ascii=False).encode("utf-8")
    aead = AESGCM(secret.key)
    prefix = bytes.fromhex(fields["nonce_prefix"])
    out.write(MAGIC + struct.pack(">I", len(header)) + header)
    pending: bytes | None = None
    index = 0
    for chunk in chunks:
        if pending is not None:
            _write_chunk(out, aead, prefix, header, index, pending, last=False)
            index += 1
        pending = chunk
    _write_chunk(out, aead, prefix, header, index, pending or b"", last=True)


def _seal(key: bytes, name: str, value: bytes) -> str:
    nonce = os.urandom(12)
    return (nonce + AESGCM(key).encrypt(nonce, value, b"sealed:" + name.encode())).hex()


def _unseal(key: bytes, fields: dict[str, Any]) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for name, text in dict(fields.get("sealed", {})).items():
        try:
            data = bytes.fromhex(str(text))
            found[str(name)] = AESGCM(key).decrypt(data[:12], data[12:],
                                                   b"sealed:" + str(name).encode())
        except (ValueError, InvalidTag) as exc:
            raise BackupRefused(_WRONG) from exc
    return found


def _write_chunk(out: BinaryIO, aead: AESGCM, prefix: bytes, header: bytes, index: int,
                 data: bytes, *, last: bool) -> None:
    sealed = aead.encrypt(prefix + struct.pack(">Q", index), data, _aad(header, index, last))
    out.write(struct.pack(">I", len(sealed)) + sealed)


def read_header(src: BinaryIO) -> BackupHeader:
    """The header of a backup file (no passphrase needed); refuses other files."""
    magic = src.read(len(MAGIC))
    if magic != MAGIC:
        raise BackupRefused(msg("backup.file_not_stride_clinic_backup"))
    size_bytes = src.read(4)
    size = struct.unpack(">I", size_bytes)[0] if len(size_bytes) == 4 else 0
    raw = src.read(size) if 0 < size < 1_000_000 else b""
    try:
        fields = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BackupRefused(msg("backup.header_damaged")) from exc
    if not isinstance(fields, dict) or fields.get("format") != "stride-clinic-backup":
        raise BackupRefused(msg("backup.header_damaged"))
    if int(fields.get("format_version", 0)) > FORMAT_VERSION:
        raise BackupRefused(msg("backup.backup_was_made_by_newer"))
    return BackupHeader(fields, raw)


def made_with(header: BackupHeader, secret: BackupKey) -> bool:
    """Whether the backup was sealed with ``secret`` (a stored key opens it without a passphrase)."""
    return dict(header.fields.get("kdf", {})) == secret.kdf


def decrypt_stream(src: BinaryIO, out: BinaryIO, passphrase: str | BackupKey) -> BackupHeader:
    """Decrypt a whole backup into ``out``; raise ``BackupRefused`` on any wrong or changed byte."""
    header = read_header(src)
    if isinstance(passphrase, BackupKey):
        if not made_with(header, passphrase):
            raise BackupRefused(msg("backup.backup_was_made_with_another"))
        key = passphrase.key
    else:
        key = _key(passphrase, dict(header.fields.get("kdf", {})))
    aead = AESGCM(key)
    prefix = bytes.fromhex(str(header.fields.get("nonce_prefix", "")))
    index = 0
    sealed = _read_chunk(src)
    while sealed is not None:
        following = _read_chunk(src)
        try:
            out.write(aead.decrypt(prefix + struct.pack(">Q", index), sealed,
                                   _aad(header.raw, index, following is None)))
        except InvalidTag as exc:
            raise BackupRefused(_WRONG) from exc
        sealed = following
        index += 1
    if index == 0:
        raise BackupRefused(_WRONG)
    return replace(header, secrets=_unseal(key, header.fields))


def _read_chunk(src: BinaryIO) -> bytes | None:
    size_bytes = src.read(4)
    if not size_bytes:
        return None
    if len(size_bytes) != 4:
        raise BackupRefused(_WRONG)
    size = struct.unpack(">I", size_bytes)[0]
    data = src.read(size)
    if len(data) != size or size > CHUNK + 64:
        raise BackupRefused(_WRONG)
    return data
