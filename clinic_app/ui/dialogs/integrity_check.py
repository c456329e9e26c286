"""The daily full integrity check of the database file, in the background.

``PRAGMA quick_check`` runs at every start; the full ``integrity_check`` (which also reads every
index) runs before each backup and, through this, once a day at the first sign-in — also where
automatic backups are off. Damage found is said in plain words with the way forward, instead of
surfacing later as a failed save.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from clinic_app.persistence.db import sqlite_path
from clinic_app.persistence.health import quick_check

if TYPE_CHECKING:
    from clinic_app.ui.main_window import MainWindow

logger = logging.getLogger(__name__)

LAST_RUN = "health/last_full_check"


class DailyIntegrityCheck(QObject):
    """Runs ``integrity_check`` once a day per workstation; warns when the file is damaged."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._ctx = window.ctx
        self.last_problem: str | None = None

    def start(self) -> bool:
        """Submit today's check if it is due; returns whether one was started."""
        db = self._ctx.services.db
        path = sqlite_path(str(db.engine.url))
        today = self._ctx.today().isoformat()
        if path is None or str(self._ctx.qsettings.value(LAST_RUN, "", type=str) or "") == today:
            return False
        self._ctx.reads.submit(lambda: quick_check(db.engine, path, full=True),
                               lambda _result: self._done(today), self._failed)
        return True

    def _done(self, today: str) -> None:
        self._ctx.qsettings.setValue(LAST_RUN, today)
        self.last_problem = None
        logger.info("daily integrity check: ok")

    def _failed(self, exc: BaseException) -> None:
        from clinic_app.ui.errors import describe

        self.last_problem = describe(exc)
        logger.error("daily integrity check failed: %r", exc)
        QMessageBox.warning(self._window, self.tr("The database file is damaged"), self.tr(
            "Today's check of the database file found damage: {0}\n\nWhat you can see may be "
            "incomplete and new work may not save. An administrator should restore the latest "
            "good backup (File → Restore a backup…) now; the damaged file is kept aside.").format(
                self.last_problem))
