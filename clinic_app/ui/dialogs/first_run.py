"""First start on an empty database: create the first administrator, then demo patients or empty."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.errors import ValidationError
from clinic_app.services.auth import SignedIn
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import field_messages
from clinic_app.ui.widgets.forms import FieldErrors


class FirstRunDialog(QDialog):
    """Welcome screen: the practice's first administrator, and demo patients or an empty list?"""

    def __init__(self, ctx: UiContext, workstation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._workstation = workstation
        self.signed: SignedIn | None = None
        self.load_demo = False
        self.setWindowTitle(self.tr("Welcome to Stride Clinic"))
        intro = QLabel(self.tr(
            "This database is empty. Create the first account: it is the practice's "
            "administrator, who adds everyone else under File → Users. Then choose whether to "
            "start with demonstration patients (to explore the app) or with an empty patient "
            "list (for real work)."))
        intro.setWordWrap(True)
        self.edit_name = QLineEdit()
        self.edit_name.setPlaceholderText(self.tr("e.g. Dr Amira Ahmed"))
        self.edit_username = QLineEdit()
        self.edit_username.setPlaceholderText(self.tr("e.g. aahmed"))
        self.edit_password = QLineEdit()
        self.edit_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit_repeat = QLineEdit()
        self.edit_repeat.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        self.errors = FieldErrors(form)
        self.errors.add_row("display_name", self.tr("Your name:"), self.edit_name)
        self.errors.add_row("username", self.tr("User name:"), self.edit_username)
        self.errors.add_row("password", self.tr("Password:"), self.edit_password)
        self.errors.add_row("repeat", self.tr("Repeat password:"), self.edit_repeat)
        self.btn_demo = QPushButton(self.tr("Load demo patients"))
        self.btn_empty = QPushButton(self.tr("Start empty"))
        self.btn_empty.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.btn_demo)
        buttons.addWidget(self.btn_empty)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.btn_demo.clicked.connect(lambda: self._finish(True))
        self.btn_empty.clicked.connect(lambda: self._finish(False))
        self.edit_name.textChanged.connect(self._suggest_username)
        self.resize(540, 320)

    def _suggest_username(self, name: str) -> None:
        if self.edit_username.isModified():
            return
        words = [w for w in name.lower().replace("dr ", "").split() if w.isalnum()]
        self.edit_username.setText((words[0][:1] + words[-1]) if len(words) > 1
                                   else "".join(words))

    def _finish(self, demo: bool) -> None:
        """Create the administrator (one row on an empty database), sign them in and close."""
        if self.edit_password.text() != self.edit_repeat.text():
            self.errors.show({"repeat": self.tr("The two passwords are not the same.")})
            return
        errors: dict[str, str] = {}
        if not self.edit_name.text().strip():
            errors["display_name"] = self.tr("Required.")
        if not self.edit_password.text():
            errors["password"] = self.tr("Required.")
        if errors:
            self.errors.show(errors)
            return
        try:
            self.signed = self._ctx.services.auth.create_first_admin(
                self.edit_username.text(), self.edit_name.text(), self.edit_password.text(),
                self._workstation)
        except ValidationError as exc:
            self.errors.show(field_messages(exc))
            return
        self.edit_password.clear()
        self.edit_repeat.clear()
        self.load_demo = demo
        self.accept()
