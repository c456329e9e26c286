"""The practice's users for the Users dialog: name, user name, role and whether they can sign in."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from typing_extensions import override

from clinic_app.domain.access import ROLE_NAMES
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP
from clinic_app.services.dto import UserRow
from clinic_app.ui.models.row_table import RowTableModel

_Index = QModelIndex | QPersistentModelIndex


class UserListModel(RowTableModel):
    """One row per user, disabled ones too."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("TableColumns", "Name"),
        QT_TRANSLATE_NOOP("TableColumns", "User name"),
        QT_TRANSLATE_NOOP("TableColumns", "Role"),
        QT_TRANSLATE_NOOP("TableColumns", "Sign-in"),
    )

    def __init__(self, now: datetime, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._now = now

    def set_rows(self, rows: list[UserRow], now: datetime) -> None:
        """Replace the users shown; ``now`` decides whether a lock-out has run out."""
        self.beginResetModel()
        self._rows, self._now = list(rows), now
        self.endResetModel()

    def status(self, user: UserRow) -> str:
        """Whether and how this user can sign in, in words."""
        if not user.active:
            return self.tr("Disabled")
        if user.locked_until is not None and user.locked_until > self._now:
            return self.tr("Locked until {0}").format(user.locked_until.astimezone().strftime("%H:%M"))
        if not user.has_password:
            return self.tr("Chooses a password at first sign-in")
        if user.must_change_password:
            return self.tr("Temporary password")
        return self.tr("Active")

    @override
    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        u: UserRow = self._rows[index.row()]
        role_name = QCoreApplication.translate("Roles", ROLE_NAMES[u.role])
        return (u.display_name, u.username, role_name, self.status(u))[index.column()]
