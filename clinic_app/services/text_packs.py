"""Read a practice's licensed instrument text pack (JSON) from disk."""

from __future__ import annotations

import json
from pathlib import Path

from clinic_app.domain.errors import ValidationError
from clinic_app.domain.measures.instrument_text import InstrumentText, parse_text_pack
from clinic_app.domain.messages import msg

MAX_BYTES = 1_000_000


def load_text_pack(path: Path) -> InstrumentText:
    """The pack's wording; ``ValidationError`` explains an unreadable or malformed file."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ValidationError({"text_pack": msg("text_packs.larger_than_text_pack_can", name=path.name)})
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ValidationError({"text_pack": msg("text_packs.does_not_exist", path=path)}) from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError({"text_pack": msg("text_packs.not_readable_json_file",
                                                name=path.name, exc=exc)}) from exc
    if not isinstance(data, dict):
        raise ValidationError({"text_pack": msg("text_packs.does_not_contain_json_object", name=path.name)})
    try:
        return parse_text_pack(data)
    except ValueError as exc:
        raise ValidationError({"text_pack": msg("text_packs.message", name=path.name, exc=exc)}) from exc
