"""File → Users (administrators): add users, temporary passwords, roles, disable; sign-in rules."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.access import ROLE_NAMES, SignInPolicy
from clinic_app.domain.errors import ValidationError
from clinic_app.domain.patients import Role
from clinic_app.services.dto import UserRow
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import describe, field_messages
from clinic_app.ui.models.user_list_model import UserListModel
from clinic_app.ui.operations import read, write
from clinic_app.ui.widgets.forms import FieldErrors


class NewUserDialog(QDialog):
    """Name, user name, role and a temporary password the new user changes at first sign-in."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add user"))
        self.edit_name, self.edit_username, self.edit_password = QLineEdit(), QLineEdit(), QLineEdit()
        self.edit_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.combo_role = role_combo()
        form = QFormLayout()
        self.errors = FieldErrors(form)
        self.errors.add_row("display_name", self.tr("Name:"), self.edit_name)
        self.errors.add_row("username", self.tr("User name:"), self.edit_username)
        self.errors.add_row("role", self.tr("Role:"), self.combo_role)
        self.errors.add_row("password", self.tr("Temporary password:"), self.edit_password)
        hint = QLabel(self.tr("Tell the new user this password in person; they choose their own "
                              "at first sign-in. Leave it empty to let them choose one straight "
                              "away."))
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)


def role_combo() -> QComboBox:
    """The four roles, by their names."""
    combo = QComboBox()
    for role in (Role.CLINICIAN, Role.FRONT_DESK, Role.READ_ONLY, Role.ADMIN):
        combo.addItem(QCoreApplication.translate("Roles", ROLE_NAMES[role]), role)
    return combo


