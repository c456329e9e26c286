"""The main window's File-menu actions about people: switch user, lock, passwords, users.

A mixin of ``MainWindow`` (kept apart so the window module stays about layout and charts).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow

if TYPE_CHECKING:
    from clinic_app.ui.context import UiContext
    from clinic_app.ui.session.controller import SessionController
    from clinic_app.ui.views.chart_view import ChartView


class SessionActions(QMainWindow):
    """Switch user, save drafts before a switch, change password, own auto-lock, manage users."""

    ctx: UiContext
    session: SessionController
    _workstation: str
    _chart: ChartView | None

    def _unhandled(self, exc: BaseException) -> None:
        """A failure of background work nobody else reports: one message in plain words."""
        from PySide6.QtWidgets import QMessageBox

        from clinic_app import APP_NAME
        from clinic_app.ui.errors import describe

        QMessageBox.warning(self, APP_NAME, describe(exc))

    def switch_user(self) -> None:
        """Another person signs in with their password; the current user's drafts are saved first."""
        from clinic_app.ui.session.sign_in_dialog import SignInDialog

        dialog = SignInDialog(self.ctx, self._workstation, "", self, switching=True)
        if not dialog.exec() or dialog.signed is None:
            return
        if self.session.current is None or dialog.signed.actor.user_id != self.ctx.require_actor().user_id:
            self.save_drafts()  # under the user who wrote them
            self.session.end("switch_user")
        self.session.begin(dialog.signed)

    def save_drafts(self) -> None:
        """Save every unsaved editor of the open chart as the signed-in user (before a switch)."""
        if self._chart is None:
            return
        self._chart.notes.save_draft()
        for tab in (self._chart.intake, self._chart.exam, self._chart.measures, self._chart.plan):
            if tab.is_dirty():
                tab.save()

    def change_password(self) -> None:
        """The signed-in user chooses a new password."""
        from clinic_app.ui.session.password_dialog import ChangePasswordDialog

        ChangePasswordDialog(self.ctx, self).exec()

    def choose_idle_lock(self) -> None:
        """The signed-in user locks sooner than the practice requires (never later)."""
        from clinic_app.ui.operations import read

        if self.session.current is None:
            return
        read(self.ctx, self.ctx.services.auth.policy,
             lambda policy: self._ask_idle_lock(policy.idle_lock_minutes), self._unhandled)

    def _ask_idle_lock(self, practice: int) -> None:
        from PySide6.QtWidgets import QInputDialog

        signed = self.session.current
        if signed is None:
            return
        minutes, ok = QInputDialog.getInt(
            self, self.tr("My auto-lock time"),
            self.tr("Lock the window after this many idle minutes (the practice allows at most "
                    "{0}):").format(practice), signed.idle_lock_minutes, 1, practice)
        if not ok:
            return
        from clinic_app.ui.operations import write

        write(self.ctx, partial(self.ctx.services.users.set_idle_lock, signed.actor,
                                signed.actor.user_id, None if minutes == practice else minutes),
              initiator=self, on_done=lambda _: self.session.set_idle_minutes(minutes),
              on_failed=self._unhandled)

    def manage_users(self) -> None:
        """Administrators: add users, set temporary passwords, roles, disable; sign-in rules."""
        from clinic_app.ui.dialogs.users_dialog import UsersDialog

        UsersDialog(self.ctx, self).exec()
