"""The Exam tab: one visit's exam with a live, explained interpretation beside it."""

from __future__ import annotations

import logging
from dataclasses import replace
from functools import partial

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.exam.interpretation import interpret_exam
from clinic_app.domain.exam.record import ExamRecord
from clinic_app.domain.safety.statement import RedFlagStatement
from clinic_app.services.context import Changes
from clinic_app.services.exams import ExamHistoryRow, ExamView
from clinic_app.services.screening import ScreeningContext
from clinic_app.ui.conflicts import KeepMine
from clinic_app.ui.context import UiContext
from clinic_app.ui.operations import write
from clinic_app.ui.views.editor_tab import VisitRecordTab
from clinic_app.ui.views.exam.exam_form import ExamForm
from clinic_app.ui.views.exam.interpretation_panel import InterpretationPanel
from clinic_app.ui.widgets.neuro_comparison import NeuroComparisonWidget
from clinic_app.ui.widgets.tables import configure_table
from clinic_app.ui.widgets.visit_picker import VisitPicker

logger = logging.getLogger(__name__)


class OverrideDialog(QDialog):
    """Ask why an interpretation is overridden (the reason is stored with it)."""

    def __init__(self, explanation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Override interpretation"))
        text = QLabel(explanation)
        text.setWordWrap(True)
        self.edit_reason = QPlainTextEdit()
        self.edit_reason.setAccessibleName(self.tr("Reason"))
        self.edit_reason.setPlaceholderText(self.tr("Why does this reading not apply?"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.btn_ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.btn_ok.setEnabled(False)
        self.edit_reason.textChanged.connect(
            lambda: self.btn_ok.setEnabled(bool(self.edit_reason.toPlainText().strip())))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(QLabel(self.tr("Reason (required):")))
        layout.addWidget(self.edit_reason)
        layout.addWidget(buttons)

    def reason(self) -> str:
        """The typed reason."""
        return self.edit_reason.toPlainText().strip()


class ExamTab(VisitRecordTab):
    """Pick a visit, record the exam, read and decide on its interpretation, compare visits."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.label_status.setAccessibleName(self.tr("Exam status"))
        self.view: ExamView | None = None
        self._loaded: ExamRecord | None = None  # the form's record as loaded: what "mine" changed
        self._history: list[ExamHistoryRow] = []
        self._saving: tuple[ExamRecord, frozenset[str]] | None = None  # what the writer stores
        self.previous: ExamRecord | None = None
        self.raised_flags: list[str] = []
        self.red_flag_screen: RedFlagStatement | None = None
        """The episode's red-flag statement: the imaging prompt says only what it allows (C3)."""
        self.context: ScreeningContext | None = None
        """The episode's intake and the patient's age, for the bone stress lines (C10)."""

        self.combo_visit = VisitPicker(self.tr("Exam visit"))
        self.btn_copy = QPushButton(self.tr("Copy previous exam"))
        self.btn_confirm = QPushButton(self.tr("Confirm copied values"))
        self.btn_save = QPushButton(self.tr("Save exam"))
        top = self.visit_row(self.tr("Exam visit:"), self.btn_copy, self.btn_confirm, self.btn_save)

        self.form = ExamForm()
        self.comparison = NeuroComparisonWidget()
        self.table_slr = QTableWidget(0, 3)
        self.table_slr.setHorizontalHeaderLabels([self.tr("Visit"), self.tr("SLR left (°)"),
                                                  self.tr("SLR right (°)")])
        self.table_slr.setAccessibleName(self.tr("SLR onset angle per side"))
        configure_table(self.table_slr, {0: 140, 1: 100}, stretch=2)
        compare = QWidget()
        compare_layout = QVBoxLayout(compare)
        compare_layout.addWidget(QLabel(self.tr("Neuro screen over the last exams (changes "
                                                "highlighted):")))
        compare_layout.addWidget(self.comparison, 3)
        label_slr = QLabel(self.tr("SLR onset angle per side:"))
        label_slr.setBuddy(self.table_slr)
        compare_layout.addWidget(label_slr)
        compare_layout.addWidget(self.table_slr, 1)
        self.form.addTab(self.form.scrolled(compare), self.tr("Comparison"))

        self.panel = InterpretationPanel()
        self.panel.setMinimumWidth(260)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("examSplitter")
        splitter.addWidget(self.form)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([650, 330])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.label_status)
        layout.addWidget(splitter, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.refresh_interpretation)
        self.form.changed.connect(self._edited)
        self.btn_save.clicked.connect(self.save)
        self.btn_copy.clicked.connect(self.copy_previous)
        self.btn_confirm.clicked.connect(self.form.confirm_copied)
        self.combo_visit.visit_chosen.connect(self.open_visit)
        self.panel.accept_requested.connect(partial(self._decide, "accepted"))
        self.panel.override_requested.connect(self._override)
        self.show_record(None)

    # -- loading -------------------------------------------------------------------------

    def open_visit(self, visit_id: int) -> None:
        """Load a visit's exam and the patient's earlier exams."""
        if self._dirty and self.view is not None and self.view.visit_id != visit_id:
            self.label_status.setText(self.tr("Unsaved exam changes were discarded."))
        self.combo_visit.select(visit_id)
        services = self._ctx.services

        today = self._ctx.today()

        def fetch() -> tuple[ExamView, list[ExamHistoryRow], ScreeningContext]:
            view = services.exams.get(visit_id)
            return (view, services.exams.history(view.patient_id),
                    services.screening.visit_context(visit_id, today))

        self.load_record(fetch, self._show)

    def _show(self, result: tuple[ExamView, list[ExamHistoryRow], ScreeningContext]) -> None:
        view, history, context = result
        self.view = view
        self.context = context
        earlier = [h for h in history if h.starts_at < view.starts_at]
        self.previous = earlier[-1].exam if earlier else None
        self._loading = True
        self.form.set_record(view.exam, view.copied)
        self._loading = False
        self.mark_clean()
        self._loaded = self.form.record()[0]
        self.show_record(view)
        self._show_history(history)
        self.refresh_interpretation()

    def _show_history(self, history: list[ExamHistoryRow]) -> None:
        self._history = history
        columns = [(h.starts_at.astimezone().strftime("%Y-%m-%d"), h.exam.neuro) for h in history]
        self.comparison.set_exams(columns[-4:])
        self.table_slr.setRowCount(len(history))
        for row, h in enumerate(history):
            values = (h.starts_at.astimezone().strftime("%Y-%m-%d"),
                      "" if h.exam.slr_left.angle_deg is None else str(h.exam.slr_left.angle_deg),
                      "" if h.exam.slr_right.angle_deg is None else str(h.exam.slr_right.angle_deg))
            for column, text in enumerate(values):
                self.table_slr.setItem(row, column, QTableWidgetItem(text))

    def show_record(self, view: ExamView | None) -> None:
        editable = view is not None and not view.locked
        self.form.set_read_only(not editable)
        self.btn_save.setEnabled(editable)
        self.btn_copy.setEnabled(editable)
        self.btn_confirm.setEnabled(editable)
        if view is None:
            self.label_status.setText(self.tr("No visit yet: add one on the Notes tab, then "
                                              "record its exam here."))
        elif view.locked:
            self.label_status.setText(self.tr("The visit note is signed: this exam is read-only."))
        elif not view.exists:
            self.label_status.setText(self.tr("No exam recorded for this visit yet. Start typing, "
                                              "or copy the previous exam."))
        else:
            self.label_status.setText(self.tr("Exam saved (version {0}).").format(view.version))

    # -- editing -------------------------------------------------------------------------

    def title(self) -> str:
        """The edited record, as a question names it."""
        return self.tr("The exam")

    def _edited(self) -> None:
        if self.mark_dirty():
            self._timer.start()

    def refresh_interpretation(self) -> None:
        """Read the form as it is now and show the domain core's interpretation."""
        exam, problems = self.form.record()
        try:
            context = self.context
            findings = interpret_exam(exam, self.previous, raised_flags=self.raised_flags,
                                      intake=context.intake if context else None,
                                      age_years=context.age_years if context else None,
                                      red_flag_screen=self.red_flag_screen)
        except ValueError as exc:
            self.panel.show_findings([], {}, False, str(exc))
            return
        view = self.view
        can_decide = view is not None and view.exists and not view.locked and not self._dirty
        hint = ""
        if problems:
            hint = self.tr("Some values cannot be read yet: {0}").format(", ".join(problems))
        elif view is not None and not view.locked and (self._dirty or not view.exists):
            hint = self.tr("Save the exam to accept or override its interpretation.")
        self.panel.show_findings(findings, view.decisions if view else {}, can_decide, hint)

    def copy_previous(self) -> None:
        """Start from the previous exam; every copied value stays marked until confirmed."""
        if self.view is None:
            return
        self._ctx.reads.submit(partial(self._ctx.services.exams.copy_forward, self.view.visit_id),
                               self._copied, self._failed)

    def _copied(self, result: tuple[ExamRecord, frozenset[str]] | None) -> None:
        if result is None:
            self.label_status.setText(self.tr("There is no earlier exam to copy."))
            return
        exam, paths = result
        self.form.set_record(exam, paths)
        self._dirty = True
        self.label_status.setText(self.tr(
            "Copied {0} values from the previous exam: they are shaded until you confirm or "
            "change them.").format(len(paths)))
        self.refresh_interpretation()

    def save(self) -> None:
        """Validate in the service and store; messages go beside the fields."""
        view = self.view
        if view is None or view.locked:
            return
        exam, problems = self.form.record()
        if problems:
            rest = self.form.show_errors(problems)
            self.show_status(self.tr("Not saved: {0}").format("; ".join(rest) or self.tr(
                "correct the values marked in red.")))
            return
        self.btn_save.setEnabled(False)
        exams, actor, copied = self._ctx.services.exams, self._ctx.require_actor(), self.form.copied()
        self._saving = (exam, frozenset(copied))

        def fetch() -> tuple[ExamRecord, int]:
            fresh = exams.get(view.visit_id)
            return fresh.exam, fresh.version

        def over_theirs(merged: ExamRecord, version: int) -> tuple[Changes, int]:
            self._saving = (merged, frozenset(copied))
            return exams.save(actor, view.visit_id, merged, copied, version)

        if self._conflict is not None and self.write_over_theirs(KeepMine(
                entity=self._conflict.entity, base=self._loaded, mine=exam, fetch=fetch,
                save=over_theirs,
                labels={path: b.widget.accessibleName() for path, b in self.form.bind.items.items()}),
                on_cancelled=lambda: self.btn_save.setEnabled(True)):
            return
        self.write(partial(exams.save, actor, view.visit_id, exam, copied, view.version))

    def apply_saved(self, result: tuple[Changes, int]) -> None:
        """Show the stored exam and its new version: nothing is read again."""
        _changes, version = result
        view, saving = self.view, self._saving
        if view is None or saving is None:
            return
        exam, copied = saving
        self.view = replace(view, exam=exam, version=version, exists=True,
                            copied=copied & self.form.copied())
        self._loaded = exam
        history = [h for h in self._history if h.visit_id != view.visit_id]
        history.append(ExamHistoryRow(view.visit_id, view.starts_at, exam))
        history.sort(key=lambda h: h.starts_at)
        self.show_record(self.view)
        self._show_history(history)
        self.refresh_interpretation()

    def show_validation(self, errors: dict[str, str]) -> None:
        """Messages beside the fields; the rest in the status line."""
        rest = self.form.show_errors(errors)
        self.show_status(self.tr("Not saved: correct the values marked in red.")
                         + (" " + "; ".join(rest) if rest else ""))

    def save_ended(self) -> None:
        """The Save button again, unless the visit was signed meanwhile."""
        self.btn_save.setEnabled(self.view is not None and not self.view.locked)

    def _decide(self, decision: str, key: str, explanation: str, reason: str = "") -> None:
        view = self.view
        if view is None:
            return
        write(self._ctx, partial(self._ctx.services.exams.decide, self._ctx.require_actor(),
                                 view.visit_id, key, decision, reason, explanation),
              initiator=self, on_done=lambda _changes: self.open_visit(view.visit_id),
              on_failed=self._save_failed)

    def _override(self, key: str, explanation: str) -> None:
        dialog = OverrideDialog(explanation, self)
        if dialog.exec() and dialog.reason():
            self._decide("overridden", key, explanation, dialog.reason())
