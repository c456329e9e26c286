"""The practice's letterhead for printed documents, stored in the database for every workstation."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clinic_app.domain.access import Action
from clinic_app.domain.errors import ValidationError
from clinic_app.domain.messages import Message, as_message, msg
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import PracticeSetting
from clinic_app.reports.styles import DEFAULT_ACCENT, PAGE_SIZES, Branding, check_logo, normalise_colour
from clinic_app.services.access import authorize
from clinic_app.services.context import Actor, Changes, audit, check_version
from clinic_app.services.text_checks import refuse_unstorable

logger = logging.getLogger(__name__)

KEY = "branding"
DEFAULT_PRACTICE_NAME = "Your practice"
"""Printed until the practice sets its name (README: Settings → Practice letterhead)."""
FIELDS = ("clinic_name", "address_lines", "phone", "logo_path", "accent_colour", "paper_size",
          "large_print", "emergency_number")
_TEXT_MAX = {"clinic_name": 120, "phone": 40, "emergency_number": 60}
ADDRESS_LINES_MAX = 4


@dataclass(frozen=True, slots=True)
class PracticeBranding:
    """The saved letterhead values as plain data (what the settings dialog edits)."""

    clinic_name: str = DEFAULT_PRACTICE_NAME
    address_lines: tuple[str, ...] = ()
    phone: str = ""
    logo_path: str = ""
    accent_colour: str = DEFAULT_ACCENT
    paper_size: str = "A4"
    large_print: bool = False
    emergency_number: str = ""
    """The number patients should call in an emergency (empty: the handouts name the usual ones)."""
    version: int = 0
    """The saved row's version (0: never saved); a save passes it back to detect a clash."""

    @property
    def is_default(self) -> bool:
        """True while the practice has not set its name."""
        return self.clinic_name == DEFAULT_PRACTICE_NAME


def _clean(values: Mapping[str, Any]) -> tuple[PracticeBranding, dict[str, str | Message]]:
    """Validate every field; return the values and a message per field that is wrong."""
    errors: dict[str, str | Message] = {}
    unknown = sorted(set(values) - set(FIELDS))
    if unknown:
        errors["branding"] = msg("branding.unknown_setting_s", unknown=', '.join(unknown))
    base = PracticeBranding()
    out: dict[str, Any] = {}
    for name in ("clinic_name", "phone", "emergency_number"):
        raw = values.get(name, getattr(base, name))
        text = raw.strip() if isinstance(raw, str) else ""
        if not isinstance(raw, str):
            errors[name] = msg("branding.must_text")
        elif len(text) > _TEXT_MAX[name]:
            errors[name] = msg("common.too_long", limit=_TEXT_MAX[name])
        out[name] = text
    if not out["clinic_name"] and "clinic_name" not in errors:
        errors["clinic_name"] = msg("branding.practice_name_printed_every_document")
    lines = values.get("address_lines", ())
    if isinstance(lines, str):
        lines = lines.splitlines()
    if not isinstance(lines, (list, tuple)) or not all(isinstance(x, str) for x in lines):
        errors["address_lines"] = msg("branding.give_address_as_lines_text")
        lines = ()
    lines = tuple(x.strip() for x in lines if x.strip())
    if len(lines) > ADDRESS_LINES_MAX or any(len(x) > 120 for x in lines):
        errors["address_lines"] = msg("branding.most_address_lines_up_120",
                                      address_lines_max=ADDRESS_LINES_MAX)
    out["address_lines"] = lines
    logo = values.get("logo_path", "") or ""
    out["logo_path"] = str(logo).strip()
    if out["logo_path"]:
        try:
            check_logo(Path(out["logo_path"]))
        except ValueError as exc:
            errors["logo_path"] = as_message(exc)
    try:
        out["accent_colour"] = normalise_colour(values.get("accent_colour", DEFAULT_ACCENT))
    except ValueError as exc:
        errors["accent_colour"] = as_message(exc)
    paper = values.get("paper_size", "A4")
    if paper not in PAGE_SIZES:
        errors["paper_size"] = msg("branding.paper_size_must_a4_letter", paper=paper)
    out["paper_size"] = paper if paper in PAGE_SIZES else "A4"
    large = values.get("large_print", False)
    if not isinstance(large, bool):
        errors["large_print"] = msg("branding.large_print_must_off")
    out["large_print"] = large is True
    return PracticeBranding(**out), errors


