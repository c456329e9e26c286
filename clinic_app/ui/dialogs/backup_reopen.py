"""Put a checked backup in place of the open database, then open it again in the same window.

Everything open is saved or discarded with the user first, the session ends, background work
finishes and every connection closes; only then is the file swapped (the replaced file kept in
the backups folder). The restored database is brought to this version's schema and whoever
works next signs in against the users it holds.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from clinic_app.domain.errors import ClinicError
from clinic_app.persistence.health import faults_named
from clinic_app.persistence.migrate import upgrade_to_head
from clinic_app.services.backup import OpenedBackup, put_in_place
from clinic_app.services.backup_anchor import reanchor_audit_trail
from clinic_app.ui.errors import describe

if TYPE_CHECKING:
    from clinic_app.ui.main_window import MainWindow

logger = logging.getLogger(__name__)


def replace_and_reopen(window: MainWindow, opened: OpenedBackup, live: Path) -> bool:
    """Swap ``opened`` in for ``live`` and reopen; False when the user kept the database."""
    ctx = window.ctx
    title = QCoreApplication.translate("BackupReopen", "Restore a backup")
    if window._chart is not None and not window._confirm_chart_close():
        return False
    window.session.end("restore")
    ctx.writes.wait()
    ctx.reads.wait()
    db = ctx.services.db
    db.dispose()
    try:
        aside = put_in_place(opened, live, ctx.clock.now())
    except ClinicError as exc:
        QMessageBox.warning(window, title, describe(exc))
        return False
    try:
        # Explicitly on the GUI thread: everyone is signed out, both runners are idle, and
        # nothing may touch the database before the swapped-in file is upgraded (a restart).
        with db.main_thread_allowed():
            with faults_named(live):
                upgrade_to_head(db.engine)
            reanchor_audit_trail(db, ctx.clock.now())
    except ClinicError as exc:
        logger.error("restored database could not be upgraded: %s", exc)
        QMessageBox.warning(window, title, describe(exc))
    _forget_open_work(window)
    kept = (QCoreApplication.translate("BackupReopen", " The replaced file is kept as {0}.").format(aside)
            if aside is not None else "")
    QMessageBox.information(window, title, QCoreApplication.translate(
        "BackupReopen", "The backup is restored.{0} Sign in to "
                                               "continue.").format(kept))
    window.start()
    return True


def _forget_open_work(window: MainWindow) -> None:
    """Drop the chart and the signed-in user: both belonged to the replaced database."""
    window.session.current = None
    window.ctx.actor = None
    chart = window._chart
    if chart is not None:
        window.stack.setCurrentWidget(window.placeholder)
        window.stack.removeWidget(chart)
        chart.deleteLater()
        window._chart = None
    window._update_user()
