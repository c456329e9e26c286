"""Files the app writes for people to take away: written whole or not at all."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from clinic_app.domain.errors import ValidationError
from clinic_app.domain.messages import msg


def write_atomically(target: Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` through a temporary file renamed into place (fsynced), so a
    failure leaves no half-written file; ``ValidationError`` names the path and the reason."""
    if not target.parent.is_dir():
        raise ValidationError({"path": msg("common.folder_missing", folder=target.parent)})
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.part")
    try:
        with temporary.open("xb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise ValidationError({"path": msg("common.cannot_write",
                                           path=target, error=exc.strerror or exc)}) from exc
    return target
