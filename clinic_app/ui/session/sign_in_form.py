"""The user name and password form shared by the sign-in dialog and the lock screen.

It walks the steps a sign-in can take — password, then (when the account needs it) choosing a
new password — and reports the signed-in user. Hashing runs on the write runner, never on the
GUI thread; every refusal is a sentence that says what to do next.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from clinic_app.domain.errors import (
    AccountLocked,
    AuthenticationFailed,
    PasswordNotSet,
    ValidationError,
)
from clinic_app.services.auth import SignedIn
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import describe, field_messages
from clinic_app.ui.operations import write
from clinic_app.ui.widgets.forms import ERROR_STYLE


class SignInForm(QWidget):
    """User name and password; then a new password when the account must choose one."""

    signed_in = Signal(object)  # SignedIn

    def __init__(self, ctx: UiContext, workstation: str, button_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._workstation = workstation
        self._step = "password"  # or "first_password" / "change_password"
        self._pending: SignedIn | None = None
        self._current = ""
        self.edit_username = QLineEdit()
        self.edit_password = QLineEdit()
        self.edit_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit_new = QLineEdit()
        self.edit_new.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit_repeat = QLineEdit()
        self.edit_repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.label_message = QLabel()
        self.label_message.setWordWrap(True)
        self.label_message.setStyleSheet(ERROR_STYLE)
        self.label_message.setAccessibleName(self.tr("Sign-in message"))
        self.label_step = QLabel()
        self.label_step.setWordWrap(True)
        self.btn_submit = QPushButton(button_text)
        self.btn_submit.setDefault(True)
        self.btn_submit.setAutoDefault(True)
        form = QFormLayout()
        self._rows: dict[str, tuple[QLabel, QLineEdit]] = {}
        for key, text, edit in (("username", self.tr("User name:"), self.edit_username),
                                ("password", self.tr("Password:"), self.edit_password),
                                ("new", self.tr("New password:"), self.edit_new),
                                ("repeat", self.tr("Repeat new password:"), self.edit_repeat)):
            label = QLabel(text)
            label.setBuddy(edit)
            edit.setAccessibleName(text.rstrip(":"))
            edit.setMinimumHeight(edit.sizeHint().height())  # never squeezed by a wrapping label
            form.addRow(label, edit)
            self._rows[key] = (label, edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label_step)
        layout.addLayout(form)
        layout.addWidget(self.label_message)
        layout.addWidget(self.btn_submit, 0, Qt.AlignmentFlag.AlignRight)
        self.btn_submit.clicked.connect(self.submit)
        for edit in (self.edit_username, self.edit_password, self.edit_new, self.edit_repeat):
            edit.returnPressed.connect(self.submit)
        self._show_step("password")

    def start(self, username: str = "") -> None:
        """Begin again at the password step, with ``username`` filled in."""
        self._pending, self._current = None, ""
        self.edit_username.setText(username)
        for edit in (self.edit_password, self.edit_new, self.edit_repeat):
            edit.clear()
        self.label_message.clear()
        self._show_step("password")
        (self.edit_password if username else self.edit_username).setFocus()

    def message(self) -> str:
        """The refusal or instruction shown now."""
        return self.label_message.text()

    def submit(self) -> None:
        """Try the step shown: the password, or the new password."""
        if not self.btn_submit.isEnabled():
            return
        if self._step == "password":
            username, password = self.edit_username.text().strip(), self.edit_password.text()
            if not username or not password:
                self.label_message.setText(self.tr("Type your user name and your password."))
                return
            self._current = password
            self._run(partial(self._ctx.services.auth.sign_in, username, password,
                              self._workstation))
            return
        new, repeat = self.edit_new.text(), self.edit_repeat.text()
        if new != repeat:
            self.label_message.setText(self.tr("The two new passwords are not the same."))
            self.edit_repeat.selectAll()
            self.edit_repeat.setFocus()
            return
        if self._step == "first_password":
            self._run(partial(self._ctx.services.auth.set_first_password,
                              self.edit_username.text().strip(), new, self._workstation))
        elif self._pending is not None:
            pending = self._pending
            self._run(partial(self._change_then_return, pending, self._current, new))

    def _change_then_return(self, pending: SignedIn, current: str, new: str) -> SignedIn:
        self._ctx.services.auth.change_password(pending.actor, current, new)
        return SignedIn(pending.actor, pending.username, False, pending.idle_lock_minutes)

    def _run(self, job: partial[SignedIn]) -> None:
        self.btn_submit.setEnabled(False)
        self.label_message.setText(self.tr("Checking…"))
        write(self._ctx, job, initiator=self, on_done=self._done, on_failed=self._failed)

    def _done(self, signed: SignedIn) -> None:
        self.btn_submit.setEnabled(True)
        self.label_message.clear()
        if signed.must_change_password:
            self._pending = signed
            self._show_step("change_password")
            return
        self._current = ""
        for edit in (self.edit_password, self.edit_new, self.edit_repeat):
            edit.clear()
        self._show_step("password")
        self.signed_in.emit(signed)

    def _failed(self, exc: BaseException) -> None:
        self.btn_submit.setEnabled(True)
        if isinstance(exc, PasswordNotSet):
            self.label_message.clear()
            self._show_step("first_password")
            return
        if isinstance(exc, AuthenticationFailed):
            text = self.tr("The user name or password is not right.")
            if exc.attempts_left is not None and exc.attempts_left <= 3:
                text += " " + self.tr("{0} more wrong attempt(s) will lock this account for a "
                                      "few minutes.").format(exc.attempts_left)
            self.label_message.setText(text)
            self.edit_password.clear()
            self.edit_password.setFocus()
            return
        if isinstance(exc, AccountLocked):
            when = exc.until.astimezone().strftime("%H:%M")
            self.label_message.setText(self.tr(
                "This account is locked after too many wrong passwords. Try again after {0}, or "
                "ask an administrator to set a temporary password.").format(when))
            self.edit_password.clear()
            return
        if isinstance(exc, ValidationError):
            self.label_message.setText(" ".join(field_messages(exc).values()))
            return
        self.label_message.setText(describe(exc))

    def _show_step(self, step: str) -> None:
        self._step = step
        choosing = step != "password"
        for key in ("new", "repeat"):
            label, edit = self._rows[key]
            label.setVisible(choosing)
            edit.setVisible(choosing)
        self._rows["password"][0].setVisible(step != "first_password")
        self.edit_password.setVisible(step != "first_password")
        self.edit_username.setReadOnly(choosing)
        self.label_step.setText({
            "password": "",
            "first_password": self.tr("You have no password yet. Choose one now (at least 10 "
                                      "characters; a short phrase is easiest to remember)."),
            "change_password": self.tr("Your administrator gave you a temporary password. "
                                       "Choose your own now."),
        }[step])
        self.label_step.setVisible(choosing)
        if choosing:
            self.edit_new.setFocus()
