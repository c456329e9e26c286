"""The Intake tab: sections on the left, one page at a time, one Save for the whole intake."""

from __future__ import annotations

import logging
from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.intake.record import Intake
from clinic_app.services.context import Changes
from clinic_app.services.dto import EpisodeRow
from clinic_app.services.intake import IntakeRecord, IntakeRevisionRow
from clinic_app.services.red_flags import RedFlagStatus
from clinic_app.ui.conflicts import KeepMine
from clinic_app.ui.context import UiContext
from clinic_app.ui.views.editor_tab import EditorTab
from clinic_app.ui.views.intake.behaviour_page import BehaviourPage, PatternPage
from clinic_app.ui.views.intake.common import SectionPage
from clinic_app.ui.views.intake.energy_page import EnergyPage
from clinic_app.ui.views.intake.load_page import LoadPage
from clinic_app.ui.views.intake.profile_page import ProfilePage
from clinic_app.ui.views.intake.red_flag_page import RedFlagPage, local_time
from clinic_app.ui.views.intake.run_import_dialog import open_run_import
from clinic_app.ui.views.intake.running_form_page import RunningFormPage
from clinic_app.ui.views.intake.symptoms_page import SymptomsPage
from clinic_app.ui.views.intake.table_pages import FootwearPage, GoalsPage, InjuryPage
from clinic_app.ui.widgets.forms import FieldErrors

logger = logging.getLogger(__name__)


