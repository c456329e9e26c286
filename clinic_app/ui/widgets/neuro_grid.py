"""The exam's neuro screen grid (roots L2-S1, left and right), filled by typing short codes.

Cell keys (stored by the exam form; the patient's side, ``Root`` and ``Reflex`` values):
``sensation.<side>.<root>`` e.g. ``sensation.left.L5``; ``power.<side>.<root>`` e.g. ``power.right.S1``;
``reflex.<side>.<reflex>`` e.g. ``reflex.left.patellar``, ``reflex.right.achilles``,
``reflex.left.medial_hamstring``. ``CELL_KEYS`` lists all 26 in Tab order.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from PySide6.QtCore import (
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.exam.neuro_model import (
    MrcGrade,
    NeuroScreen,
    Reflex,
    ReflexGrade,
    Root,
    Sensation,
    SideNeuro,
)
from clinic_app.domain.exam.rules import Side
from clinic_app.ui.widgets.neuro_cells import (
    CELL_KEYS,
    NORMAL_VALUES,
    REFLEXES,
    SPECS,
    CellSpec,
    Value,
    cell_key,
    parse_cell,
    screen_value,
)
from clinic_app.ui.widgets.neuro_grid_table import CellEditor, CodeDelegate, EntryTable

logger = logging.getLogger(__name__)

ROW_HEIGHT = 24
VHEADER_WIDTH = 30
ABNORMAL_BRUSH, ABNORMAL_TEXT = QBrush(QColor("#ffe3a1")), QBrush(QColor("#6b3d00"))
COPIED_BRUSH, COPIED_TEXT = QBrush(QColor("#dcebfc")), QBrush(QColor("#1c4f8f"))
FIXED_BRUSH, FIXED_TEXT = QBrush(QColor("#f3f4f6")), QBrush(QColor("#3c4048"))
INVALID_BRUSH = QBrush(QColor("#f7c3bd"))
_OTHER = {Side.LEFT: Side.RIGHT, Side.RIGHT: Side.LEFT}


_BY_KEY = {spec.key: spec for spec in SPECS}


class NeuroGridWidget(QWidget):
    """Sensation, power and reflexes per root and side, typed as codes without the mouse.

    Codes: sensation n/r/a/h (or the words), power 0-5 with + or - on 1-4, reflexes 0-4 or 0-4+;
    Tab/Enter commits and moves on, Shift+Tab goes back, Delete clears; empty means not tested.
    ``copied_confirmed(key)`` fires when the user edits a copied-forward cell.
    """

    changed = Signal()
    copied_confirmed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.read_only = False
        self._values: dict[str, Value] = {}
        self._invalid: dict[str, str] = {}
        self._copied: set[str] = set()
        self._shown: dict[str, tuple[object, ...]] = {}
        self.table = EntryTable(self, 0, len(Root), 6)
        self.table.setAccessibleName(self.tr("Neuro screen"))
        self.table_reflexes = EntryTable(self, 1, len(REFLEXES), 4)
        self.table_reflexes.setAccessibleName(self.tr("Reflexes"))
        self.label_message = QLabel()
        self.label_message.setAccessibleName(self.tr("Neuro screen message"))
        self.label_message.setWordWrap(True)
        self.btn_normal = QPushButton(self.tr("All normal"))
        self.btn_normal.setToolTip(self.tr("Fill every empty cell with a normal finding (sensation normal, "
                                           "power 5, reflexes 2+); the optional hamstring stays empty"))
        self.btn_clear = QPushButton(self.tr("Clear"))
        self.btn_clear.setToolTip(self.tr("Empty every cell (not tested)"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.label_message, 1)
        buttons.addWidget(self.btn_normal)
        buttons.addWidget(self.btn_clear)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.table)
        layout.addWidget(self.table_reflexes)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self._setup_tables()
        self.btn_normal.clicked.connect(self.fill_normal)
        self.btn_clear.clicked.connect(self.clear)
        self._refresh()

    def cell_name(self, spec: CellSpec) -> str:
        """Name of a cell with its root and side, e.g. 'Power L5 left' or 'Achilles reflex right'."""
        side = self.tr("left") if spec.side == Side.LEFT else self.tr("right")
        if spec.kind == "reflex":
            name = {Reflex.PATELLAR: self.tr("Patellar"), Reflex.ACHILLES: self.tr("Achilles"),
                    Reflex.MEDIAL_HAMSTRING: self.tr("Medial hamstring")}[Reflex(spec.item)]
            return self.tr("{0} reflex {1}").format(name, side)
        kind = self.tr("Sensation") if spec.kind == "sensation" else self.tr("Power")
        return f"{kind} {spec.item.value} {side}"

    def allowed_text(self, kind: str) -> str:
        """The codes a cell of this kind accepts."""
        return {"sensation": self.tr("n normal, r reduced, a absent, h hypersensitive"),
                "power": self.tr("MRC 0-5, with + or - on 1-4 (e.g. 4-)"),
                "reflex": self.tr("0, 1+, 2+, 3+, 4+ (1-4 mean 1+ to 4+)")}[kind]

    def _setup_tables(self) -> None:
        """Headers, fixed texts (CLINICAL 3.4), widths and heights; both tables show without scrolling."""
        left, right = self.tr("Patient's left side"), self.tr("Patient's right side")
        main = [(self.tr("Dermatome (test site)"), ""), (self.tr("Sensation L"), left),
                (self.tr("Sensation R"), right), (self.tr("Key myotome"), ""),
                (self.tr("Power L"), left), (self.tr("Power R"), right)]
        reflex = [(self.tr("Reflex"), ""), (self.tr("Reflex L"), left), (self.tr("Reflex R"), right),
                  (self.tr("Roots"), "")]
        roots = [  # dermatome, key myotome shown, key myotome in full
            (self.tr("Anterior/medial upper thigh"), self.tr("Hip flexion (iliopsoas)"), ""),
            (self.tr("Medial knee / lower medial thigh"), self.tr("Knee extension (quads)"),
             self.tr("Knee extension (quadriceps)")),
            (self.tr("Medial leg to medial malleolus"), self.tr("Ankle dorsiflexion (TA)"),
             self.tr("Ankle dorsiflexion (tibialis anterior)")),
            (self.tr("Lateral leg, dorsum of foot, great toe"), self.tr("Great toe extension (EHL)"), ""),
            (self.tr("Lateral foot and sole"), self.tr("Plantarflexion / eversion"),
             self.tr("Ankle plantarflexion / eversion; knee flexion"))]
        reflexes = [(self.tr("Patellar"), self.tr("L3–L4 (some texts L2–L4)")), (self.tr("Achilles"), "S1"),
                    (self.tr("Medial hamstring"), self.tr("L5 (optional)"))]
        for index, (table, headers) in enumerate(((self.table, main), (self.table_reflexes, reflex))):
            for col, (text, tip) in enumerate(headers):
                header = QTableWidgetItem(text)
                header.setToolTip(tip)
                table.setHorizontalHeaderItem(col, header)
            table.setItemDelegate(CodeDelegate(self, index))
            table.setWordWrap(False)
            table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
            table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            table.horizontalHeader().setHighlightSections(False)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
            table.verticalHeader().setFixedWidth(VHEADER_WIDTH)
        for row, (root, (dermatome, myotome, full)) in enumerate(zip(Root, roots, strict=True)):
            self.table.setVerticalHeaderItem(row, QTableWidgetItem(root.value))
            self._fixed(self.table, row, 0, dermatome, dermatome)
            self._fixed(self.table, row, 3, myotome, full or myotome)
        for row, (name, tested) in enumerate(reflexes):
            self._fixed(self.table_reflexes, row, 0, name, name)
            self._fixed(self.table_reflexes, row, 3, tested, tested)
        self.table_reflexes.verticalHeader().hide()
        metrics = self.fontMetrics()
        value_width = max(metrics.horizontalAdvance(t) for t in ("hypersensitive", main[1][0])) + 12
        power_width = metrics.horizontalAdvance(main[4][0]) + 14
        widths = [max(metrics.horizontalAdvance(t) for t in texts) + 14
                  for texts in ([main[0][0], *(r[0] for r in roots)], [main[3][0], *(r[1] for r in roots)])]
        widths[1:1] = [value_width, value_width]
        self._natural = [*widths, power_width, power_width]
        # a text column never gets narrower than its heading (the table scrolls instead)
        self._least = [metrics.horizontalAdvance(main[c][0]) + 14 for c in range(len(main))]
        for table in (self.table, self.table_reflexes):
            table.setFixedHeight(table.horizontalHeader().sizeHint().height() + ROW_HEIGHT * table.rowCount()
                                 + 2 * table.frameWidth())
        self.fit_columns()

    def natural_width(self) -> int:
        """Table width that shows every text in full."""
        return VHEADER_WIDTH + sum(self._natural) + 2 * self.table.frameWidth()

    def fit_columns(self) -> None:
        """Give width beyond (or take width short of) the natural size to the two text columns."""
        extra = self.table.viewport().width() - sum(self._natural) if self.table.isVisible() else 0
        flex = self._natural[0] + self._natural[3]
        widths = list(self._natural)
        for col in (0, 3):
            widths[col] = max(self._least[col], self._natural[col] + extra * self._natural[col] // flex)
        for col, width in enumerate(widths):
            self.table.setColumnWidth(col, width)
        for col, width in enumerate([VHEADER_WIDTH + widths[0], widths[1], widths[2], sum(widths[3:])]):
            self.table_reflexes.setColumnWidth(col, width)

    @staticmethod
    def _fixed(table: QTableWidget, row: int, col: int, text: str, tip: str) -> None:
        """A read-only text cell."""
        item = QTableWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setBackground(FIXED_BRUSH)
        item.setForeground(FIXED_TEXT)
        item.setToolTip(tip)
        table.setItem(row, col, item)

    def _table(self, spec: CellSpec) -> EntryTable:
        return self.table if spec.table == 0 else self.table_reflexes

    # -- editing ---------------------------------------------------------------------------

    def commit_text(self, key: str, text: str, edited: bool = True) -> None:
        """Take typed text for a cell; invalid text is kept and shown red but never used."""
        before = (self._values.get(key), self._invalid.get(key))
        try:
            value = parse_cell(_BY_KEY[key].kind, text)
        except ValueError:
            self._values.pop(key, None)
            self._invalid[key] = text.strip()
        else:
            self._invalid.pop(key, None)
            if value is None:
                self._values.pop(key, None)
            else:
                self._values[key] = value
        confirmed = edited and key in self._copied
        if confirmed:
            self._copied.discard(key)
        self._refresh([key])
        if confirmed:
            self.copied_confirmed.emit(key)
        if confirmed or (self._values.get(key), self._invalid.get(key)) != before:
            self.changed.emit()

    def edit_cell(self, spec: CellSpec) -> None:
        """Put the cursor on a cell and open its editor (unless read-only)."""
        table = self._table(spec)
        (self.table_reflexes if table is self.table else self.table).clearSelection()
        table.setFocus(Qt.FocusReason.TabFocusReason)
        table.setCurrentCell(spec.row, spec.col)
        if not self.read_only:
            table.edit(table.model().index(spec.row, spec.col))

    def move_from(self, spec: CellSpec, step: int) -> None:
        """Go to the next (step 1) or previous (-1) editable cell, or leave the grid at its ends."""
        position = SPECS.index(spec) + step
        if 0 <= position < len(SPECS):
            self.edit_cell(SPECS[position])
        else:
            self._table(spec).leave(step > 0)

    def current_key(self) -> str | None:
        """Key of the cell under the cursor in the table that holds the focus (else the main table)."""
        focus, other = self.focusWidget(), self.table_reflexes
        spec = (other if focus is not None and (focus is other or other.isAncestorOf(focus))
                else self.table).current_spec()
        return spec.key if spec else None

    def fill_normal(self) -> None:
        """Fill every empty cell with a normal finding; the optional medial hamstring stays empty."""
        empty = [spec for spec in SPECS if spec.key not in self._values and spec.key not in self._invalid
                 and spec.item != Reflex.MEDIAL_HAMSTRING]
        for spec in empty:
            self._values[spec.key] = NORMAL_VALUES[spec.kind]
        self._refresh(spec.key for spec in empty)
        if empty:
            self.changed.emit()

    def clear(self) -> None:
        """Empty every cell (not tested)."""
        had = bool(self._values or self._invalid)
        self._values.clear()
        self._invalid.clear()
        self._copied.clear()
        self._refresh()
        if had:
            self.changed.emit()

    # -- API -------------------------------------------------------------------------------

    def screen(self) -> NeuroScreen:  # type: ignore[override]  # hides QWidget.screen() (the display)
        """The screen from valid, entered cells (invalid ones are left out)."""
        sides = []
        for side in (Side.LEFT, Side.RIGHT):
            parts: dict[str, dict[Root | Reflex, Value]] = {"sensation": {}, "power": {}, "reflex": {}}
            for key, value in self._values.items():
                if _BY_KEY[key].side == side:
                    parts[_BY_KEY[key].kind][_BY_KEY[key].item] = value
            sides.append(SideNeuro.from_values(parts["power"], parts["sensation"], parts["reflex"]))
        return NeuroScreen(*sides)

    def set_screen(self, screen: NeuroScreen) -> None:
        """Show a screen; clears invalid and copied marks (does not emit ``changed``)."""
        self._invalid.clear()
        self._copied.clear()
        self._values = {spec.key: value for spec in SPECS
                        if (value := screen_value(screen, spec.kind, spec.side, spec.item)) is not None}
        self._refresh()

    def invalid_cells(self) -> list[str]:
        """Keys of cells holding text that is not a valid value, in Tab order."""
        return [key for key in CELL_KEYS if key in self._invalid]

    def set_read_only(self, read_only: bool) -> None:
        """Lock or unlock every cell and both buttons."""
        self.read_only = read_only
        for table in (self.table, self.table_reflexes):
            editor = table.indexWidget(table.currentIndex())
            if read_only and isinstance(editor, CellEditor):
                table.itemDelegate().commitData.emit(editor)
                table.itemDelegate().closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
            table.setTabKeyNavigation(not read_only)
        self.btn_normal.setEnabled(not read_only)
        self.btn_clear.setEnabled(not read_only)
        self._refresh()

    def set_copied(self, cells: set[str] | bool) -> None:
        """Mark entered cells as copied forward: True marks all, False none, or a set of keys."""
        if isinstance(cells, bool):
            self._copied = set(self._values) if cells else set()
        else:
            self._copied = set(cells) & set(self._values)
        self._refresh()

    def copied_cells(self) -> set[str]:
        """Keys still marked as copied (not yet edited)."""
        return set(self._copied)

    # -- display ---------------------------------------------------------------------------

    def _abnormal(self, spec: CellSpec) -> bool:
        """Deficits stand out: sensory change, MRC <= 4, reflex asymmetry or clonus."""
        value = self._values.get(spec.key)
        if isinstance(value, ReflexGrade):
            other = self._values.get(cell_key("reflex", _OTHER[spec.side], spec.item))
            return value == ReflexGrade.CLONUS or (other is not None and other != value)
        return value is not None and (value.grade <= 4 if isinstance(value, MrcGrade)
                                      else value != Sensation.NORMAL)

    def _refresh(self, keys: Iterable[str] = CELL_KEYS) -> None:
        """Redraw the given cells (a reflex's partner too, for asymmetry) and the message line."""
        keys = set(keys)
        keys |= {cell_key("reflex", _OTHER[_BY_KEY[k].side], _BY_KEY[k].item)
                 for k in keys if _BY_KEY[k].kind == "reflex"}
        for key in keys:
            self._refresh_cell(_BY_KEY[key])
        if self._invalid:
            message = "\n".join(self.tr("{0}: “{1}” is not accepted. Allowed: {2}.").format(
                self.cell_name(_BY_KEY[key]), self._invalid[key], self.allowed_text(_BY_KEY[key].kind))
                for key in self.invalid_cells())
        else:
            message = self.tr("Type n/r/a/h, power 0-5 (4-), reflex 0-4+; Tab or Enter moves on; "
                              "empty = not tested")
        if message != self.label_message.text():
            self.label_message.setStyleSheet(f"color: {'#b00020' if self._invalid else '#5f6368'};")
            self.label_message.setText(message)

    def _refresh_cell(self, spec: CellSpec) -> None:
        """Text, colours, font, tooltip and flags of one editable cell, set only when they change."""
        value = self._values.get(spec.key)
        text = self._invalid.get(spec.key, str(value) if value is not None else "")
        copied, abnormal = spec.key in self._copied, self._abnormal(spec)
        state = (text, spec.key in self._invalid, abnormal, copied, self.read_only)
        if self._shown.get(spec.key) == state:
            return
        self._shown[spec.key] = state
        table = self._table(spec)
        item = table.item(spec.row, spec.col)
        if item is None:
            item = QTableWidgetItem()
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            table.setItem(spec.row, spec.col, item)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        item.setFlags(flags if self.read_only else flags | Qt.ItemFlag.ItemIsEditable)
        item.setText(text)
        item.setBackground(INVALID_BRUSH if spec.key in self._invalid else ABNORMAL_BRUSH if abnormal
                           else COPIED_BRUSH if copied else QBrush())
        item.setForeground(COPIED_TEXT if copied else ABNORMAL_TEXT if abnormal else QBrush())
        font = item.font()
        font.setItalic(copied)
        item.setFont(font)
        name = self.cell_name(spec)
        tip = f"{name}: {self.allowed_text(spec.kind)}; " + self.tr("empty = not tested")
        item.setToolTip(self.tr("Copied from the previous exam — confirm") + "\n" + tip if copied else tip)
        untested = self.tr("not tested")
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{name}: {text or untested}")
