"""Keep mine, the same way in every editor: read the newer record, show what differs, re-apply.

An editor whose save met ``ConflictError`` describes its record type once as a ``KeepMine``
(what it loaded, what the user is about to save, how to read the newer record and how to save
over it). ``keep_mine`` then reads the other workstation's version in the background, shows a
compact list — field, their version, what will be saved — and, when the user confirms, saves the
user's changed fields over the newer record with its new version. Fields the user did not touch
keep the other workstation's values (``domain.field_merge``).
"""

from __future__ import annotations

import dataclasses
import enum
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.errors import ConflictError
from clinic_app.domain.field_merge import FieldDifference, merge
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import describe
from clinic_app.ui.operations import write

logger = logging.getLogger(__name__)

R = TypeVar("R")
MAX_SHOWN = 80
"""Characters of a value shown in the list (the editor still holds the whole text)."""


@dataclass(frozen=True)
class KeepMine(Generic[R]):
    """One record type's keep-mine path, described by its editor."""

    entity: str
    """What the record is called ("Visit note")."""
    base: R | None
    """The record as this workstation loaded it (``None``: unknown, every differing field is mine)."""
    mine: R
    """The record as the user is about to save it."""
    fetch: Callable[[], tuple[R, int]]
    """Reads the newer record and its version (runs in the background)."""
    save: Callable[[R, int], Any]
    """Saves a record over a version (runs on the writer); its result goes to ``on_saved``."""
    labels: Mapping[str, str] = dataclasses.field(default_factory=dict)
    """Visible labels by field path (``nprs.back_now``) or by last part (``back_now``)."""


def field_label(path: str, labels: Mapping[str, str]) -> str:
    """The visible label of a field: the editor's own, else its name in plain words."""
    if path in labels:
        return labels[path]
    parts = path.split(".")
    if parts[-1] in labels:
        return labels[parts[-1]]
    return " › ".join(part.replace("_", " ").capitalize() for part in parts)


def shown_value(value: object) -> str:
    """A value as it reads in the list (empty, yes/no, dates, lists, long text shortened)."""
    if value is None or value == "" or value == ():
        text = QCoreApplication.translate("Conflicts", "(empty)")
    elif isinstance(value, bool):
        text = (QCoreApplication.translate("Conflicts", "Yes") if value
                else QCoreApplication.translate("Conflicts", "No"))
    elif isinstance(value, enum.Enum):
        text = str(value.value).replace("_", " ")
    elif isinstance(value, datetime | date):
        text = value.isoformat()
    elif isinstance(value, Sequence) and not isinstance(value, str):
        items = list(value)
        if any(dataclasses.is_dataclass(item) for item in items):
            text = QCoreApplication.translate("Conflicts", "{0} entries").format(len(items))
        else:
            text = "; ".join(shown_value(item) for item in items)
    elif dataclasses.is_dataclass(value):
        text = QCoreApplication.translate("Conflicts", "(changed)")
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN - 1] + "…"


class DifferencesDialog(QDialog):
    """Field, their version, what will be saved: the user confirms before keeping theirs out."""

    def __init__(self, conflict: ConflictError, rows: list[FieldDifference],
                 labels: Mapping[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keep your changes?"))
        self.label_intro = QLabel(describe(conflict) + "\n" + self.tr(
            "Saving keeps what you changed; fields you did not touch keep their version."))
        self.label_intro.setWordWrap(True)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Field"), self.tr("Their version"), self.tr("What will be saved")])
        self.table.setAccessibleName(self.tr("What differs"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for row, difference in enumerate(rows):
            saved = shown_value(difference.saved)
            if difference.clash:
                saved = self.tr("{0} (yours replaces theirs)").format(saved)
            elif not difference.changed_by_me:
                saved = self.tr("{0} (theirs, kept)").format(saved)
            for column, text in enumerate((field_label(difference.field, labels),
                                           shown_value(difference.theirs), saved)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.btn_keep = buttons.addButton(self.tr("Save mine"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.btn_keep.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label_intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(640, min(420, 160 + 28 * len(rows)))

    def rows_shown(self) -> list[tuple[str, str, str]]:
        """Each row's three cells as shown (what a screen reader or a test reads)."""
        rows: list[tuple[str, str, str]] = []
        for r in range(self.table.rowCount()):
            cells = [self.table.item(r, c) for c in range(3)]
            field, theirs, saved = (cell.text() if cell is not None else "" for cell in cells)
            rows.append((field, theirs, saved))
        return rows


def keep_mine(parent: QWidget, ctx: UiContext, conflict: ConflictError, case: KeepMine[R], *,
              on_saved: Callable[[Any], None], on_failed: Callable[[BaseException], None],
              on_cancelled: Callable[[], None] | None = None) -> None:
    """Read the newer record, show what differs, and save the user's changes over it."""

    def compare(fresh: tuple[R, int]) -> None:
        record, version = fresh
        merged, rows = merge(case.base, record, case.mine)
        if rows:
            dialog = DifferencesDialog(conflict, rows, case.labels, parent)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                if on_cancelled is not None:
                    on_cancelled()
                return
        write(ctx, partial(case.save, merged, version), initiator=parent, on_done=on_saved,
              on_failed=on_failed, publish=False)  # the editor publishes when it applies it

    ctx.reads.submit(case.fetch, compare, on_failed)
