"""Intake → Load history → Import runs…: read watch files in the background, preview, save."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.errors import ConflictError, ValidationError
from clinic_app.domain.load.run_import import RowStatus
from clinic_app.domain.load.run_import_load import LOAD_CAVEAT
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP
from clinic_app.services.context import Changes
from clinic_app.services.run_import import ImportPreview, RunImportService
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import describe, field_messages
from clinic_app.ui.operations import Operation, Progress, long_job, write
from clinic_app.ui.views.intake.run_import_model import RunImportModel

if TYPE_CHECKING:
    from clinic_app.ui.views.intake.intake_tab import IntakeTab
    from clinic_app.ui.views.intake.load_page import LoadPage

logger = logging.getLogger(__name__)

Chooser = Callable[[QWidget], list[Path]]
PERIODS = (
    (12, QT_TRANSLATE_NOOP("RunImportDialog", "the last 12 weeks")),
    (26, QT_TRANSLATE_NOOP("RunImportDialog", "the last 26 weeks")),
    (52, QT_TRANSLATE_NOOP("RunImportDialog", "the last 52 weeks")),
    (0, QT_TRANSLATE_NOOP("RunImportDialog", "all dates")),
)


def choose_files(parent: QWidget) -> list[Path]:
    """The system file chooser (several files)."""
    names, _ = QFileDialog.getOpenFileNames(
        parent, QCoreApplication.translate("RunImportDialog", "Choose watch files"), "",
        QCoreApplication.translate("RunImportDialog",
                                   "Watch files (*.fit *.gpx *.tcx *.zip *.gz);;All files (*)"))
    return [Path(n) for n in names]


def choose_folder(parent: QWidget) -> list[Path]:
    """The system folder chooser."""
    name = QFileDialog.getExistingDirectory(
        parent, QCoreApplication.translate("RunImportDialog", "Choose a folder of watch files"))
    return [Path(name)] if name else []


class RunImportDialog(QDialog):
    """Choose files or a folder; rows appear with their status; Save imports adds the new runs."""

    imported = Signal(object)  # Changes

    def __init__(self, ctx: UiContext, episode_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._episode_id = episode_id
        self._service = RunImportService(ctx.services.db)
        self._paths: list[Path] = []
        self._job: Operation[ImportPreview] | None = None
        self.preview: ImportPreview | None = None
        self.choose_files: Chooser = choose_files
        self.choose_folder: Chooser = choose_folder
        self.setWindowTitle(self.tr("Import runs from watch files"))

        intro = QLabel(self.tr(
            "Choose FIT, GPX or TCX files, a folder of them, or a zip export (Garmin, Coros, "
            "Polar, Suunto, Apple Watch apps, Strava). Only runs count towards the load; other "
            "sports, duplicates and bad files are listed greyed and skipped. Nothing is saved "
            "until you press Save imports."))
        intro.setWordWrap(True)
        self.btn_files = QPushButton(self.tr("Choose files…"))
        self.btn_folder = QPushButton(self.tr("Choose folder…"))
        self.combo_period = QComboBox()
        for weeks, label in PERIODS:
            self.combo_period.addItem(QCoreApplication.translate("RunImportDialog", label), weeks)
        self.combo_period.setCurrentIndex(1)
        label_period = QLabel(self.tr("Runs from:"))
        label_period.setBuddy(self.combo_period)
        self.combo_period.setAccessibleName(self.tr("Runs from"))
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Reading progress"))
        self.progress.setValue(0)
        self.btn_cancel = QPushButton(self.tr("Cancel"))
        self.btn_cancel.setEnabled(False)
        self.model = RunImportModel(ctx.settings.distance_unit)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Activities found"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(8, QHeaderView.ResizeMode.Stretch)
        self.label_summary = QLabel(self.tr("No files chosen yet."))
        self.label_summary.setWordWrap(True)
        self.label_summary.setTextFormat(Qt.TextFormat.PlainText)
        self.label_summary.setAccessibleName(self.tr("Import summary"))
        self.btn_save = QPushButton(self.tr("Save imports"))
        self.btn_save.setEnabled(False)
        self.btn_close = QPushButton(self.tr("Close"))

        choose = QHBoxLayout()
        choose.addWidget(self.btn_files)
        choose.addWidget(self.btn_folder)
        choose.addStretch(1)
        choose.addWidget(label_period)
        choose.addWidget(self.combo_period)
        reading = QHBoxLayout()
        reading.addWidget(self.progress, 1)
        reading.addWidget(self.btn_cancel)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.btn_save)
        buttons.addWidget(self.btn_close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(choose)
        layout.addLayout(reading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.label_summary)
        layout.addLayout(buttons)
        self.resize(980, 560)

        self.btn_files.clicked.connect(lambda: self._chosen(self.choose_files(self)))
        self.btn_folder.clicked.connect(lambda: self._chosen(self.choose_folder(self)))
        self.combo_period.activated.connect(lambda _i: self._read_again())
        self.btn_cancel.clicked.connect(self.cancel)
        self.btn_save.clicked.connect(self.save)
        self.btn_close.clicked.connect(self.reject)

    # -- reading ---------------------------------------------------------------------------

    def _chosen(self, paths: list[Path]) -> None:
        if paths:
            self._paths = paths
            self.read(paths)

    def _read_again(self) -> None:
        if self._paths and self._job is None:
            self.read(self._paths)

    def read(self, paths: list[Path]) -> None:
        """Read the files in a worker; the preview replaces the table when done."""
        self.preview = None
        self.btn_save.setEnabled(False)
        self.btn_cancel.setEnabled(True)
        self.btn_files.setEnabled(False)
        self.btn_folder.setEnabled(False)
        self.progress.setRange(0, 0)  # busy until the files are counted
        self.label_summary.setText(self.tr("Reading the files…"))
        weeks = int(self.combo_period.currentData() or 0)
        today = self._ctx.today()
        since = today - timedelta(weeks=weeks) if weeks else None
        preview = partial(self._service.preview, self._ctx.require_actor(), self._episode_id,
                          list(paths), today, since=since)

        def job(progress: Progress) -> ImportPreview:
            return preview(progress=progress.report, cancelled=lambda: progress.cancelled)

        self._job = long_job(self._ctx, job, initiator=self, write=False, on_done=self._shown,
                             on_failed=self._failed,
                             on_progress=lambda done, total, _text: self._progressed(done, total))

    def cancel(self) -> None:
        """Stop reading after the file being read now."""
        if self._job is not None:
            self._job.cancel()
        self.label_summary.setText(self.tr("Cancelling…"))

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.label_summary.setText(self.tr("Read {0} of {1} files…").format(done, total))

    def _finished_reading(self) -> None:
        self._job = None
        self.btn_cancel.setEnabled(False)
        self.btn_files.setEnabled(True)
        self.btn_folder.setEnabled(True)
        if self.progress.maximum() == 0:
            self.progress.setRange(0, 1)

    def _shown(self, preview: ImportPreview) -> None:
        self._finished_reading()
        self.preview = preview
        self.model.set_rows(preview.rows, preview.days)
        self.btn_save.setEnabled(preview.new_runs > 0 and not preview.cancelled and not preview.problems)
        self.label_summary.setText(self.summary(preview))

    def summary(self, preview: ImportPreview) -> str:
        """The counts, the weeks the save would set, and anything that stops the save."""
        counts = self.tr("{0} new run(s), {1} duplicate(s), {2} not a run, {3} excluded, {4} bad "
                         "file(s).").format(preview.new_runs, preview.count(RowStatus.DUPLICATE),
                                            preview.count(RowStatus.NOT_A_RUN),
                                            preview.count(RowStatus.EXCLUDED),
                                            preview.count(RowStatus.BAD_FILE))
        lines = [counts]
        if preview.ignored:
            lines.append(self.tr("{0} other file(s) in the folder were not watch files and were "
                                 "left alone.").format(preview.ignored))
        if preview.cancelled:
            lines.append(self.tr("Cancelled: not every file was read. Choose the files again to "
                                 "read them all before saving."))
        elif preview.problems:
            lines.append(self.tr("Cannot be saved: {0}").format(" ".join(preview.problems)))
        elif preview.new_runs:
            replaced = [w for w in preview.weeks if w.before_km is not None
                        and abs(w.before_km - w.after_km) > 0.05]
            lines.append(self.tr("Saving adds the new runs to the session log and sets {0} week(s) "
                                 "of the weekly table from the runs.").format(len(preview.weeks)))
            if replaced:
                lines.append(self.tr("Typed weekly totals that change: {0}.").format(", ".join(
                    f"{w.week_start.isoformat()} {w.before_km:g} → {w.after_km:g} km"
                    for w in replaced[:8])))
            lines.append(LOAD_CAVEAT)  # the one wording, as clinical findings are shown
        return "\n".join(lines)

    def _failed(self, exc: BaseException) -> None:
        self._finished_reading()
        self.btn_save.setEnabled(False)
        self.label_summary.setText(describe(exc))

    # -- saving ----------------------------------------------------------------------------

    def save(self) -> None:
        """Store every new run in one intake revision (all or nothing)."""
        if self.preview is None or not self.preview.new_runs:
            return
        self.btn_save.setEnabled(False)
        self.label_summary.setText(self.tr("Saving…"))
        # published by open_run_import, as the intake tab's own change
        write(self._ctx, partial(self._service.save, self._ctx.require_actor(), self._episode_id,
                                 self.preview, self._ctx.today()),
              initiator=self, on_done=self._saved, on_failed=self._save_failed, publish=False)

    def _saved(self, result: tuple[Changes, int]) -> None:
        changes, _revision = result
        self.imported.emit(changes)
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.label_summary.setText(
                self.tr("Not saved: {0}").format(" ".join(field_messages(exc).values())))
        elif isinstance(exc, ConflictError):
            self.label_summary.setText(describe(exc) + " " + self.tr(
                "Nothing was saved. Choose the files again to compare with the intake as it is now."))
        else:
            self.label_summary.setText(describe(exc) + " " + self.tr("Nothing was saved."))
        self.btn_save.setEnabled(False)

    def reject(self) -> None:
        """Closing stops any reading still running."""
        if self._job is not None:
            self._job.cancel()
        super().reject()


def open_run_import(tab: IntakeTab, page: LoadPage) -> RunImportDialog | None:
    """Open the import for the tab's episode (asks to save typed changes first)."""
    ctx, episode = tab._ctx, tab.episode  # noqa: SLF001 - the tab's own context
    if episode is None or tab.record is None:
        return None
    if tab.is_dirty():
        tab.label_status.setText(tab.tr("Save (or discard) the intake changes first, then import "
                                        "runs: the import is saved as its own intake revision."))
        return None
    dialog = RunImportDialog(ctx, episode.id, tab)
    page.import_dialog = dialog

    def imported(changes: Changes) -> None:
        ctx.bus.publish(changes, tab)
        tab.saved.emit()
        if tab.episode is not None:
            tab.load(tab.episode)

    dialog.imported.connect(imported)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.open()
    return dialog
