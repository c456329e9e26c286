"""The emergency red-flag instruction (blocking until the action taken is recorded) and outcomes."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.errors import ValidationError
from clinic_app.services.red_flags import RedFlagEventRow
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import describe, field_messages
from clinic_app.ui.operations import write


class EmergencyDialog(QDialog):
    """Stops the workflow: attend an emergency department today; record the action taken."""

    def __init__(self, ctx: UiContext, events: Sequence[RedFlagEventRow],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._events = list(events)
        self._pending = 0
        self.acknowledged = False
        self.setWindowTitle(self.tr("EMERGENCY red flag"))
        self.setModal(True)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.setStyleSheet("QDialog { background:#fff5f5; }")
        heading = QLabel(self.tr("EMERGENCY — stop the assessment"))
        heading.setStyleSheet("color:#b00020; font-size:22pt; font-weight:700;")
        heading.setAccessibleName(self.tr("Emergency"))
        instruction = QLabel(self.tr(
            "These answers suggest possible cauda equina syndrome or another emergency. The "
            "patient must attend an emergency department TODAY — call the local emergency "
            "number if they cannot get there safely. Do not start or progress exercise or "
            "running. Exercise prescription and return-to-run stay locked until a clinician "
            "records the outcome."))
        instruction.setWordWrap(True)
        instruction.setStyleSheet("font-size:13pt;")
        instruction.setAccessibleName(self.tr("Instruction"))
        items = QLabel("<ul>" + "".join(
            f"<li><b>{escape(e.item.value)}</b> — {escape(e.description)}<br>"
            f"<span style='color:#555'>{escape(e.advice)}</span></li>" for e in self._events)
            + "</ul>")
        items.setTextFormat(Qt.TextFormat.RichText)
        items.setWordWrap(True)
        items.setAccessibleName(self.tr("Flags raised"))
        self.edit_action = QPlainTextEdit()
        self.edit_action.setAccessibleName(self.tr("Action taken (required)"))
        self.edit_action.setPlaceholderText(self.tr(
            "Action taken, e.g. 'Explained urgency; patient driven to the emergency department by "
            "partner at 10:40; ED triage nurse phoned.'"))
        self.label_error = QLabel()
        self.label_error.setStyleSheet("color:#b00020;")
        self.label_error.hide()
        self.btn_record = QPushButton(self.tr("Record action taken"))
        self.btn_record.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(instruction)
        layout.addWidget(items)
        label_action = QLabel(self.tr("Action taken (required):"))
        label_action.setBuddy(self.edit_action)
        layout.addWidget(label_action)
        layout.addWidget(self.edit_action, 1)
        layout.addWidget(self.label_error)
        layout.addWidget(self.btn_record, 0, Qt.AlignmentFlag.AlignRight)
        self.edit_action.textChanged.connect(
            lambda: self.btn_record.setEnabled(bool(self.edit_action.toPlainText().strip())))
        self.btn_record.clicked.connect(self.record)
        self.resize(820, 620)

    def record(self) -> None:
        """Acknowledge every emergency flag with the action typed."""
        text = self.edit_action.toPlainText()
        actor = self._ctx.require_actor()
        self.btn_record.setEnabled(False)
        self._pending = len(self._events)
        for event in self._events:
            write(self._ctx, partial(self._ctx.services.red_flags.acknowledge, actor, event.id,
                                     text, event.version),
                  initiator=self, on_done=self._done, on_failed=self._failed,
                  publish=False)  # _done publishes once every event is recorded

    def _done(self, changes: object) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.acknowledged = True
            self._ctx.bus.publish(changes, self)  # type: ignore[arg-type]
            self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.btn_record.setEnabled(True)
        self.label_error.setText(
            "\n".join(field_messages(exc).values()) if isinstance(exc, ValidationError) else describe(exc))
        self.label_error.show()

    def reject(self) -> None:
        """Escape and the close button do nothing until the action is recorded."""
        if self.acknowledged:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        """The window cannot be closed before acknowledgement."""
        if not self.acknowledged:
            event.ignore()
            return
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ignore Escape."""
        if event.key() == Qt.Key.Key_Escape and not self.acknowledged:
            event.ignore()
            return
        super().keyPressEvent(event)


class FlagNoteDialog(QDialog):
    """Record the action taken for, or the outcome of, one raised flag."""

    def __init__(self, ctx: UiContext, event: RedFlagEventRow, outcome: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._event = event
        self._outcome = outcome
        self.setWindowTitle(self.tr("Outcome of medical review") if outcome
                            else self.tr("Action taken"))
        what = QLabel(f"<b>{escape(event.item.value)} ({escape(event.tier.value)})</b> — "
                      f"{escape(event.description)}")
        what.setWordWrap(True)
        self.edit_text = QPlainTextEdit()
        self.edit_text.setAccessibleName(self.tr("Outcome") if outcome else self.tr("Action taken"))
        self.edit_text.setPlaceholderText(
            self.tr("e.g. GP review same day: bloods normal, no infection; cleared to continue.")
            if outcome else self.tr("e.g. Phoned GP surgery; same-day appointment at 16:00."))
        self.label_error = QLabel()
        self.label_error.setStyleSheet("color:#b00020;")
        self.label_error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.btn_save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        label_text = QLabel(self.edit_text.accessibleName() + ":")
        label_text.setBuddy(self.edit_text)
        layout.addWidget(label_text)
        layout.addWidget(self.edit_text, 1)
        layout.addWidget(self.label_error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.resize(560, 300)

    def save(self) -> None:
        """Store the text."""
        service = self._ctx.services.red_flags
        method = service.resolve if self._outcome else service.acknowledge
        self.btn_save.setEnabled(False)
        write(self._ctx, partial(method, self._ctx.require_actor(), self._event.id,
                                 self.edit_text.toPlainText(), self._event.version),
              initiator=self, on_done=self._saved, on_failed=self._failed,
              publish=False)  # _saved publishes

    def _saved(self, changes: object) -> None:
        self._ctx.bus.publish(changes, self)  # type: ignore[arg-type]
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.btn_save.setEnabled(True)
        self.label_error.setText(
            "\n".join(field_messages(exc).values()) if isinstance(exc, ValidationError) else describe(exc))
        self.label_error.show()
