"""Practice letterhead: what every printed document carries (shared by all workstations)."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.errors import ConflictError, ValidationError
from clinic_app.services.branding import BrandingService, PracticeBranding
from clinic_app.services.context import Actor, Changes
from clinic_app.ui.conflicts import KeepMine, keep_mine
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import describe, field_messages
from clinic_app.ui.operations import write
from clinic_app.ui.widgets.forms import FieldErrors
from clinic_app.ui.widgets.labels import apply_visible_labels


class LetterheadDialog(QDialog):
    """Name, address, phone, logo, accent colour, paper, large print, emergency number."""

    def __init__(self, ctx: UiContext, current: PracticeBranding, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._version = current.version
        self._loaded = _as_values(current)
        self._conflict: ConflictError | None = None
        self.setWindowTitle(self.tr("Practice letterhead"))
        self.edit_name = QLineEdit(current.clinic_name)
        self.edit_address = QPlainTextEdit("\n".join(current.address_lines))
        self.edit_address.setTabChangesFocus(True)
        self.edit_address.setFixedHeight(70)
        self.edit_phone = QLineEdit(current.phone)
        self.edit_logo = QLineEdit(current.logo_path)
        self.btn_logo = QPushButton(self.tr("Choose…"))
        logo_row = QWidget()
        row = QHBoxLayout(logo_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit_logo, 1)
        row.addWidget(self.btn_logo)
        self.edit_colour = QLineEdit(current.accent_colour)
        self.combo_paper = QComboBox()
        self.combo_paper.addItems(["A4", "Letter"])
        self.combo_paper.setCurrentText(current.paper_size)
        self.check_large = QCheckBox(self.tr("Large print on patient handouts"))
        self.check_large.setChecked(current.large_print)
        self.edit_emergency = QLineEdit(current.emergency_number)
        self.edit_emergency.setPlaceholderText(self.tr("e.g. 999 (UK), 112 (EU), 911 (US)"))
        form = QFormLayout()
        self.errors = FieldErrors(form)
        for field, label, widget in (
            ("clinic_name", self.tr("Practice name:"), self.edit_name),
            ("address_lines", self.tr("Address:"), self.edit_address),
            ("phone", self.tr("Phone:"), self.edit_phone),
            ("logo_path", self.tr("Logo (PNG or JPEG):"), logo_row),
            ("accent_colour", self.tr("Accent colour:"), self.edit_colour),
            ("paper_size", self.tr("Paper size:"), self.combo_paper),
            ("large_print", self.tr("Print size:"), self.check_large),
            ("emergency_number", self.tr("Emergency number:"), self.edit_emergency),
        ):
            self.errors.add_row(field, label, widget)
        self.edit_logo.setAccessibleName(self.tr("Logo"))
        self.label_error = QLabel()
        self.label_error.setStyleSheet("color:#b00020;")
        self.label_error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.btn_save = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.label_error)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.btn_logo.clicked.connect(self._choose_logo)
        self.resize(520, 460)
        apply_visible_labels(self)

    def _choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Practice logo"), "",
                                              self.tr("Images (*.png *.jpg *.jpeg)"))
        if path:
            self.edit_logo.setText(path)

    def values(self) -> dict[str, object]:
        """The letterhead as typed."""
        return {"clinic_name": self.edit_name.text(), "address_lines": self.edit_address.toPlainText(),
                "phone": self.edit_phone.text(), "logo_path": self.edit_logo.text(),
                "accent_colour": self.edit_colour.text(), "paper_size": self.combo_paper.currentText(),
                "large_print": self.check_large.isChecked(),
                "emergency_number": self.edit_emergency.text()}

    def save(self) -> None:
        """Validate (including the logo) and store for every workstation."""
        self.btn_save.setEnabled(False)
        branding, actor = self._ctx.services.branding, self._ctx.require_actor()
        if self._conflict is not None:  # keep mine: show what differs, then save over theirs
            keep_mine(self, self._ctx, self._conflict, KeepMine(
                entity=self._conflict.entity, base=self._loaded, mine=self.values(),
                fetch=lambda: _fresh(branding), save=partial(_save, branding, actor),
                labels=self.errors.labels()),
                on_saved=self._saved, on_failed=self._failed,
                on_cancelled=lambda: self.btn_save.setEnabled(True))
            return
        write(self._ctx, partial(_save, branding, actor, self.values(), self._version),
              initiator=self, on_done=self._saved, on_failed=self._failed,
              publish=False)  # _saved publishes (also after "keep mine")

    def _saved(self, changes: Changes) -> None:
        self._ctx.bus.publish(changes, self)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.btn_save.setEnabled(True)
        if isinstance(exc, ValidationError):
            rest = self.errors.show(field_messages(exc))
            self.label_error.setText("\n".join(field_messages(exc)[k] for k in rest))
            self.label_error.setVisible(bool(rest))
        elif isinstance(exc, ConflictError):
            self._conflict = exc  # Save again shows what differs, then keeps these values
            self.label_error.setText(describe(exc) + "\n" + self.tr(
                "Save again to see what differs and keep yours, or Cancel and reopen the "
                "letterhead to see theirs."))
            self.label_error.show()
        else:
            self.label_error.setText(describe(exc))
            self.label_error.show()


def _save(service: BrandingService, actor: Actor, values: dict[str, object], version: int) -> Changes:
    return service.save(actor, values, version)


def _as_values(branding: PracticeBranding) -> dict[str, object]:
    """Saved letterhead values in the shape the dialog edits them (address as lines of text)."""
    return {"clinic_name": branding.clinic_name, "address_lines": "\n".join(branding.address_lines),
            "phone": branding.phone, "logo_path": branding.logo_path,
            "accent_colour": branding.accent_colour, "paper_size": branding.paper_size,
            "large_print": branding.large_print, "emergency_number": branding.emergency_number}


def _fresh(service: BrandingService) -> tuple[dict[str, object], int]:
    """The letterhead another workstation saved, and its version (after a conflict)."""
    current = service.values()
    return _as_values(current), current.version
