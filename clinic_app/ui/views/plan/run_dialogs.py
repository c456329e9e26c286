"""The clinician's return-to-run decisions: confirm that running may start, restart after a STOP."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.rehab.return_to_run import stage_info
from clinic_app.services.run_programme import NOTE_MAX


def _note_edit(name: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setAccessibleName(name)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(90)
    return edit


class ConfirmRunDialog(QDialog):
    """Confirm that this patient may start the walk/run programme before phase 3, and say why."""

    def __init__(self, where: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Confirm return to run"))
        self.label_intro = QLabel(self.tr(
            "The walk/run schedule normally prints from phase 3 Return to run; {0}. Confirm only if "
            "this patient may start running now. Your name, the date and the reason are kept in the "
            "chart.").format(where))
        self.label_intro.setWordWrap(True)
        self.edit_reason = _note_edit(self.tr("Reason"))
        self.edit_reason.setPlaceholderText(self.tr("e.g. 30 min brisk walking without pain, neurology "
                                                    "stable or improving"))
        form = QFormLayout()
        form.addRow(self.tr("Reason:"), self.edit_reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.btn_confirm: QPushButton = self.buttons.addButton(
            self.tr("Confirm"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.btn_confirm.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.edit_reason.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label_intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def _update(self) -> None:
        text = self.edit_reason.toPlainText().strip()
        self.btn_confirm.setEnabled(0 < len(text) <= NOTE_MAX)

    def reason(self) -> str:
        """The reason typed."""
        return self.edit_reason.toPlainText().strip()

    @classmethod
    def ask(cls, parent: QWidget, where: str) -> str | None:
        """The reason for confirming, or None when cancelled."""
        dialog = cls(where, parent)
        return dialog.reason() if dialog.exec() == QDialog.DialogCode.Accepted else None


class RestartRunDialog(QDialog):
    """After a STOP: what the review found, and the stage to restart at (no higher than before)."""

    def __init__(self, stopped_at: int, stop_reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Restart the walk/run programme"))
        intro = QLabel(self.tr("Stopped at stage {0}: {1}").format(stopped_at, stop_reason))
        intro.setWordWrap(True)
        self.edit_outcome = _note_edit(self.tr("Review outcome"))
        self.edit_outcome.setPlaceholderText(self.tr("What the review found and decided"))
        self.combo_stage = QComboBox()
        self.combo_stage.setAccessibleName(self.tr("Restart at stage"))
        for number in range(1, stopped_at + 1):
            info = stage_info(number)
            self.combo_stage.addItem(self.tr("Stage {0}: {1} ({2} min)").format(
                number, info.format, info.total_min), number)
        form = QFormLayout()
        form.addRow(self.tr("Review outcome:"), self.edit_outcome)
        form.addRow(self.tr("Restart at stage:"), self.combo_stage)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.btn_restart: QPushButton = self.buttons.addButton(
            self.tr("Restart"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.btn_restart.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.edit_outcome.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def _update(self) -> None:
        text = self.edit_outcome.toPlainText().strip()
        self.btn_restart.setEnabled(0 < len(text) <= NOTE_MAX)

    def choice(self) -> tuple[str, int]:
        """The review outcome and the chosen stage."""
        return self.edit_outcome.toPlainText().strip(), int(self.combo_stage.currentData())

    @classmethod
    def ask(cls, parent: QWidget, stopped_at: int, stop_reason: str) -> tuple[str, int] | None:
        """The review outcome and restart stage, or None when cancelled."""
        dialog = cls(stopped_at, stop_reason, parent)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
