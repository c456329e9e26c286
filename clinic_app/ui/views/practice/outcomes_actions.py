"""Practice → Outcomes…: the menu entry, shown to the roles that may see caseload outcomes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction

from clinic_app.domain.access import Action, may

if TYPE_CHECKING:
    from clinic_app.ui.main_window import MainWindow
    from clinic_app.ui.views.practice.outcomes_view import OutcomesDialog


class OutcomesActions(QObject):
    """Adds Practice → Outcomes… and opens one Outcomes window at a time."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.dialog: OutcomesDialog | None = None
        self.act_outcomes = QAction(self.tr("&Outcomes…"), window)
        self.act_outcomes.triggered.connect(self.open)
        window.practice_menu.addSeparator()
        window.practice_menu.addAction(self.act_outcomes)
        window.session.user_changed.connect(lambda _signed: self.apply_role())
        self.apply_role()

    def apply_role(self) -> None:
        """Shown to administrators and clinicians; closed when someone else signs in."""
        actor = self._window.ctx.actor
        allowed = actor is not None and may(actor.role, Action.VIEW_CASELOAD)
        self.act_outcomes.setVisible(allowed)
        if not allowed and self.dialog is not None:
            self.dialog.close()

    def open(self) -> None:
        """The Outcomes window (brought to the front if it is already open)."""
        if self.dialog is None:
            from clinic_app.ui.views.practice.outcomes_view import OutcomesDialog

            self.dialog = OutcomesDialog(self._window.ctx, self._window)
            self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.dialog.destroyed.connect(self._forget)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()

    def _forget(self) -> None:
        self.dialog = None
