"""The main window's practice-wide actions: demo data, instrument wording, letterhead, print
queue, units and About.

A mixin of ``MainWindow`` (kept apart so the window module stays about layout and charts).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QProgressDialog

from clinic_app import __version__
from clinic_app.domain.errors import ValidationError
from clinic_app.domain.measures.instrument_text import DEFAULT_TEXT, InstrumentText
from clinic_app.ui.errors import describe
from clinic_app.ui.session.window_actions import SessionActions

if TYPE_CHECKING:
    from clinic_app.demo.generator import DemoSummary
    from clinic_app.ui.views.patient_list import PatientListView


class PracticeActions(SessionActions):
    """Menu actions that act on the practice's data and settings rather than one chart."""

    patient_list: PatientListView
    label_backend: QLabel

    def load_demo_patients(self, count: int) -> None:
        """Generate demo patients in a worker with a progress dialog."""
        from clinic_app.demo.generator import generate_demo

        actor = self.ctx.require_actor()
        dialog = QProgressDialog(self.tr("Creating demo patients…"), "", 0, count, self)
        dialog.setCancelButton(None)  # type: ignore[arg-type]
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        today = self.ctx.today()

        def done(summary: DemoSummary) -> None:
            dialog.close()
            self.patient_list.refresh()
            self.statusBar().showMessage(
                self.tr("{0} demo patients created, with {1} appointments in the diary")
                .format(count, summary.appointments), 8000)

        def failed(exc: BaseException) -> None:
            dialog.close()
            QMessageBox.warning(self, self.tr("Demo patients"), describe(exc))

        from clinic_app.ui.operations import Progress, long_job

        db = self.ctx.services.db

        def work(progress: Progress) -> DemoSummary:
            return generate_demo(db, actor, count, today=today, progress=progress.report)

        long_job(self.ctx, work, initiator=self, write=True, on_done=done, on_failed=failed,
                 on_progress=lambda done_, _total, _text: dialog.setValue(done_))

    def load_text_pack(self, path: str = "") -> None:
        """Use the licensed ODI / STarT Back wording from a practice's JSON text pack."""
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Instrument text pack"), "",
                                                  self.tr("Text pack (*.json)"))
        if not path:
            return
        from clinic_app.services.text_packs import load_text_pack

        try:
            text = load_text_pack(Path(path))
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("Instrument text pack"), describe(exc))
            return
        self._apply_text(text, path)

    def use_short_labels(self) -> None:
        """Go back to the short topic labels (no licensed wording)."""
        self._apply_text(DEFAULT_TEXT, "")

    def _apply_text(self, text: InstrumentText, path: str) -> None:
        self.ctx.instrument_text = text
        self.ctx.settings.instrument_pack = path
        self.ctx.settings.save(self.ctx.qsettings)
        if self._chart is not None:
            self._chart.measures.set_text(text)
        self.statusBar().showMessage(self.tr("Instrument wording: {0}").format(text.source), 8000)

    def edit_letterhead(self) -> None:
        """The practice's letterhead on printed documents."""
        from clinic_app.ui.dialogs.letterhead_dialog import LetterheadDialog
        from clinic_app.ui.operations import read

        def show(values: object) -> None:
            LetterheadDialog(self.ctx, values, self).exec()  # type: ignore[arg-type]

        def failed(exc: BaseException) -> None:
            QMessageBox.warning(self, self.tr("Letterhead"), describe(exc))

        read(self.ctx, self.ctx.services.branding.values, show, failed)

    def print_queue(self) -> None:
        """The front desk's batch printing of today's handouts."""
        from clinic_app.ui.views.printing.print_queue import PrintQueueDialog

        PrintQueueDialog(self.ctx, self).exec()

    def about(self) -> None:
        """Version and where the data lives."""
        QMessageBox.about(self, self.tr("About Stride Clinic"), self.tr(
            "Stride Clinic {0}\nRecords, exams, outcomes and rehab plans for runners with "
            "low back pain.\n\nDatabase: {1}").format(__version__, self.label_backend.text()))

    def _toggle_miles(self, checked: bool) -> None:
        """Show distances in miles or kilometres (always stored in kilometres)."""
        self.ctx.settings.distance_unit = "mi" if checked else "km"
        self.ctx.settings.save(self.ctx.qsettings)
        if self._chart is not None:
            self._chart.unit_changed()
