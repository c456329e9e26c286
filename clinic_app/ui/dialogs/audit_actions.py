"""Practice → Audit log… for administrators, and the daily background check of the audit trail.

The first sign-in of a day on this workstation verifies the whole trail in the background (and
moves this workstation's anchor when it is intact). When the check fails, administrators see a
bar across the top of the window, with a button that opens the audit log; the outcome is kept in
the settings so an administrator signing in later that day sees it too.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QToolBar

from clinic_app.domain.access import Action, may
from clinic_app.services.audit_verify import AuditVerification, verify_and_anchor
from clinic_app.ui.errors import describe

if TYPE_CHECKING:
    from clinic_app.ui.dialogs.audit_viewer import AuditViewerDialog
    from clinic_app.ui.main_window import MainWindow

logger = logging.getLogger(__name__)

LAST_RUN = "audit/last_verified"
LAST_PROBLEM = "audit/last_problem"
"""Empty when the last daily check passed; else the sentence the banner shows."""


class AuditActions(QObject):
    """Adds Practice → Audit log…, runs the daily check and shows its banner to administrators."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._ctx = window.ctx
        self.dialog: AuditViewerDialog | None = None
        self.check_job: int | None = None
        self.act_audit = QAction(QCoreApplication.translate("AuditActions", "&Audit log…"), window)
        self.act_audit.triggered.connect(self.open)
        window.practice_menu.addSeparator()
        window.practice_menu.addAction(self.act_audit)
        self.banner = self._build_banner(window)
        window.session.user_changed.connect(lambda _signed: self._signed_in())
        self.apply_role()

    def _build_banner(self, window: MainWindow) -> QToolBar:
        bar = QToolBar(QCoreApplication.translate("AuditActions", "Audit trail warning"), window)
        bar.setObjectName("auditBanner")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.toggleViewAction().setVisible(False)
        bar.setStyleSheet("QToolBar { background:#fdecea; border-bottom:1px solid #e57373; }")
        self.label_banner = QLabel()
        self.label_banner.setWordWrap(True)
        self.label_banner.setStyleSheet("color:#8b1a1a; padding:4px;")
        self.label_banner.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.btn_banner_open = QPushButton(QCoreApplication.translate("AuditActions", "Open the audit log…"))
        self.btn_banner_open.clicked.connect(self.open)
        self.btn_banner_hide = QPushButton(QCoreApplication.translate("AuditActions", "Hide"))
        self.btn_banner_hide.setToolTip(
            QCoreApplication.translate("AuditActions", "Hide this warning until the next start"))
        self.btn_banner_hide.clicked.connect(self._hide_banner)
        bar.addWidget(self.label_banner)
        bar.addWidget(self.btn_banner_open)
        bar.addWidget(self.btn_banner_hide)
        window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        bar.setVisible(False)
        self._hidden = False
        return bar

    def apply_role(self) -> None:
        """The menu entry and the banner are for administrators only."""
        actor = self._ctx.actor
        allowed = actor is not None and may(actor.role, Action.VIEW_AUDIT)
        self.act_audit.setVisible(allowed)
        if not allowed and self.dialog is not None:
            self.dialog.close()
        problem = str(self._ctx.qsettings.value(LAST_PROBLEM, "", type=str) or "")
        self.label_banner.setText(problem)
        self.banner.setVisible(allowed and bool(problem) and not self._hidden)

    def _signed_in(self) -> None:
        self.apply_role()
        if self._ctx.actor is not None and self.check_due():
            QTimer.singleShot(0, self.run_daily_check)

    def check_due(self) -> bool:
        """True when this workstation has not checked the trail today."""
        last = str(self._ctx.qsettings.value(LAST_RUN, "", type=str) or "")
        return last != self._ctx.today().isoformat() and self.check_job is None

    def run_daily_check(self) -> None:
        """Verify the trail in the background; remember the outcome for today."""
        if not self.check_due():
            return
        today = self._ctx.today().isoformat()
        self.check_job = self._ctx.reads.submit(
            partial(verify_and_anchor, self._ctx.services.db), partial(self._checked, today),
            partial(self._check_failed, today))

    def _remember(self, today: str, problem: str) -> None:
        self.check_job = None
        qs = self._ctx.qsettings
        qs.setValue(LAST_RUN, today)
        qs.setValue(LAST_PROBLEM, problem)
        qs.sync()
        self._hidden = False
        self.apply_role()

    def _checked(self, today: str, result: AuditVerification) -> None:
        if result.intact:
            self._remember(today, "")
            return
        kinds = sorted({p.kind.value for p in result.problems})
        self._remember(today, QCoreApplication.translate("AuditActions", 
            "The audit trail failed today's check: {0} problem(s) found ({1}). Open the audit "
            "log and press Verify to see which rows or records.").format(
                len(result.problems), ", ".join(kinds)))

    def _check_failed(self, today: str, exc: BaseException) -> None:
        logger.warning("daily audit check could not run: %r", exc)
        self._remember(today, QCoreApplication.translate(
            "AuditActions", "The audit trail could not be checked today: {0}").format(
            describe(exc)))

    def _hide_banner(self) -> None:
        self._hidden = True
        self.banner.setVisible(False)

    def open(self) -> None:
        """The audit log window (brought to the front if it is already open)."""
        if self.dialog is None:
            from clinic_app.ui.dialogs.audit_viewer import AuditViewerDialog

            self.dialog = AuditViewerDialog(self._ctx, self._window)
            self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.dialog.destroyed.connect(self._forget)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()

    def _forget(self) -> None:
        self.dialog = None
