"""The dialog that opens the app (and Switch user): nobody works unsigned."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from clinic_app import APP_NAME
from clinic_app.services.auth import SignedIn
from clinic_app.ui.context import UiContext
from clinic_app.ui.session.sign_in_form import SignInForm


class SignInDialog(QDialog):
    """Sign in with user name and password; ``signed`` holds who did."""

    def __init__(self, ctx: UiContext, workstation: str, username: str = "",
                 parent: QWidget | None = None, *, switching: bool = False) -> None:
        super().__init__(parent)
        self.signed: SignedIn | None = None
        self.setWindowTitle(self.tr("Switch user") if switching else
                            self.tr("Sign in to {0}").format(APP_NAME))
        intro = QLabel(self.tr("Sign in as the person using this workstation. Everything you "
                               "do is recorded under your name."))
        intro.setWordWrap(True)
        self.form = SignInForm(ctx, workstation, self.tr("Sign in"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.form.signed_in.connect(self._accept)
        self.form.start(username)
        self.resize(420, 240)

    def _accept(self, signed: SignedIn) -> None:
        self.signed = signed
        self.accept()
