"""The practice's users for the Users dialog: name, user name, role and whether they can sign in."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from typing_extensions import override

from clinic_app.domain.access import ROLE_NAMES
from clinic_app.services.dto import UserRow
from clinic_app.ui.models.row_table import RowTableModel

_Index = QModelIndex | QPersistentModelIndex


class UserListModel(RowTableModel):
    """One row per user, disabled ones too."""

    COLUMNS = ("Name", "User name", "Role", "Sign-in")

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
        return (u.display_name, u.username, self.tr(ROLE_NAMES[u.role]), self.status(u))[index.column()]
