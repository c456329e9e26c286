"""The Patient menu: Export record (FHIR)…, Patient's own copy… (files written in a worker)
and, for administrators, Erasure request…; Practice → Records retention….

Exports write one file atomically and audit it; the window stays responsive while the record is
read, validated and written.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from clinic_app.domain.access import Action, may
from clinic_app.ui.errors import describe

if TYPE_CHECKING:
    from clinic_app.domain.retention import RetentionPolicy
    from clinic_app.services.dto import PatientDetails
    from clinic_app.services.erasure import ErasureCheck
    from clinic_app.services.record_export import ExportSummary
    from clinic_app.ui.main_window import MainWindow

PathChooser = Callable[[QWidget, str, str, str], str]


def _save_file_name(parent: QWidget, title: str, suggested: str, filters: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return path


class RecordExportActions(QObject):
    """The Patient menu's export entries (clinicians and administrators only)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._ctx = window.ctx
        self.choose_path: PathChooser = _save_file_name  # tests put a chooser here
        self.last_summary: ExportSummary | None = None
        self._progress: QProgressDialog | None = None
        self.act_fhir = QAction(self.tr("&Export record (FHIR)…"), window)
        self.act_copy = QAction(self.tr("Patient's own &copy…"), window)
        self.act_fhir.triggered.connect(lambda: self.export(fhir=True))
        self.act_copy.triggered.connect(lambda: self.export(fhir=False))
        self.menu = window.menuBar().addMenu(self.tr("Pa&tient"))
        window.menuBar().insertMenu(window.practice_menu.menuAction(), self.menu)
        self.menu.addActions([self.act_fhir, self.act_copy])
        self.act_erase = QAction(self.tr("&Erasure request…"), window)
        self.act_erase.triggered.connect(self.erasure_request)
        self.menu.addSeparator()
        self.menu.addAction(self.act_erase)
        self.act_retention = QAction(self.tr("Records &retention…"), window)
        self.act_retention.triggered.connect(self.edit_retention)
        window.practice_menu.addAction(self.act_retention)
        window.session.user_changed.connect(lambda _signed: self.apply_role())
        self.apply_role()

    def apply_role(self) -> None:
        """Shown only to roles that may export a record."""
        role = self._ctx.actor.role if self._ctx.actor is not None else None
        allowed = role is not None and may(role, Action.EXPORT_RECORD)
        erase = role is not None and may(role, Action.ERASE_RECORDS)
        self.menu.menuAction().setVisible(allowed or erase)
        for action in (self.act_fhir, self.act_copy):
            action.setVisible(allowed)
        for action in (self.act_erase, self.act_retention):
            action.setVisible(erase)

    def _open_patient(self) -> PatientDetails | None:
        window = self._window
        chart = window._chart  # noqa: SLF001 - only a chart already built can show a patient
        if chart is None or chart.details is None or window.stack.currentWidget() is not chart:
            window.statusBar().showMessage(self.tr("Open a patient first."), 5000)
            return None
        return chart.details

    def export(self, *, fhir: bool) -> None:
        """Ask where, then write the file in a worker."""
        window = self._window
        details = self._open_patient()
        if details is None:
            return
        title = self.tr("Export record (FHIR)") if fhir else self.tr("Patient's own copy")
        suffix = "fhir.json" if fhir else "copy.zip"
        filters = self.tr("FHIR JSON (*.json)") if fhir else self.tr("Zip archive (*.zip)")
        folder = Path(str(self._ctx.qsettings.value("export/folder", "") or Path.home()))
        chosen = self.choose_path(window, title, str(folder / f"{details.chart_label}-{suffix}"),
                                  filters)
        if not chosen:
            return
        target = Path(chosen)
        self._ctx.qsettings.setValue("export/folder", str(target.parent))
        actor = self._ctx.require_actor()
        exporter = self._ctx.services.record_export
        patient_id = details.id

        def work() -> ExportSummary:
            if fhir:
                return exporter.export_fhir(actor, patient_id, target)
            return exporter.patient_copy(actor, patient_id, target)

        self._progress = QProgressDialog(self.tr("Writing {0}…").format(target.name), "", 0, 0,
                                         window)
        self._progress.setWindowTitle(title)
        self._progress.setCancelButton(None)  # one short transaction: nothing to stop half-way
        self._progress.setWindowModality(Qt.WindowModality.WindowModal)
        self._progress.setMinimumDuration(300)
        from clinic_app.ui.operations import write

        write(self._ctx, work, initiator=self, on_done=lambda summary: self._done(title, summary),
              on_failed=lambda exc: self._failed(title, exc))

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.reset()
            self._progress.deleteLater()
            self._progress = None

    def _done(self, title: str, summary: ExportSummary) -> None:
        self._close_progress()
        self.last_summary = summary
        self._window.statusBar().showMessage(self.tr("Written: {0}").format(summary.path), 8000)
        text = self.tr("{0} episode(s), {1} visit(s), {2} set(s) of measures and {3} document(s) "
                       "written to {4}.").format(summary.episodes, summary.visits,
                                                 summary.measures, summary.documents, summary.path)
        for note in summary.left_out:
            text += "\n\n" + note
        QMessageBox.information(self._window, title, text)

    def _failed(self, title: str, exc: BaseException) -> None:
        self._close_progress()
        QMessageBox.warning(self._window, title, self.tr("Nothing was exported. {0}").format(
            describe(exc)))

    # -- erasure -------------------------------------------------------------------------

    def erasure_request(self) -> None:
        """Patient → Erasure request…: what the rule allows today, then erase or restrict."""
        details = self._open_patient()
        if details is None:
            return
        from clinic_app.ui.operations import read

        def failed(exc: BaseException) -> None:
            QMessageBox.warning(self._window, self.tr("Erasure request"), describe(exc))

        read(self._ctx, partial(self._ctx.services.erasure.check, self._ctx.require_actor(),
                                details.id, self._ctx.today()),
             partial(self._erasure_checked, details), failed)

    def _erasure_checked(self, details: PatientDetails, check: ErasureCheck) -> None:
        """The retention check came back: the dialog says what the rule allows today."""
        from clinic_app.ui.dialogs.erasure_dialog import ErasureDialog

        dialog = ErasureDialog(self._ctx, check, details.full_name, self._window)
        dialog.exec()
        outcome = dialog.outcome
        if outcome is None:
            return
        from clinic_app.services.context import Changes

        window = self._window
        if outcome.erased and window._chart is not None:  # noqa: SLF001
            window._chart.requested_id = None  # noqa: SLF001 - the chart no longer exists
            window.stack.setCurrentWidget(window.placeholder)
        self._ctx.bus.publish(Changes(patients=frozenset({details.id}), records=True), self)

    def edit_retention(self) -> None:
        """Practice → Records retention…."""
        from clinic_app.ui.dialogs.erasure_dialog import RetentionDialog
        from clinic_app.ui.operations import read

        def failed(exc: BaseException) -> None:
            QMessageBox.warning(self._window, self.tr("Records retention"), describe(exc))

        def show(policy: RetentionPolicy) -> None:
            RetentionDialog(self._ctx, policy, self._window).exec()

        read(self._ctx, self._ctx.services.erasure.policy, show, failed)
