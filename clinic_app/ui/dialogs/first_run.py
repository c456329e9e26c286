"""First start on an empty database: create the first clinician, then demo patients or empty."""

from __future__ import annotations

import socket

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
from clinic_app.services.dto import UserRow
from clinic_app.services.users import UserService
from clinic_app.ui.widgets.forms import FieldErrors


class FirstRunDialog(QDialog):
    """Welcome screen: who is the first clinician, and should demo patients be loaded?"""

    def __init__(self, users: UserService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._users = users
        self.user: UserRow | None = None
        self.load_demo = False
        self.setWindowTitle(self.tr("Welcome to Stride Clinic"))
        intro = QLabel(self.tr(
            "This database is empty. Create the first clinician account, then choose whether "
            "to start with demonstration patients (to explore the app) or with an empty "
            "patient list (for real work)."))
        intro.setWordWrap(True)
        self.edit_name = QLineEdit()
        self.edit_name.setPlaceholderText(self.tr("e.g. Dr Amira Ahmed"))
        self.edit_username = QLineEdit()
        self.edit_username.setPlaceholderText(self.tr("e.g. aahmed"))
        form = QFormLayout()
        self.errors = FieldErrors(form)
        self.errors.add_row("display_name", self.tr("Your name:"), self.edit_name)
        self.errors.add_row("username", self.tr("User name:"), self.edit_username)
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
        self.resize(520, 240)

    def _suggest_username(self, name: str) -> None:
        if self.edit_username.isModified():
            return
        words = [w for w in name.lower().replace("dr ", "").split() if w.isalnum()]
        self.edit_username.setText((words[0][:1] + words[-1]) if len(words) > 1
                                   else "".join(words))

    def _finish(self, demo: bool) -> None:
        """Create the clinician (a quick single-row write on an empty database) and close."""
        try:
            self.user = self._users.create_first_clinician(
                self.edit_username.text(), self.edit_name.text(), socket.gethostname())
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        self.load_demo = demo
        self.accept()
