"""The Plan tab: phase, goals and dosed exercises; templates; history; the walk/run programme."""

from __future__ import annotations

import logging
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.errors import ValidationError
from clinic_app.domain.rehab.exercises import Exercise, RehabPhase
from clinic_app.domain.rehab.plans import Plan, PlanItem, item_for, phase_defaults, step
from clinic_app.services.context import Changes
from clinic_app.services.dto import EpisodeRow
from clinic_app.services.exercises import LibraryEntry
from clinic_app.services.plans import PlanRecord
from clinic_app.services.red_flags import RedFlagStatus
from clinic_app.ui.conflicts import KeepMine
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import describe, field_messages
from clinic_app.ui.operations import read, write
from clinic_app.ui.views.editor_tab import EditorTab
from clinic_app.ui.views.intake.red_flag_page import local_time
from clinic_app.ui.views.plan.contraindication_banner import ContraindicationBanner
from clinic_app.ui.views.plan.custom_exercise import CustomExerciseDialog
from clinic_app.ui.views.plan.dose_editor import DoseEditor
from clinic_app.ui.views.plan.library_panel import LibraryPanel, thumbnail
from clinic_app.ui.views.plan.plan_items_column import PlanItemsColumn
from clinic_app.ui.views.plan.run_panel import RunPanel
from clinic_app.ui.widgets.scrolling import vertical_scroll

logger = logging.getLogger(__name__)
LOCK_STYLE = "background:#fdecea; color:#8a1c1c; border:1px solid #f5c2c0; padding:6px;"