class IntakeTab(EditorTab):
    """Edit the intake of the chart's open (or latest) episode; earlier revisions read-only."""

    saved = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.episode: EpisodeRow | None = None
        self.record: IntakeRecord | None = None
        self._loaded: Intake | None = None  # the pages' intake as loaded: what "mine" changed from
        today = ctx.today()
        self.running_form = RunningFormPage()
        self.pages: list[SectionPage] = [
            ProfilePage(), self.running_form, LoadPage(today), FootwearPage(), GoalsPage(),
            InjuryPage(), EnergyPage(), SymptomsPage(today), BehaviourPage(), PatternPage(),
        ]
        self.red_flags = RedFlagPage(ctx)
        self.list_sections = QListWidget()
        self.list_sections.setAccessibleName(self.tr("Intake sections"))
        self.list_sections.setMaximumWidth(150)
        self.stack = QStackedWidget()
        pages: list[SectionPage | RedFlagPage] = [*self.pages, self.red_flags]
        for page in pages:
            self.list_sections.addItem(page.title)
            scroll = QScrollArea()  # small screens scroll instead of squeezing the chart
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            scroll.setWidget(page)
            self.stack.addWidget(scroll)
        for page in self.pages:
            page.changed.connect(self._edited)
        load_page = next(p for p in self.pages if isinstance(p, LoadPage))
        load_page.import_requested.connect(partial(open_run_import, self, load_page))
        self._context_timer = QTimer(self)  # the cadence reading follows edits on other pages
        self._context_timer.setSingleShot(True)
        self._context_timer.setInterval(150)
        self._context_timer.timeout.connect(self._refresh_running_form)
        self.list_sections.currentRowChanged.connect(self.stack.setCurrentIndex)

        self.label_episode = QLabel()
        self.label_episode.setAccessibleName(self.tr("Intake episode"))
        self.label_episode.setTextFormat(Qt.TextFormat.PlainText)
        self.label_episode.setWordWrap(True)  # a long complaint must not widen the chart
        self.combo_history = QComboBox()
        self.combo_history.setMinimumContentsLength(16)
        self.combo_history.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.btn_save = QPushButton(self.tr("Save intake"))
        self.label_status.setAccessibleName(self.tr("Intake status"))
        top = QHBoxLayout()
        top.addWidget(self.label_episode, 1)
        label_history = QLabel(self.tr("Intake version:"))
        label_history.setBuddy(self.combo_history)
        self.combo_history.setAccessibleName(self.tr("Intake version"))
        top.addWidget(label_history)
        top.addWidget(self.combo_history)
        top.addWidget(self.btn_save)
        body = QHBoxLayout()
        body.addWidget(self.list_sections)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.label_status)
        layout.addLayout(body, 1)
        self.list_sections.setCurrentRow(0)

        self.btn_save.clicked.connect(self.save)
        self.combo_history.activated.connect(self._history_chosen)
        self._set_enabled(False)

    # -- loading -------------------------------------------------------------------------

    def unit(self) -> str:
        """The user's distance unit."""
        return self._ctx.settings.distance_unit

    def unit_changed(self) -> None:
        """Show typed distances in the new unit, keeping what was typed."""
        if self.record is None:
            return
        intake, errors = self.collect()
        if errors:
            return
        dirty = self._dirty
        self._loading = True
        for page in self.pages:
            page.load(intake, self.unit())
        self._loading = False
        self._dirty = dirty

    def page(self, title: str) -> SectionPage | RedFlagPage:
        """A section page by its title."""
        if title == self.red_flags.title:
            return self.red_flags
        return next(p for p in self.pages if p.title == title)

    def show_section(self, title: str) -> None:
        """Switch to a section."""
        titles = [p.title for p in self.pages] + [self.red_flags.title]
        self.list_sections.setCurrentRow(titles.index(title))

    def load(self, episode: EpisodeRow | None) -> None:
        """Show the current intake and red-flag state of an episode."""
        self.episode = episode
        if episode is None:
            self.label_episode.setText(self.tr("No episode of care: open one on the Overview tab "
                                               "to record an intake."))
            self.red_flags.show_status(None, None)
            self._set_enabled(False)
            return
        self.label_episode.setText(self.tr("Episode from {0}: {1}").format(
            episode.start_date.isoformat(), episode.complaint.splitlines()[0][:80]))
        episode_id = episode.id

        def fetch() -> tuple[IntakeRecord, list[IntakeRevisionRow], RedFlagStatus]:
            services = self._ctx.services
            return (services.intake.current(episode_id), services.intake.history(episode_id),
                    services.red_flags.status(episode_id))

        self._ctx.reads.submit(fetch, self._show, self._failed)

    def _show(self, result: tuple[IntakeRecord, list[IntakeRevisionRow], RedFlagStatus]) -> None:
        record, history, status = result
        if self.episode is None or record.episode_id != self.episode.id:
            return
        self.combo_history.clear()
        self.combo_history.addItem(self.tr("Current intake"), 0)
        for row in history[1:]:
            self.combo_history.addItem(self.tr("As saved {0} by {1} (revision {2})").format(
                local_time(row.saved_at), row.saved_by, row.revision), row.revision)
        self._fill(record, editable=True)
        self.red_flags.show_status(self.episode.id, status)

    def _fill(self, record: IntakeRecord, editable: bool) -> None:
        self._loading = True
        self.record = record if editable else self.record
        for page in self.pages:
            page.load(record.intake, self.unit())
            page.set_read_only(not editable)
        self._loading = False
        self._dirty = False
        if editable:
            self._loaded, self._conflict = self.collect()[0], None
        self._set_enabled(True, editable)
        if record.revision == 0:
            self.label_status.setText(self.tr("No intake saved yet for this episode."))
        else:
            self.label_status.setText(self.tr("Revision {0}, saved {1} by {2}.{3}").format(
                record.revision, local_time(record.saved_at), record.saved_by,
                "" if editable else " " + self.tr("Read-only: an earlier state of the intake.")))

    def _history_chosen(self, index: int) -> None:
        revision = self.combo_history.itemData(index)
        if self.episode is None:
            return
        if not revision:
            self.load(self.episode)
            return
        self._ctx.reads.submit(
            partial(self._ctx.services.intake.revision, self.episode.id, int(revision)),
            lambda record: self._fill(record, editable=False), self._failed)

    def _set_enabled(self, enabled: bool, editable: bool = True) -> None:
        self.btn_save.setEnabled(enabled and editable)
        self.stack.setEnabled(enabled)
        self.combo_history.setEnabled(enabled)

    def _edited(self) -> None:
        if self.mark_dirty():
            self.label_status.setText(self.tr("Unsaved changes — press Save intake."))
            self._context_timer.start()

    def _refresh_running_form(self) -> None:
        intake, errors = self.collect()
        if not errors:
            self.running_form.show_context(intake, self.unit())

    # -- saving --------------------------------------------------------------------------

    def collect(self) -> tuple[Intake, dict[str, str]]:
        """The intake the pages describe, and messages for values that cannot be read."""
        intake = self.record.intake if self.record else Intake()
        errors: dict[str, str] = {}
        for page in self.pages:
            intake, page_errors = page.apply(intake)
            errors.update(page_errors)
        return intake, errors

    def save(self) -> None:
        """Validate in the service and store a new revision; errors go beside their fields."""
        if self.episode is None or self.record is None:
            return
        intake, local = self.collect()
        if local:
            self._show_errors(local)
            return
        self.btn_save.setEnabled(False)
        service, actor, episode_id, today = (self._ctx.services.intake, self._ctx.require_actor(),
                                             self.episode.id, self._ctx.today())
        if self._conflict is not None:  # keep mine: show what differs, then save over theirs

            def fetch() -> tuple[Intake, int]:
                fresh = service.current(episode_id)
                return fresh.intake, fresh.revision

            labels = {key: label for page in self.pages if isinstance(errors := getattr(page, "errors", None),
                                                                       FieldErrors)
                      for key, label in errors.labels().items()}
            self.write_over_theirs(KeepMine(
                entity=self._conflict.entity, base=self._loaded, mine=intake, fetch=fetch,
                save=lambda merged, revision: service.save(actor, episode_id, merged, revision, today),
                labels=labels), on_cancelled=lambda: self.btn_save.setEnabled(True))
            return
        self.write(partial(service.save, actor, episode_id, intake, self.record.revision, today))

    def title(self) -> str:
        """The edited record, as a question names it."""
        return self.tr("The intake")

    def apply_saved(self, result: tuple[Changes, int]) -> None:
        """Clear the messages and show the new revision with its history."""
        for page in self.pages:
            page.show_errors({})
        self.saved.emit()
        if self.episode is not None:
            self.load(self.episode)  # the revision list and who saved when come from the record

    def save_ended(self) -> None:
        """Save can be pressed again."""
        self.btn_save.setEnabled(True)

    def conflict_hint(self) -> str:
        """Theirs can be reloaded from the revision list."""
        return self.tr("Your values are still on screen: Save again to see what differs and keep "
                       "yours, or choose 'Current intake' to reload theirs.")

    def show_validation(self, errors: dict[str, str]) -> None:
        """Messages beside the fields, on the first section that has one."""
        self._show_errors(errors)

    def _show_errors(self, errors: dict[str, str]) -> None:
        first: int | None = None
        for i, page in enumerate(self.pages):
            page.show_errors(errors)
            if first is None and any(page.owns(k) for k in errors):
                first = i
        if first is not None:
            self.list_sections.setCurrentRow(first)
        self.label_status.setText(self.tr("Not saved: correct the values marked in red "
                                          "({0} problem(s)).").format(len(errors)))

    def show_red_flag_status(self, status: RedFlagStatus) -> None:
        """Refresh the red-flag page after a change elsewhere."""
        if self.episode is not None and status.episode_id == self.episode.id:
            self.red_flags.show_status(self.episode.id, status)
