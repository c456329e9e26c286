"""The patient chart: header plus the Overview and Notes tabs, refreshed through the change bus."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QTabWidget, QVBoxLayout, QWidget

from clinic_app.domain.access import Action, may
from clinic_app.domain.patients import Role
from clinic_app.services.chart_summary import ChartOpening, EpisodeSummary
from clinic_app.services.context import Changes
from clinic_app.services.dto import EpisodeRow, PatientDetails, VisitRow
from clinic_app.ui.context import UiContext
from clinic_app.ui.dialogs.episode_dialogs import DischargeDialog, NewEpisodeDialog, NewVisitDialog
from clinic_app.ui.dialogs.patient_dialog import PatientDialog
from clinic_app.ui.errors import describe
from clinic_app.ui.models.visit_list_model import VisitListModel
from clinic_app.ui.operations import write
from clinic_app.ui.views.chart_header import ChartHeader
from clinic_app.ui.views.editor_tab import EditorTab
from clinic_app.ui.views.exam.exam_tab import ExamTab
from clinic_app.ui.views.intake.intake_tab import IntakeTab
from clinic_app.ui.views.intake.red_flag_page import banner_html
from clinic_app.ui.views.measures.measures_tab import MeasuresTab
from clinic_app.ui.views.notes_tab import NotesTab
from clinic_app.ui.views.overview_tab import OverviewTab
from clinic_app.ui.views.plan.plan_tab import PlanTab
from clinic_app.ui.views.printing.handouts_tab import HandoutsTab
from clinic_app.ui.views.progress_tab import ProgressTab
from clinic_app.ui.widgets.labels import apply_visible_labels
from clinic_app.ui.widgets.settle import after_paint, settle_layouts

logger = logging.getLogger(__name__)


class ChartView(QWidget):
    """One patient's chart. Loads in the background; never blocks on the database."""

    #: A chart was filled in: its header, Overview and summary show this patient (id).
    opened = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.details: PatientDetails | None = None
        #: The patient last asked for: differs from ``patient_id`` while their chart loads.
        self.requested_id: int | None = None
        self._job: int | None = None
        self._visits_job: int | None = None
        self._open_visit_after_load: int | None = None
        #: Loads waiting for their tab to be shown (the newest request per tab wins).
        self._deferred: dict[QWidget, Callable[[], None]] = {}
        #: The episode the Intake and Plan tabs were last asked to show.
        self._tabs_episode: int | None = None

        self.header = ChartHeader()
        self.visits = VisitListModel(self)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Chart sections"))
        self.overview = OverviewTab(self.visits)
        self.notes = NotesTab(ctx, self.visits)
        self.intake = IntakeTab(ctx)
        self.exam = ExamTab(ctx)
        self.measures = MeasuresTab(ctx, ctx.instrument_text)
        self.progress = ProgressTab(ctx)
        self.plan = PlanTab(ctx)
        self.handouts = HandoutsTab(ctx)
        self.summary: EpisodeSummary | None = None
        self._summary_job: int | None = None
        self.tabs.addTab(self.overview, self.tr("Overview"))
        self.tabs.addTab(self.intake, self.tr("Intake"))
        self.tabs.addTab(self.exam, self.tr("Exam"))
        self.tabs.addTab(self.measures, self.tr("Measures"))
        self.tabs.addTab(self.plan, self.tr("Plan"))
        self.tabs.addTab(self.progress, self.tr("Progress"))
        self.tabs.addTab(self.handouts, self.tr("Handouts"))
        self.tabs.addTab(self.notes, self.tr("Notes"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        apply_visible_labels(self.tabs)  # every input is named by the label its user reads

        self.overview.edit_requested.connect(self.edit_patient)
        self.overview.archive_requested.connect(self.toggle_archived)
        self.overview.new_episode_requested.connect(self.new_episode)
        self.overview.discharge_requested.connect(self.discharge)
        self.overview.visit_opened.connect(self._open_visit_from_timeline)
        self.notes.new_visit_requested.connect(self.new_visit)
        ctx.bus.changed.connect(self._on_changes)
        self.tabs.currentChanged.connect(lambda _index: self._tab_shown())

    @property
    def patient_id(self) -> int | None:
        """The patient shown, if any."""
        return self.details.id if self.details else None

    def apply_role(self, role: Role | None) -> None:
        """Clinical sections only for roles that may read them (front desk: Overview, Handouts)."""
        clinical = role is not None and may(role, Action.READ_CLINICAL)
        for tab in (self.intake, self.exam, self.measures, self.plan, self.progress, self.notes):
            index = self.tabs.indexOf(tab)
            self.tabs.setTabEnabled(index, clinical)
            self.tabs.setTabToolTip(index, "" if clinical else self.tr(
                "Clinical records are for clinicians; your role does not include them."))
            tab.setEnabled(clinical)  # reached some other way, its editors still take nothing
        self._keep_to_allowed_tab()

    def _keep_to_allowed_tab(self) -> None:
        if not self.tabs.isTabEnabled(self.tabs.currentIndex()):
            self.tabs.setCurrentWidget(self.overview)

    def editors(self) -> tuple[EditorTab, ...]:
        """The chart's editors, in tab order (Notes last)."""
        return (self.intake, self.exam, self.measures, self.plan, self.notes)

    # -- tabs load when first shown --------------------------------------------------------

    def _when_shown(self, tab: QWidget, load: Callable[[], None]) -> None:
        """Run ``load`` now when ``tab`` is the one shown, else when it is next shown.

        A hidden tab keeps only the newest request: it is stale until shown, then reads once.
        """
        if self.tabs.currentWidget() is tab:
            self._deferred.pop(tab, None)
            load()
        else:
            self._deferred[tab] = load

    def _tab_shown(self) -> None:
        self._keep_to_allowed_tab()
        load = self._deferred.pop(self.tabs.currentWidget(), None)
        if load is not None:
            load()

    def load(self, patient_id: int) -> None:
        """Open a patient's chart (saving any note being typed first)."""
        if self.patient_id != patient_id:
            self.notes.save_draft()
            self.notes.clear()
        self.requested_id = patient_id
        # One read opens the chart: the header, the Overview's timeline and the episode summary.
        # The other tabs read their data the first time they are shown.
        for job in (self._job, self._visits_job, self._summary_job):
            self._ctx.reads.cancel(job)
        self._visits_job = self._summary_job = None
        self._job = self._ctx.reads.submit(
            partial(self._ctx.services.summaries.open_chart, patient_id, self._ctx.today(),
                    self._ctx.settings.distance_unit),
            self._opened, self._error)

    def _opened(self, opening: ChartOpening) -> None:
        self._job = None
        if opening.details.id != self.requested_id:
            return  # an earlier patient's chart: another has been asked for since
        self._apply_details(opening.details)
        self._show_visits(opening.visits)
        self._show_summary(opening.summary)
        settle_layouts()
        self.opened.emit(opening.details.id)
        # Who read which chart, when: recorded once it is on screen (a chart asked for and
        # replaced before it arrived was never read), and after this paint, so the audit write
        # does not compete with drawing the chart.
        after_paint(self, partial(self._record_opened, opening.details.id))

    def _record_opened(self, patient_id: int) -> None:
        if self._ctx.actor is None:
            return
        write(self._ctx,
              partial(self._ctx.services.patients.record_chart_opened, self._ctx.actor, patient_id),
              initiator=self,
              on_failed=lambda exc: logger.warning("chart opening not audited: %r", exc))

    def _load_visits(self, patient_id: int) -> None:
        self._ctx.reads.cancel(self._visits_job)
        self._visits_job = self._ctx.reads.submit(
            partial(self._ctx.services.care.list_visits, patient_id), self._show_visits,
            self._error)

    def _show(self, details: PatientDetails) -> None:
        self._job = None
        if details.id != self.requested_id:
            return  # an earlier patient's details: another chart has been asked for since
        self._apply_details(details)
        self._load_summary()

    def _apply_details(self, details: PatientDetails) -> None:
        self.details = details
        self.header.show_patient(details, self._ctx.today())
        self.overview.show_patient(details)
        open_episode = details.open_episode
        self.notes.btn_new_visit.setEnabled(open_episode is not None and not details.archived)
        self.notes.btn_new_visit.setToolTip(
            "" if open_episode else self.tr("Open an episode of care first (Overview tab)."))
        episode = self.current_episode()
        episode_id = episode.id if episode else None
        if episode_id is None or episode_id != self._tabs_episode:
            self._tabs_episode = episode_id
            self._when_shown(self.intake, partial(self.intake.load, episode))
            self._when_shown(self.plan, partial(self.plan.load, episode))
        self.progress.show_episode(details.id, episode.id if episode else None)
        self.handouts.set_patient(details)

    def unit_changed(self) -> None:
        """Redisplay distances after the user switched between km and miles."""
        self.intake.unit_changed()
        self._load_summary()

    def current_episode(self) -> EpisodeRow | None:
        """The open episode, else the most recent one."""
        return self.details.shown_episode if self.details is not None else None

    def _load_summary(self) -> None:
        details, episode = self.details, self.current_episode()
        if details is None or episode is None or details.draft.birth_date is None:
            self._show_summary(None)
            return
        self._ctx.reads.cancel(self._summary_job)
        self._summary_job = self._ctx.reads.submit(
            partial(self._ctx.services.summaries.episode_summary, episode.id,
                    details.draft.birth_date, self._ctx.today(), self._ctx.settings.distance_unit),
            self._show_summary, self._error)

    def _show_summary(self, summary: EpisodeSummary | None) -> None:
        self._summary_job = None
        self.summary = summary
        self.overview.show_summary(summary)
        self.header.show_red_flags(banner_html(summary.red_flags) if summary else "")
        self.header.show_startback(summary.startback if summary else "")
        if summary is not None:
            self.intake.show_red_flag_status(summary.red_flags)
            self.exam.raised_flags = [e.item.value for e in summary.red_flags.open_events]
            self.exam.red_flag_screen = summary.red_flags.statement
            if self.plan.episode is not None and self.plan.episode.id == summary.episode_id:
                self.plan.show_lock(summary.red_flags)

    def _show_visits(self, rows: list[VisitRow]) -> None:
        self._visits_job = None
        self.visits.set_rows(rows)
        self._when_shown(self.exam, partial(self.exam.set_visits, rows))
        self._when_shown(self.measures, partial(self.measures.set_visits, rows))
        self._when_shown(self.notes, partial(self._select_note, self._open_visit_after_load))
        self._open_visit_after_load = None

    def _select_note(self, opened: int | None) -> None:
        """Keep the note shown selected in the visit list, or open a visit just booked."""
        current = self.notes.note.id if self.notes.note else None
        target = opened or current
        if target is not None and self.visits.row_of(target) >= 0:
            self.notes.table_visits.selectRow(self.visits.row_of(target))
            if target != current:
                self.notes.open_visit(target)

    def _error(self, exc: BaseException) -> None:
        QMessageBox.warning(self, self.tr("Could not load the chart"), describe(exc))

    def _on_changes(self, changes: Changes, initiator: object) -> None:
        pid = self.patient_id
        if pid is None or pid != self.requested_id or not changes.touches_patient(pid):
            return
        if changes.entity == "exam":  # no list, header or summary shows an exam: the graphs do
            self.progress.mark_stale()
            if initiator is not self.exam and not self.exam.is_dirty() and self.exam.view:
                self.exam.open_visit(self.exam.view.visit_id)  # someone else's decision or save
            return
        if changes.records or changes.episodes:
            self._job = self._ctx.reads.submit(
                partial(self._ctx.services.patients.get, pid), self._show, self._error)
        if changes.intake or changes.red_flags or changes.entity == "visit_measures":
            self._load_summary()
        if changes.intake or changes.visits:
            self.progress.mark_stale()
        if changes.visits or changes.episodes:
            if changes.entity == "visit" and changes.created_id is not None:
                self._open_visit_after_load = changes.created_id
            self._load_visits(pid)

    # -- actions -------------------------------------------------------------------------

    def edit_patient(self) -> None:
        """Open the patient dialog on the current details."""
        if self.details is not None:
            PatientDialog(self._ctx, self.details, self).exec()

    def toggle_archived(self) -> None:
        """Archive (after confirmation) or restore the patient."""
        d = self.details
        if d is None:
            return
        if not d.archived:
            answer = QMessageBox.question(
                self, self.tr("Archive patient?"),
                self.tr("{0} will be hidden from the patient list. Nothing is deleted, and the "
                        "record can be restored at any time.").format(d.full_name),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Yes:
                return
        write(self._ctx, partial(self._ctx.services.patients.set_archived, self._ctx.require_actor(),
                                 d.id, not d.archived, d.version),
              initiator=self, on_failed=self._error)

    def new_episode(self) -> None:
        """Open the New episode form."""
        if self.details is not None:
            NewEpisodeDialog(self._ctx, self.details.id, self).exec()

    def discharge(self, episode: EpisodeRow) -> None:
        """Open the Discharge form for an episode."""
        DischargeDialog(self._ctx, episode, self).exec()

    def new_visit(self) -> None:
        """Book a visit in the open episode and open its note."""
        d = self.details
        episode = d.open_episode if d else None
        if episode is None:
            return
        dialog = NewVisitDialog(self._ctx, episode, episode.visit_count == 0, self)
        if dialog.exec():
            self.tabs.setCurrentWidget(self.notes)

    def _open_visit_from_timeline(self, visit_id: int) -> None:
        self.tabs.setCurrentWidget(self.notes)
        self.notes.open_visit(visit_id)