class PlanTab(EditorTab):
    """Build and save the episode's plan; every save is kept as a revision."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.episode: EpisodeRow | None = None
        self.record: PlanRecord | None = None
        self._loaded: Plan | None = None  # the plan as loaded: what "mine" changed from
        self.plan = Plan()
        self.library: dict[str, Exercise] = {}
        self.entries: list[LibraryEntry] = []
        self.status: RedFlagStatus | None = None
        self._history: list[PlanRecord] = []
        self._editable = False  # the current plan is shown and no red flag locks it

        self.label_lock = QLabel()
        self.label_lock.setStyleSheet(LOCK_STYLE)
        self.label_lock.setWordWrap(True)
        self.label_lock.setAccessibleName(self.tr("Loading lock"))
        self.label_lock.hide()
        self.label_status.setWordWrap(False)
        self.label_status.setAccessibleName(self.tr("Plan status"))
        self.combo_history = QComboBox()
        self.combo_history.setAccessibleName(self.tr("Plan version"))
        self.combo_template = QComboBox()
        self.combo_template.setAccessibleName(self.tr("Template"))
        self.btn_template = QPushButton(self.tr("Use template"))
        self.btn_save = QPushButton(self.tr("Save plan"))
        self.btn_save_template = QPushButton(self.tr("Save as template…"))
        for combo in (self.combo_history, self.combo_template):
            combo.setMinimumContentsLength(12)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        top = QHBoxLayout()
        label_history = QLabel(self.tr("Plan version:"))
        label_history.setBuddy(self.combo_history)
        top.addWidget(label_history)
        top.addWidget(self.combo_history, 1)
        top.addWidget(self.btn_save)
        templates = QHBoxLayout()
        label_template = QLabel(self.tr("Template:"))
        label_template.setBuddy(self.combo_template)
        templates.addWidget(label_template)
        templates.addWidget(self.combo_template, 1)
        templates.addWidget(self.btn_template)
        templates.addWidget(self.btn_save_template)

        self.library_panel = LibraryPanel()
        self.column = PlanItemsColumn(self.library_panel.list.iconSize())
        middle = self.column
        self.combo_phase, self.edit_goals, self.edit_exit = (
            middle.combo_phase, middle.edit_goals, middle.edit_exit)
        self.list_items = middle.list_items
        self.btn_progress, self.btn_regress, self.btn_remove = (
            middle.btn_progress, middle.btn_regress, middle.btn_remove)
        self.dose_editor = DoseEditor()
        self.run_panel = RunPanel(ctx)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.dose_editor)
        right_layout.addWidget(self.run_panel, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget in (self.library_panel, middle, right):
            splitter.addWidget(vertical_scroll(widget))  # small screens scroll, never widen
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([300, 440, 300])
        for index in range(3):
            splitter.setStretchFactor(index, (2, 3, 2)[index])
        layout = QVBoxLayout(self)
        layout.addWidget(self.label_lock)
        layout.addLayout(top)
        layout.addLayout(templates)
        layout.addWidget(self.label_status)
        self.contraindications = ContraindicationBanner(ctx)
        layout.addWidget(self.contraindications)
        layout.addWidget(splitter, 1)

        self.library_panel.add_requested.connect(self.add_exercise)
        self.library_panel.btn_new.clicked.connect(self.new_exercise)
        self.btn_progress.clicked.connect(lambda: self.step_current(harder=True))
        self.btn_regress.clicked.connect(lambda: self.step_current(harder=False))
        self.btn_remove.clicked.connect(self.remove_current)
        self.list_items.currentRowChanged.connect(self._item_selected)
        self.list_items.model().rowsMoved.connect(self._reordered)
        self.dose_editor.btn_apply.clicked.connect(self.apply_dose)
        self.combo_phase.activated.connect(self._phase_chosen)
        self.edit_goals.textChanged.connect(self._edited)
        self.edit_exit.textChanged.connect(self._edited)
        self.btn_template.clicked.connect(self.use_template)
        self.btn_save.clicked.connect(self.save)
        self.btn_save_template.clicked.connect(self.save_template)
        self.combo_history.activated.connect(self._history_chosen)
        self._set_editable(False)

    # -- loading -------------------------------------------------------------------------

    def load(self, episode: EpisodeRow | None) -> None:
        """Show the episode's plan, templates, library and red-flag lock."""
        self.episode = episode
        self.run_panel.load(episode)
        if episode is None:
            self.label_status.setText(self.tr("Open an episode of care to build a plan."))
            self._set_editable(False)
            return
        services, episode_id = self._ctx.services, episode.id

        def fetch() -> tuple[list[LibraryEntry], list[PlanRecord], list[str], RedFlagStatus]:
            return (services.exercises.library(), services.plans.history(episode_id),
                    [t.name for t in services.plans.templates()], services.red_flags.status(episode_id))

        self._ctx.reads.submit(fetch, self._show, self._failed)

    def _show(self, result: tuple[list[LibraryEntry], list[PlanRecord], list[str], RedFlagStatus]) -> None:
        entries, history, templates, status = result
        self.entries = entries
        self.library = {e.exercise.id: e.exercise for e in entries}
        self.library_panel.set_entries(entries)
        self._history = history
        self.combo_history.clear()
        self.combo_history.addItem(self.tr("Current plan"), 0)
        for record in history[1:]:
            self.combo_history.addItem(self.tr("As given {0} by {1}").format(
                local_time(record.saved_at), record.saved_by), record.revision)
        self.combo_template.clear()
        for name in templates:
            self.combo_template.addItem(name)
        self.record = history[0] if history else PlanRecord(self.episode.id if self.episode else 0,
                                                            0, Plan(), None, "")
        self.show_lock(status)
        self._fill(self.record.plan, editable=True)
        self._loaded, self._conflict = self.current_plan(), None

    def show_lock(self, status: RedFlagStatus) -> None:
        """Lock loading while an emergency or urgent red flag is open, and say why."""
        self.status = status
        self.label_lock.setText(status.lock_reason)
        self.label_lock.setVisible(status.loading_locked)
        self.run_panel.set_locked(status.lock_reason if status.loading_locked else "")
        self._set_editable(self.record is not None and self.combo_history.currentIndex() <= 0)

    def _fill(self, plan: Plan, editable: bool) -> None:
        self.plan = plan
        self.combo_phase.setCurrentIndex(max(self.combo_phase.findData(plan.phase.value), 0))
        for edit, text in ((self.edit_goals, plan.goals), (self.edit_exit, plan.exit_criteria)):
            edit.blockSignals(True)
            edit.setPlainText(text)
            edit.blockSignals(False)
        self._refresh_items(select=0)
        self._dirty = False
        self._set_editable(editable)
        record = self.record
        if record is None or record.revision == 0:
            self.label_status.setText(self.tr("No plan yet: use a template or add exercises from "
                                              "the library."))
        else:
            self.label_status.setText(self.tr("Revision {0}, given {1} by {2}.").format(
                record.revision, local_time(record.saved_at), record.saved_by)
                + ("" if editable else " " + self.tr("Read-only: an earlier plan.")))

    def _refresh_items(self, select: int | None = None) -> None:
        self.list_items.blockSignals(True)
        self.list_items.clear()
        for item in self.plan.items:
            exercise = self.library.get(item.exercise_id)
            name = exercise.name if exercise else item.exercise_id
            path = next((e.image_path for e in self.entries if e.exercise.id == item.exercise_id), None)
            row = QListWidgetItem(f"{name}\n{item.dose.describe()}" + (f"\n“{item.notes}”"
                                                                       if item.notes else ""))
            if path is not None:
                from PySide6.QtGui import QIcon

                row.setIcon(QIcon(thumbnail(str(path))))
            row.setData(Qt.ItemDataRole.UserRole, item.exercise_id)
            self.list_items.addItem(row)
        self.list_items.blockSignals(False)
        self.contraindications.check(self.episode.id if self.episode else None, self.plan)
        if select is not None and 0 <= select < self.list_items.count():
            self.list_items.setCurrentRow(select)
        self._item_selected(self.list_items.currentRow())

    def _set_editable(self, editable: bool) -> None:
        locked = self.status is not None and self.status.loading_locked
        self._editable = editable and not locked
        for widget in (self.combo_phase, self.edit_goals, self.edit_exit, self.list_items,
                       self.btn_progress, self.btn_regress, self.btn_remove, self.btn_template,
                       self.library_panel.btn_add):
            widget.setEnabled(self._editable)
        self.dose_editor.set_editable(self._editable)
        self.btn_save.setEnabled(self._editable and self.episode is not None)
        self.btn_save_template.setEnabled(bool(self.plan.items))

    # -- editing -------------------------------------------------------------------------

    @property
    def editable(self) -> bool:
        """True when the plan on screen may be changed (current plan, no red-flag lock)."""
        return self._editable

    def _refused(self) -> bool:
        """True (and says why) when the plan may not change: locked or an earlier revision."""
        if self._editable:
            return False
        if self.status is not None and self.status.loading_locked:
            self.label_status.setText(self.tr("Nothing changed: the plan is locked while the red "
                                              "flag above is open."))
        else:
            self.label_status.setText(self.tr("Nothing changed: this is an earlier plan. Choose "
                                              "“Current plan” to edit."))
        return True

    def _edited(self) -> None:
        if self.mark_dirty():
            self.label_status.setText(self.tr("Unsaved changes — press Save plan."))

    def title(self) -> str:
        """The edited record, as a question names it."""
        return self.tr("The plan")

    def _phase_chosen(self, _index: int) -> None:
        if self._refused():
            self.combo_phase.setCurrentIndex(max(self.combo_phase.findData(self.plan.phase.value), 0))
            return
        phase = RehabPhase(self.combo_phase.currentData())
        goals, exit_criteria = phase_defaults(phase)
        if not self.edit_goals.toPlainText().strip() or self.plan.phase != phase:
            self.edit_goals.setPlainText(goals)
            self.edit_exit.setPlainText(exit_criteria)
        self.plan = self.plan.with_changes(phase=phase)
        self._edited()

    def add_exercise(self, exercise_id: str) -> None:
        """Add a library exercise at its default dose."""
        if self._refused():
            return
        if any(i.exercise_id == exercise_id for i in self.plan.items):
            self.label_status.setText(self.tr("{0} is already in the plan.").format(
                self.library[exercise_id].name))
            return
        self.plan = self.plan.with_changes(items=(*self.plan.items, item_for(self.library[exercise_id])))
        self._refresh_items(select=len(self.plan.items) - 1)
        self._edited()

    def new_exercise(self) -> None:
        """Add the clinic's own exercise to the library, then show it."""
        if CustomExerciseDialog(self._ctx, self).exec() and self.episode is not None:
            dirty, plan = self._dirty, self.current_plan()
            self._ctx.reads.submit(self._ctx.services.exercises.library,
                                   lambda entries: self._library_refreshed(entries, plan, dirty),
                                   self._failed)

    def _library_refreshed(self, entries: list[LibraryEntry], plan: Plan, dirty: bool) -> None:
        self.entries = entries
        self.library = {e.exercise.id: e.exercise for e in entries}
        self.library_panel.set_entries(entries)
        self.plan = plan
        self._refresh_items()
        self._dirty = dirty

    def step_current(self, harder: bool) -> None:
        """Progress (or regress) the selected exercise in one action."""
        row = self.list_items.currentRow()
        if row < 0 or self._refused():
            return
        try:
            self.plan = step(self.plan, row, self.library, harder)
        except ValueError as exc:
            self.label_status.setText(str(exc))
            return
        self._refresh_items(select=row)
        self._edited()

    def remove_current(self) -> None:
        """Take the selected exercise out of the plan."""
        row = self.list_items.currentRow()
        if row >= 0 and not self._refused():
            items = list(self.plan.items)
            del items[row]
            self.plan = self.plan.with_changes(items=tuple(items))
            self._refresh_items(select=min(row, len(items) - 1))
            self._edited()

    def _reordered(self, *_args: object) -> None:
        if self._refused():
            self._refresh_items(select=self.list_items.currentRow())  # put the order back
            return
        order = [self.list_items.item(r).data(Qt.ItemDataRole.UserRole)
                 for r in range(self.list_items.count())]
        by_id = {i.exercise_id: i for i in self.plan.items}
        self.plan = self.plan.with_changes(items=tuple(by_id[i] for i in order))
        self._edited()

    def _item_selected(self, row: int) -> None:
        item = self.plan.items[row] if 0 <= row < len(self.plan.items) else None
        self.dose_editor.show_item(item)
        exercise = self.library.get(item.exercise_id) if item else None
        self.btn_progress.setToolTip(self.library[exercise.progression].name
                                     if exercise and exercise.progression in self.library else "")
        self.btn_regress.setToolTip(self.library[exercise.regression].name
                                    if exercise and exercise.regression in self.library else "")

    def apply_dose(self) -> None:
        """Use the typed dose and note for the selected exercise."""
        row = self.list_items.currentRow()
        if self._refused():
            return
        dose, message = self.dose_editor.dose()
        if row < 0 or dose is None:
            self.dose_editor.label_error.setText(message)
            return
        items = list(self.plan.items)
        items[row] = PlanItem(items[row].exercise_id, dose, self.dose_editor.edit_notes.text().strip())
        self.plan = self.plan.with_changes(items=tuple(items))
        self._refresh_items(select=row)
        self._edited()

    def use_template(self) -> None:
        """Pre-fill the plan from a template; the clinician then edits it."""
        if self._refused():
            return
        name, plans = self.combo_template.currentText(), self._ctx.services.plans
        episode_id = self.episode.id if self.episode is not None else None

        def fetch() -> tuple[Plan, str]:
            if episode_id is not None:  # fitted to the latest repeated-movement finding
                fit = plans.fit_template_to_episode(name, episode_id)
                return fit.plan, " ".join(fit.notes)
            return plans.from_template(name), ""

        def refused(exc: BaseException) -> None:
            self.label_status.setText(self.tr("Template not used: ") + (
                " ".join(field_messages(exc).values()) if isinstance(exc, ValidationError)
                else describe(exc)))

        read(self._ctx, fetch, self._template_fitted, refused)

    def _template_fitted(self, result: tuple[Plan, str]) -> None:
        plan, notes = result
        self._fill(plan, editable=True)
        self._edited()
        if notes:
            self.label_status.setText(self.label_status.text() + " " + notes)

    def current_plan(self) -> Plan:
        """The plan on screen."""
        return self.plan.with_changes(phase=RehabPhase(self.combo_phase.currentData()),
                                      goals=self.edit_goals.toPlainText().strip(),
                                      exit_criteria=self.edit_exit.toPlainText().strip())

    def save(self) -> None:
        """Store a new revision (refused while loading is locked)."""
        if self.episode is None or self.record is None:
            return
        self.btn_save.setEnabled(False)
        plans, actor, episode_id = self._ctx.services.plans, self._ctx.require_actor(), self.episode.id
        if self._conflict is not None:  # keep mine: show what differs, then save over theirs
            labels = {"phase": self.combo_phase.accessibleName(), "goals": self.edit_goals.accessibleName(),
                      "exit_criteria": self.edit_exit.accessibleName(), "items": self.tr("Exercises")}
            self.write_over_theirs(KeepMine(
                entity=self._conflict.entity, base=self._loaded, mine=self.current_plan(),
                fetch=lambda: (lambda r: (r.plan, r.revision))(plans.current(episode_id)),
                save=partial(plans.save, actor, episode_id), labels=labels),
                on_cancelled=lambda: self._set_editable(True))
            return
        self.write(partial(plans.save, actor, episode_id, self.current_plan(), self.record.revision))

    def apply_saved(self, result: tuple[Changes, int]) -> None:
        """Show the new revision in the plan's history."""
        self.load(self.episode)  # the revision list and who gave it come from the record

    def show_validation(self, errors: dict[str, str]) -> None:
        """What is wrong with the plan, in its status line."""
        self.label_status.setText(self.tr("Not saved: ") + " ".join(errors.values()))

    def save_ended(self) -> None:
        """The plan can be edited and saved again."""
        self._set_editable(True)

    def save_template(self) -> None:
        """Keep the plan on screen as one of the practice's templates."""
        name, ok = QInputDialog.getText(self, self.tr("Save as template"), self.tr("Template name:"))
        if not ok:
            return

        def saved(_changes: object) -> None:
            self.combo_template.addItem(name.strip())
            self.label_status.setText(self.tr("Template “{0}” saved.").format(name.strip()))

        def refused(exc: BaseException) -> None:
            self.label_status.setText(" ".join(field_messages(exc).values())
                                      if isinstance(exc, ValidationError) else describe(exc))

        write(self._ctx, partial(self._ctx.services.plans.save_template, self._ctx.require_actor(),
                                 name, self.current_plan()),
              initiator=self, on_done=saved, on_failed=refused)

    def _history_chosen(self, index: int) -> None:
        revision = self.combo_history.itemData(index)
        record = next((r for r in self._history if r.revision == revision), None)
        if not revision or record is None:
            if self._history:
                self.record = self._history[0]
                self._fill(self._history[0].plan, editable=True)
            return
        self._fill(record.plan, editable=False)
        self.label_status.setText(self.tr("Read-only: the plan as given {0} by {1}.").format(
            local_time(record.saved_at), record.saved_by))
