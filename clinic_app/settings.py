"""Typed application settings over an INI-format QSettings file (injectable in tests)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings

from clinic_app.paths import default_database_url, user_config_dir

DATABASE_ENV = "STRIDE_CLINIC_DATABASE_URL"


def default_settings_path() -> Path:
    """The per-user settings file."""
    return user_config_dir() / "settings.ini"


def open_qsettings(path: Path | None) -> QSettings:
    """Open the INI settings file at ``path`` (default: the per-user file)."""
    target = path or default_settings_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(target), QSettings.Format.IniFormat)


@dataclass
class AppSettings:
    """What a user or the practice's IT person configures."""

    database_url: str = ""
    distance_unit: str = "km"
    last_user_id: int = 0
    show_archived: bool = False
    instrument_pack: str = ""
    autosave_ms: int = 3000
    """Pause after the last keystroke before a draft note is saved."""

    @classmethod
    def load(cls, qs: QSettings) -> AppSettings:
        """Read typed values, falling back to defaults."""
        unit = str(qs.value("ui/distance_unit", "km", type=str))
        return cls(
            database_url=str(qs.value("database/url", "", type=str)),
            distance_unit=unit if unit in ("km", "mi") else "km",
            last_user_id=int(str(qs.value("session/last_user_id", 0, type=int) or 0)),
            show_archived=bool(qs.value("ui/show_archived", False, type=bool)),
            instrument_pack=str(qs.value("measures/instrument_pack", "", type=str)),
            autosave_ms=min(max(int(str(qs.value("editing/autosave_ms", 3000, type=int) or 3000)), 10),
                            60_000),
        )

    def save(self, qs: QSettings) -> None:
        """Write every value and flush to disk."""
        qs.setValue("database/url", self.database_url)
        qs.setValue("ui/distance_unit", self.distance_unit)
        qs.setValue("session/last_user_id", self.last_user_id)
        qs.setValue("ui/show_archived", self.show_archived)
        qs.setValue("measures/instrument_pack", self.instrument_pack)
        qs.setValue("editing/autosave_ms", self.autosave_ms)
        qs.sync()


def resolve_database_url(cli_url: str | None, settings: AppSettings) -> str:
    """``--database`` beats the environment, which beats settings, which beat the default."""
    return cli_url or os.environ.get(DATABASE_ENV) or settings.database_url or default_database_url()
