"""Confirm, with the reason, that exercise may continue while a prompt red flag is referred (C5)."""

from __future__ import annotations

from functools import partial
from html import escape

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.errors import ValidationError
from clinic_app.domain.safety.statement import action_requested, concern
from clinic_app.services.red_flags import RedFlagEventRow
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import describe, field_messages
from clinic_app.ui.operations import write


class ConfirmExerciseDialog(QDialog):
    """The clinician's explicit, recorded confirmation; the referral task stays open afterwards."""

    def __init__(self, ctx: UiContext, event: RedFlagEventRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._event = event
        self.setWindowTitle(self.tr("Confirm exercise may continue"))
        what = QLabel(f"<b>{escape(concern(event.item))}</b> — {escape(event.description)}")
        what.setWordWrap(True)
        explain = QLabel(self.tr(
            "Exercise loading and loading handouts are on hold until you confirm that exercise may "
            "continue while the patient is referred ({0}). The referral stays on the chart until "
            "you record its outcome.").format(action_requested(event.item, event.tier)))
        explain.setWordWrap(True)
        label = QLabel(self.tr("Why exercise may continue (required):"))
        self.edit_reason = QPlainTextEdit()
        self.edit_reason.setAccessibleName(self.tr("Why exercise may continue (required)"))
        self.edit_reason.setPlaceholderText(self.tr(
            "e.g. No systemic symptoms; letter to GP today asking for review this week; exercise "
            "settles the pain."))
        label.setBuddy(self.edit_reason)
        self.label_error = QLabel()
        self.label_error.setStyleSheet("color:#b00020;")
        self.label_error.setWordWrap(True)
        self.label_error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.btn_confirm = self.buttons.addButton(self.tr("Confirm exercise may continue"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.btn_confirm.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addWidget(explain)
        layout.addWidget(label)
        layout.addWidget(self.edit_reason, 1)
        layout.addWidget(self.label_error)
        layout.addWidget(self.buttons)
        self.edit_reason.textChanged.connect(
            lambda: self.btn_confirm.setEnabled(bool(self.edit_reason.toPlainText().strip())))
        self.btn_confirm.clicked.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        self.resize(560, 320)

    def confirm(self) -> None:
        """Record the confirmation and its reason."""
        self.btn_confirm.setEnabled(False)
        write(self._ctx, partial(self._ctx.services.red_flags.confirm_exercise,
                                 self._ctx.require_actor(), self._event.id,
                                 self.edit_reason.toPlainText(), self._event.version),
              initiator=self, on_done=self._saved, on_failed=self._failed)

    def _saved(self, _changes: object) -> None:  # published by the operation
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.btn_confirm.setEnabled(True)
        self.label_error.setText(
            "\n".join(field_messages(exc).values()) if isinstance(exc, ValidationError) else describe(exc))
        self.label_error.show()
