"""File → Change my password."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from clinic_app.domain.errors import ValidationError
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import describe, field_messages
from clinic_app.ui.operations import write
from clinic_app.ui.widgets.forms import FieldErrors


class ChangePasswordDialog(QDialog):
    """The signed-in user types their current password and a new one twice."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle(self.tr("Change my password"))
        self.edit_current, self.edit_new, self.edit_repeat = QLineEdit(), QLineEdit(), QLineEdit()
        form = QFormLayout()
        self.errors = FieldErrors(form)
        for field, label, edit in (("current_password", self.tr("Current password:"), self.edit_current),
                                   ("new_password", self.tr("New password:"), self.edit_new),
                                   ("repeat", self.tr("Repeat new password:"), self.edit_repeat)):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            self.errors.add_row(field, label, edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def save(self) -> None:
        """Check the two new passwords agree, then change it in the background."""
        if self.edit_new.text() != self.edit_repeat.text():
            self.errors.show({"repeat": self.tr("The two new passwords are not the same.")})
            return
        self.buttons.setEnabled(False)
        write(self._ctx, partial(self._ctx.services.auth.change_password,
                                 self._ctx.require_actor(), self.edit_current.text(),
                                 self.edit_new.text()),
              initiator=self, on_done=lambda _: self.accept(), on_failed=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationError):
            errors = dict(field_messages(exc))
            if "password" in errors:
                errors["new_password"] = errors.pop("password")
            self.errors.show(errors)
        else:
            self.errors.show({"current_password": describe(exc)})
