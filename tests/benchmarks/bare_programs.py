"""The fastest programs of the same stack, for start-up comparisons (run as scripts).

``python bare_programs.py window``: a bare PySide6 main window.
``python bare_programs.py list URL``: a main window whose QTableView shows the first page of
patients read through a plain SQLAlchemy session: what the app's start-up is held against.
Each prints ``shown <rows> <peak MB>`` once the window has painted, then quits.
"""

from __future__ import annotations

import resource
import sys
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

PAGE = 200
COLUMNS = ("chart_number", "name", "birth_date", "phone")


def _report(rows: int) -> None:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"shown {rows} {peak:.1f}", flush=True)
    QTimer.singleShot(0, QApplication.quit)


class _Model(QAbstractTableModel):
    def __init__(self, rows: list[tuple[object, ...]]) -> None:
        super().__init__()
        self.rows = rows

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        value = self.rows[index.row()][index.column()]
        return value.isoformat() if isinstance(value, date) else str(value)


def _first_page(url: str) -> list[tuple[object, ...]]:
    from sqlalchemy import Boolean, Date, Integer, String, create_engine, select
    from sqlalchemy.orm import DeclarativeBase, Session, mapped_column

    class Base(DeclarativeBase):
        pass

    class Patient(Base):
        __tablename__ = "patient"
        id = mapped_column(Integer, primary_key=True)
        chart_number = mapped_column(Integer)
        given_name = mapped_column(String)
        family_name = mapped_column(String)
        birth_date = mapped_column(Date)
        phone = mapped_column(String)
        sort_key = mapped_column(String)
        archived = mapped_column(Boolean)

    engine = create_engine(url)
    with Session(engine) as session:
        patients = session.scalars(select(Patient).where(Patient.archived.is_(False))
                                   .order_by(Patient.sort_key, Patient.id).limit(PAGE))
        return [(p.chart_number, f"{p.family_name}, {p.given_name}", p.birth_date, p.phone)
                for p in patients]


def main() -> None:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1320, 820)
    rows: list[tuple[object, ...]] = []
    if sys.argv[1] == "list":
        rows = _first_page(sys.argv[2])
        table = QTableView()
        table.setModel(_Model(rows))
        window.setCentralWidget(table)
    window.show()
    QTimer.singleShot(0, lambda: _report(len(rows)))
    app.exec()


if __name__ == "__main__":
    main()