def to_branding(practice: PracticeBranding) -> Branding:
    """The reports' Branding for saved values.

    Raises:
        ValidationError: the logo has gone missing or is no longer a readable image.
    """
    try:
        return Branding(practice.clinic_name, practice.address_lines, practice.phone,
                        Path(practice.logo_path) if practice.logo_path else None,
                        practice.accent_colour, practice.paper_size,  # type: ignore[arg-type]
                        practice.large_print)
    except ValueError as exc:
        field = "logo_path" if "logo" in str(exc).lower() else "branding"
        raise ValidationError({field: msg("branding.choose_another_logo_practice_settings",
                                          exc=exc)}) from exc


class BrandingService:
    """Read and save the practice letterhead (one row in ``practice_setting``)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def values(self) -> PracticeBranding:
        """The saved letterhead values, or the defaults."""
        with self._db.reading() as s:
            row = s.get(PracticeSetting, KEY)
            raw = json.loads(row.value) if row is not None else {}
            version = row.version if row is not None else 0
        stored = {k: v for k, v in raw.items() if k in FIELDS}
        if "address_lines" in stored:
            stored["address_lines"] = tuple(stored["address_lines"])
        return PracticeBranding(**stored, version=version)

    def get(self) -> Branding:
        """The letterhead documents are printed with.

        Raises:
            ValidationError: the saved logo is missing or not a PNG/JPEG image any more.
        """
        return to_branding(self.values())

    def emergency_number(self) -> str:
        """The emergency number patients are told to call (empty: the usual ones are named)."""
        return self.values().emergency_number

    def save(self, actor: Actor, values: Mapping[str, Any], expected_version: int) -> Changes:
        """Validate and store the letterhead; only a clinician or an admin may change it.

        ``expected_version`` is the ``version`` of the values the user edited (0: never saved);
        when another workstation saved since, ``ConflictError`` names who and when.
        """
        authorize(self._db, actor, Action.EDIT_LETTERHEAD)
        refuse_unstorable(dict(values))
        merged = {**_as_dict(self.values()), **dict(values)}
        practice, errors = _clean(merged)
        if errors:
            raise ValidationError(errors)
        to_branding(practice)  # the reports' own checks, so nothing unprintable is saved
        data = json.dumps(_as_dict(practice), ensure_ascii=False, sort_keys=True)
        with self._db.writing() as s:
            row = s.get(PracticeSetting, KEY)
            if row is None and expected_version != 0:
                raise ValidationError({"branding": msg("branding.letterhead_was_removed_reopen")})
            if row is not None:
                check_version(s, "Practice letterhead", row.version, expected_version,
                              row.updated_by_id, row.updated_at)
            before = json.loads(row.value) if row is not None else {}
            if row is None:
                s.add(PracticeSetting(key=KEY, value=data, updated_by_id=actor.user_id))
            elif row.value != data:
                row.value, row.updated_by_id = data, actor.user_id
            else:
                return Changes(entity="branding")
            s.flush()
            after = json.loads(data)
            audit(s, actor, "update" if before else "create", "practice_setting", 0,
                  [k for k in FIELDS if before.get(k) != after.get(k)])
        return Changes(entity="branding")


def _as_dict(practice: PracticeBranding) -> dict[str, Any]:
    return {name: list(v) if isinstance(v := getattr(practice, name), tuple) else v for name in FIELDS}
