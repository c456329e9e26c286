"""The Progress view: outcome, load, SLR and adherence graphs over one date axis, and the baseline table.

Importing this module does not import pyqtgraph; the first ``ProgressView()`` does.
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP
from clinic_app.services.progress_dto import ProgressData
from clinic_app.ui.plots import palette, prepare
from clinic_app.ui.plots.baseline_table import BaselineTable
from clinic_app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from clinic_app.ui.plots.graphs import ProgressGraphs

logger = logging.getLogger(__name__)

EMPTY_TEXT = QT_TRANSLATE_NOOP("ProgressView",
                               "No outcome measures or load history recorded yet for this episode.")
KEY_TEXT = QT_TRANSLATE_NOOP("ProgressView",
                             "Dashed line: baseline · dotted line: MCID level · shaded: change still short"
                             " of the MCID · grey lines: visits · drag to pan, wheel to zoom dates")
# toggle group: visible text (the accessible name adds what ticking it does)
GROUPS: tuple[tuple[str, str], ...] = (
    ("nprs_back", QT_TRANSLATE_NOOP("ProgressView", "Pain (back)")),
    ("nprs_leg", QT_TRANSLATE_NOOP("ProgressView", "Pain (leg)")), ("odi", "ODI"), ("rmdq", "RMDQ"),
    ("psfs", "PSFS"), ("distance", QT_TRANSLATE_NOOP("ProgressView", "Distance")), ("acwr", "ACWR"),
    ("slr_left", QT_TRANSLATE_NOOP("ProgressView", "SLR left")),
    ("slr_right", QT_TRANSLATE_NOOP("ProgressView", "SLR right")),
    ("adherence", QT_TRANSLATE_NOOP("ProgressView", "Adherence")),
)


def _swatch(key: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(palette.SERIES_COLOURS[key]))
    return QIcon(pixmap)


class _PendingJob:
    """The job in flight; cancelled when the view is destroyed (holds no reference to the view)."""

    def __init__(self) -> None:
        self.runner: TaskRunner | None = None
        self.job: int | None = None

    def cancel(self, *_args: object) -> None:
        if self.runner is not None:
            self.runner.cancel(self.job)
        self.job = None


class ProgressView(QWidget):
    """Graphs and the since-baseline table for one episode of care."""

    data_applied = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from clinic_app.ui.plots.graphs import ProgressGraphs  # first pyqtgraph import

        self.setAccessibleName(QCoreApplication.translate("ProgressView", "Progress graphs"))
        self.graphs: ProgressGraphs = ProgressGraphs()
        self._prepared: prepare.PreparedProgress | None = None
        self._token = 0
        self._pending = _PendingJob()
        self.destroyed.connect(self._pending.cancel)
        self._last_dir = Path.home()

        self.btn_reset = QPushButton(QCoreApplication.translate("ProgressView", "Reset zoom"))
        self.btn_png = QPushButton(QCoreApplication.translate("ProgressView", "Export PNG…"))
        self.btn_svg = QPushButton(QCoreApplication.translate("ProgressView", "Export SVG…"))
        for button in (self.btn_reset, self.btn_png, self.btn_svg):
            button.setAccessibleName(button.text())
        self.btn_reset.clicked.connect(self.graphs.reset_zoom)
        self.btn_png.clicked.connect(lambda: self._export_dialog(
            ".png", QCoreApplication.translate("ProgressView", "PNG image (*.png)")))
        self.btn_svg.clicked.connect(lambda: self._export_dialog(
            ".svg", QCoreApplication.translate("ProgressView", "SVG drawing (*.svg)")))
        self.lbl_key = QLabel(QCoreApplication.translate("ProgressView", KEY_TEXT))
        self.lbl_key.setWordWrap(True)
        self.lbl_key.setStyleSheet(f"color: {palette.MUTED.name()};")

        self.checks: dict[str, QCheckBox] = {}
        rows = (QHBoxLayout(), QHBoxLayout())
        titles = (QCoreApplication.translate("ProgressView", "Outcomes:"),
                  QCoreApplication.translate("ProgressView", "Load and exam:"))
        for row, title in zip(rows, titles, strict=True):
            row.setSpacing(10)
            label = QLabel(title)
            label.setMinimumWidth(95)
            row.addWidget(label)
        for group, text in GROUPS:
            label_text = QCoreApplication.translate("ProgressView", text)
            check = QCheckBox(label_text)
            check.setIcon(_swatch(group))
            check.setAccessibleName(
                QCoreApplication.translate("ProgressView", "{0} — show on the graphs").format(label_text))
            check.setChecked(True)
            check.toggled.connect(partial(self.graphs.set_group_visible, group))
            rows[0 if group in prepare.MEASURE_KEYS else 1].addWidget(check)
            self.checks[group] = check
        rows[0].addStretch(1)
        rows[1].addStretch(1)
        for button in (self.btn_reset, self.btn_png, self.btn_svg):
            rows[0].addWidget(button)
        self.graphs.group_toggled.connect(self._on_group_toggled)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.graphs)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table = BaselineTable()
        self.lbl_table = lbl_table = QLabel(QCoreApplication.translate("ProgressView", "Since baseline"))
        lbl_table.setStyleSheet("font-weight: bold;")
        lbl_table.setBuddy(self.table)

        self._content = content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(6, 6, 6, 6)
        body.setSpacing(4)
        body.addLayout(rows[0])
        body.addLayout(rows[1])
        body.addWidget(self.lbl_key)
        body.addWidget(self.scroll_area, 1)
        body.addSpacing(4)
        body.addWidget(lbl_table)
        body.addWidget(self.table)

        self.lbl_empty = QLabel(QCoreApplication.translate("ProgressView", EMPTY_TEXT))
        self.lbl_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lbl_empty.setWordWrap(True)
        self.lbl_empty.setStyleSheet(f"color: {palette.MUTED.name()}; font-size: 11pt;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.lbl_empty)
        self.stack.addWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._apply(None)

    # -- data -----------------------------------------------------------------------------------------
    def set_data(self, data: ProgressData | None) -> None:
        """Show one episode now (None: the empty message); converts on the calling thread."""
        self._cancel_pending()
        self._apply(prepare.prepare_progress(data) if data is not None else None)

    def set_data_async(self, data: ProgressData | None, runner: TaskRunner) -> int | None:
        """Convert in the runner's pool and apply on the GUI thread; a newer call drops older results."""
        self._cancel_pending()
        if data is None:
            self._apply(None)
            return None
        token = self._token
        self._pending.runner = runner
        self._pending.job = runner.submit(partial(prepare.prepare_progress, data),
                                          partial(self._on_prepared, token),
                                          partial(self._on_prepare_failed, token))
        return self._pending.job

    def is_loading(self) -> bool:
        """True while an asynchronous conversion has not been applied."""
        return self._pending.job is not None

    def is_empty(self) -> bool:
        """True while the empty-state message is shown."""
        return self.stack.currentWidget() is self.lbl_empty

    def _cancel_pending(self) -> None:
        self._token += 1
        self._pending.cancel()

    def _on_prepared(self, token: int, prepared: prepare.PreparedProgress) -> None:
        if token != self._token:
            return
        self._pending.job = None
        self._apply(prepared)

    def _on_prepare_failed(self, token: int, exc: BaseException) -> None:
        if token != self._token:
            return
        self._pending.job = None
        logger.error("preparing the progress graphs failed: %r", exc)
        self._apply(None)

    def _apply(self, prepared: prepare.PreparedProgress | None) -> None:
        if prepared is not None and prepared.empty:
            prepared = None
        self._prepared = prepared
        self.graphs.apply(prepared or prepare.empty_progress())
        self.table.set_rows(prepared.rows if prepared else ())
        self.table.setVisible(self.table.rowCount() > 0)
        self.lbl_table.setVisible(self.table.rowCount() > 0)
        with_data = self.graphs.groups_with_data()
        for group, check in self.checks.items():
            check.setVisible(group in with_data)
        for button in (self.btn_reset, self.btn_png, self.btn_svg):
            button.setEnabled(prepared is not None)
        self.stack.setCurrentWidget(self.lbl_empty if prepared is None else self._content)
        self.data_applied.emit()

    # -- reading back (tests, accessibility) -----------------------------------------------------------
    def plotted(self, key: str) -> tuple[list[float], list[float]]:
        """The x (days since 1970-01-01) and y values held by a series' plot item."""
        x, y = self.graphs.track(key).data()
        return np.asarray(x).tolist(), np.asarray(y).tolist()

    def levels(self, key: str) -> tuple[float | None, float | None]:
        """A measure's baseline and MCID level as drawn."""
        from clinic_app.ui.plots.measure_plot import MeasurePanel

        panel = self.graphs.panel_of(key)
        assert isinstance(panel, MeasurePanel)
        return panel.levels(key)

    def series_visible(self, group: str) -> bool:
        """Whether a series is switched on."""
        return self.graphs.group_visible(group)

    def set_series_visible(self, group: str, visible: bool) -> None:
        """Switch a series on or off (same as its checkbox)."""
        self.checks[group].setChecked(visible)

    def _on_group_toggled(self, group: str, visible: bool) -> None:
        check = self.checks.get(group)
        if check is not None and check.isChecked() != visible:
            check.blockSignals(True)
            check.setChecked(visible)
            check.blockSignals(False)

    # -- export ----------------------------------------------------------------------------------------
    def export(self, path: Path) -> None:
        """Write the graphs to a .png or .svg file (chosen by suffix)."""
        from clinic_app.ui.plots.export import export_graphs

        export_graphs(self.graphs, Path(path))

    def _export_dialog(self, suffix: str, file_filter: str) -> None:
        episode = self._prepared.episode_id if self._prepared else 0
        default = str(self._last_dir / f"progress-episode-{episode}{suffix}")
        chosen, _ = QFileDialog.getSaveFileName(
            self, QCoreApplication.translate("ProgressView", "Export graphs"), default, file_filter)
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        self._last_dir = path.parent
        try:
            self.export(path)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, QCoreApplication.translate("ProgressView", "Export failed"),
                                QCoreApplication.translate(
                                    "ProgressView", "The graphs could not be saved to {0}.\n\n{1}"
                                ).format(path, exc))
