"""Read a practice's licensed instrument text pack (JSON) from disk."""

from __future__ import annotations

import json
from pathlib import Path

from clinic_app.domain.errors import ValidationError
from clinic_app.domain.measures.instrument_text import InstrumentText, parse_text_pack

MAX_BYTES = 1_000_000


def load_text_pack(path: Path) -> InstrumentText:
    """The pack's wording; ``ValidationError`` explains an unreadable or malformed file."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ValidationError({"text_pack": f"{path.name} is larger than a text pack can be."})
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ValidationError({"text_pack": f"{path} does not exist."}) from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError({"text_pack": f"{path.name} is not a readable JSON file ({exc})."}) from exc
    if not isinstance(data, dict):
        raise ValidationError({"text_pack": f"{path.name} does not contain a JSON object."})
    try:
        return parse_text_pack(data)
    except ValueError as exc:
        raise ValidationError({"text_pack": f"{path.name}: {exc}."}) from exc