class UsersDialog(QDialog):
    """Who can sign in at this practice, and the practice's sign-in rules."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle(self.tr("Users"))
        self.model = UserListModel(ctx.clock.now(), self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Users"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.btn_add = QPushButton(self.tr("Add user…"))
        self.btn_password = QPushButton(self.tr("Set temporary password…"))
        self.btn_role = QPushButton(self.tr("Change role…"))
        self.btn_active = QPushButton(self.tr("Disable"))
        row = QHBoxLayout()
        for button in (self.btn_add, self.btn_password, self.btn_role, self.btn_active):
            row.addWidget(button)
        row.addStretch(1)
        self.label_status = QLabel()
        self.label_status.setWordWrap(True)
        self.label_status.setAccessibleName(self.tr("Users status"))

        rules = QGroupBox(self.tr("Sign-in rules for the whole practice"))
        self.spin_attempts, self.spin_lockout, self.spin_idle, self.spin_length = (
            QSpinBox(), QSpinBox(), QSpinBox(), QSpinBox())
        rules_form = QFormLayout(rules)
        self.rule_errors = FieldErrors(rules_form)
        for field, label, spin, low, high, suffix in (
                ("max_failed_attempts", self.tr("Wrong passwords before lock-out:"),
                 self.spin_attempts, 3, 20, ""),
                ("lockout_minutes", self.tr("Lock-out lasts:"), self.spin_lockout, 1, 1440,
                 self.tr(" min")),
                ("idle_lock_minutes", self.tr("Lock the screen after idle:"), self.spin_idle, 1, 60,
                 self.tr(" min")),
                ("min_password_length", self.tr("Shortest password:"), self.spin_length, 8, 64,
                 self.tr(" characters"))):
            spin.setRange(low, high)
            spin.setSuffix(suffix)
            self.rule_errors.add_row(field, label, spin)
        self.btn_rules = QPushButton(self.tr("Save sign-in rules"))
        rules_form.addRow(self.btn_rules)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.label_status)
        layout.addWidget(rules)
        layout.addWidget(close)
        self.btn_add.clicked.connect(self.add_user)
        self.btn_password.clicked.connect(self.set_password)
        self.btn_role.clicked.connect(self.change_role)
        self.btn_active.clicked.connect(self.toggle_active)
        self.btn_rules.clicked.connect(self.save_rules)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.resize(720, 560)
        self.refresh()
        read(ctx, ctx.services.auth.policy, self._show_policy, self._failed)

    # -- reading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the users (in the background)."""
        self._ctx.reads.submit(partial(self._ctx.services.users.list_users, active_only=False),
                               self._show_users, self._failed)

    def _show_users(self, rows: list[UserRow]) -> None:
        selected = self.selected()
        self.model.set_rows(rows, self._ctx.clock.now())
        if selected is not None and (row := self.model.row_of(selected.id)) >= 0:
            self.table.selectRow(row)
        self._selection_changed()

    def selected(self) -> UserRow | None:
        """The user whose row is selected."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.row_at(rows[0].row()) if rows else None

    def select_username(self, username: str) -> None:
        """Select a user's row (keyboard users and tests)."""
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).username == username:
                self.table.selectRow(row)

    def _selection_changed(self) -> None:
        user = self.selected()
        for button in (self.btn_password, self.btn_role, self.btn_active):
            button.setEnabled(user is not None)
        self.btn_active.setText(self.tr("Enable") if user is not None and not user.active
                                else self.tr("Disable"))

    def _show_policy(self, policy: SignInPolicy) -> None:
        self.spin_attempts.setValue(policy.max_failed_attempts)
        self.spin_lockout.setValue(policy.lockout_minutes)
        self.spin_idle.setValue(policy.idle_lock_minutes)
        self.spin_length.setValue(policy.min_password_length)

    # -- changes ---------------------------------------------------------------------------
    def add_user(self) -> None:
        """Ask for the new user's details and add them."""
        dialog = NewUserDialog(self)

        def refused(exc: BaseException) -> None:
            dialog.setEnabled(True)
            if isinstance(exc, ValidationError):
                dialog.errors.show(field_messages(exc))
            else:
                QMessageBox.warning(dialog, dialog.windowTitle(), describe(exc))

        def save() -> None:
            dialog.setEnabled(False)  # one add at a time
            write(self._ctx, partial(
                self._ctx.services.users.create_user, self._ctx.require_actor(),
                dialog.edit_username.text(), dialog.edit_name.text(),
                dialog.combo_role.currentData(), temporary_password=dialog.edit_password.text()),
                initiator=self, on_done=lambda _changes: dialog.accept(), on_failed=refused)

        dialog.buttons.accepted.connect(save)
        if dialog.exec():
            self.label_status.setText(self.tr("{0} was added.").format(dialog.edit_name.text().strip()))
            self.refresh()

    def set_password(self) -> None:
        """A temporary password for the selected user (also unlocks a locked account)."""
        user = self.selected()
        if user is None:
            return
        password, ok = QInputDialog.getText(
            self, self.tr("Set temporary password"),
            self.tr("Temporary password for {0} (they choose their own at next sign-in):").format(
                user.display_name), QLineEdit.EchoMode.Password)
        if ok and password:
            self._write(partial(self._ctx.services.auth.set_temporary_password,
                                self._ctx.require_actor(), user.id, password),
                        self.tr("{0} has a temporary password and is unlocked.").format(user.display_name))

    def change_role(self) -> None:
        """Give the selected user another role."""
        user = self.selected()
        if user is None:
            return
        roles = (Role.CLINICIAN, Role.FRONT_DESK, Role.READ_ONLY, Role.ADMIN)
        names = [QCoreApplication.translate("Roles", ROLE_NAMES[r]) for r in roles]
        name, ok = QInputDialog.getItem(self, self.tr("Change role"),
                                        self.tr("Role for {0}:").format(user.display_name), names,
                                        roles.index(user.role), False)
        if ok:
            role = roles[names.index(name)]
            self._write(partial(self._ctx.services.users.set_role, self._ctx.require_actor(),
                                user.id, role),
                        self.tr("{0} is now {1}.").format(user.display_name, name))

    def toggle_active(self) -> None:
        """Disable the selected user (after a question) or enable them again."""
        user = self.selected()
        if user is None:
            return
        if user.active and QMessageBox.question(
                self, self.tr("Disable user"),
                self.tr("Disable {0}? They can no longer sign in; everything they recorded stays "
                        "in the charts under their name.").format(user.display_name)
                ) != QMessageBox.StandardButton.Yes:
            return
        self._write(partial(self._ctx.services.users.set_active, self._ctx.require_actor(),
                            user.id, not user.active),
                    (self.tr("{0} is disabled.") if user.active else
                     self.tr("{0} can sign in again.")).format(user.display_name))

    def save_rules(self) -> None:
        """Store the practice's sign-in rules."""
        policy = SignInPolicy(self.spin_attempts.value(), self.spin_lockout.value(),
                              self.spin_idle.value(), self.spin_length.value())
        self._write(partial(self._ctx.services.auth.save_policy, self._ctx.require_actor(), policy),
                    self.tr("Sign-in rules saved. They apply from each user's next sign-in."),
                    errors=self.rule_errors)

    def _write(self, job: Callable[[], Any], done: str, errors: FieldErrors | None = None) -> None:
        def ok(_result: object) -> None:
            self.label_status.setText(done)
            self.refresh()

        def failed(exc: BaseException) -> None:
            if (errors is not None and isinstance(exc, ValidationError)
                    and not errors.show(field_messages(exc))):
                return
            self._failed(exc)

        write(self._ctx, job, initiator=self, on_done=ok, on_failed=failed)

    def _failed(self, exc: BaseException) -> None:
        self.label_status.setText(describe(exc) if not isinstance(exc, ValidationError)
                                  else " ".join(field_messages(exc).values()))
