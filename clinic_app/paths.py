"""Where the app finds its bundled files and keeps the user's data, in every way it runs.

The app runs from the source tree, from an installed wheel (resources mapped under
``clinic_app/_bundle``) and from a PyInstaller bundle (``sys._MEIPASS``). Only this module
builds those paths.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from clinic_app import APP_NAME

_PACKAGE_DIR = Path(__file__).resolve().parent


def bundle_root() -> Path:
    """Return the folder that holds ``resources/`` and ``database/``."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and frozen_root:
        return Path(frozen_root)
    wheel_root = _PACKAGE_DIR / "_bundle"
    if (wheel_root / "resources").is_dir():
        return wheel_root
    return _PACKAGE_DIR.parent


def resource(*parts: str) -> Path:
    """Return the path of a bundled resource file, e.g. ``resource("icons", "app.svg")``."""
    return bundle_root().joinpath("resources", *parts)


def migrations_dir() -> Path:
    """Return the Alembic migrations folder."""
    return bundle_root() / "database" / "migrations"


def user_data_dir() -> Path:
    """Return the per-user data folder (the default SQLite database and its backups)."""
    override = os.environ.get("STRIDE_CLINIC_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_config_dir() -> Path:
    """Return the per-user settings folder."""
    override = os.environ.get("STRIDE_CLINIC_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_log_dir() -> Path:
    """Return the per-user log folder (a windowed build has no console)."""
    override = os.environ.get("STRIDE_CLINIC_LOG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def default_database_path() -> Path:
    """Return the default SQLite database file."""
    return user_data_dir() / "stride-clinic.sqlite3"


def default_database_url() -> str:
    """Return the database URL used when nothing else is configured."""
    return f"sqlite:///{default_database_path()}"
