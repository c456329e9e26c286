"""The Plan tab's contraindication warnings (C10): asked of the plan service after every change."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from clinic_app.domain.rehab.plans import Plan
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import describe

WARNING_STYLE = "background:#fff3e0; color:#6b4200; border:1px solid #f0c27a; padding:6px;"


class ContraindicationBanner(QLabel):
    """Shows the plan service's warnings; hidden when there are none. It never blocks."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._job: int | None = None
        self.warnings: list[str] = []
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet(WARNING_STYLE)
        self.setAccessibleName(self.tr("Exercise warnings"))
        self.hide()

    def check(self, episode_id: int | None, plan: Plan) -> None:
        """Ask for the warnings of ``plan`` (a newer check replaces an older one)."""
        self._ctx.reads.cancel(self._job)
        if episode_id is None or not plan.items:
            self._job = None
            self.show_warnings([])
            return
        self._job = self._ctx.reads.submit(
            partial(self._ctx.services.plans.warnings, episode_id, plan, self._ctx.today()),
            self.show_warnings, lambda exc: self.show_warnings([describe(exc)]))

    def show_warnings(self, warnings: list[str]) -> None:
        """One line per warning, each starting with a warning sign."""
        self.warnings = list(warnings)
        self.setText("\n".join(f"⚠ {w}" for w in self.warnings))
        self.setVisible(bool(self.warnings))
