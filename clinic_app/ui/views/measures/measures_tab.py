"""The Measures tab: pick a visit, enter outcome measures, see scores as they are typed."""

from __future__ import annotations

import logging
from functools import partial

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.errors import ValidationError
from clinic_app.domain.measures.instrument_text import DEFAULT_TEXT, InstrumentText
from clinic_app.domain.measures.outcomes import PSFS_MAX_ACTIVITIES, PsfsRatings, VisitMeasures
from clinic_app.services.context import Changes
from clinic_app.services.measures import MeasuresView
from clinic_app.ui.conflicts import KeepMine
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import describe, field_messages
from clinic_app.ui.operations import write
from clinic_app.ui.views.editor_tab import VisitRecordTab
from clinic_app.ui.views.measures.instruments import NprsBox, OdiBox, PsfsBox, RmdqBox, StartBackBox
from clinic_app.ui.widgets.announce import announce, set_field_message
from clinic_app.ui.widgets.forms import with_error_line
from clinic_app.ui.widgets.labels import apply_visible_labels
from clinic_app.ui.widgets.visit_picker import VisitPicker

logger = logging.getLogger(__name__)
INVALID_STYLE = "border: 2px solid #b00020;"


class ActivitiesDialog(QDialog):
    """Name the 3-5 activities the patient finds hard; a new list starts a new PSFS series."""

    def __init__(self, current: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("PSFS activities"))
        form = QFormLayout()
        self.edits: list[QLineEdit] = []
        for i in range(PSFS_MAX_ACTIVITIES):
            edit = QLineEdit(current[i] if i < len(current) else "")
            edit.setAccessibleName(self.tr("Activity {0}").format(i + 1))
            edit.setPlaceholderText(self.tr("e.g. run 10 km without stopping") if i == 0 else "")
            form.addRow(self.tr("Activity {0}:").format(i + 1), edit)
            self.edits.append(edit)
        note = QLabel(self.tr("Name 3 to 5 activities. Changing them starts a new series: earlier "
                              "ratings stay with the old activities."))
        note.setWordWrap(True)
        self.label_error = QLabel()
        self.label_error.setStyleSheet("color:#b00020;")
        self.label_error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.btn_save = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.label_error)
        layout.addWidget(buttons)
        apply_visible_labels(self)

    def names(self) -> list[str]:
        """The non-empty names typed, in order."""
        return [e.text().strip() for e in self.edits if e.text().strip()]


class MeasuresTab(VisitRecordTab):
    """NPRS, ODI, RMDQ, PSFS and STarT Back for one visit."""

    def __init__(self, ctx: UiContext, text: InstrumentText = DEFAULT_TEXT,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.view: MeasuresView | None = None
        self._loaded: VisitMeasures | None = None  # as loaded on screen: what "mine" changed from
        self.combo_visit = VisitPicker(self.tr("Measured at visit"))
        self.btn_save = QPushButton(self.tr("Save measures"))
        self.label_status.setAccessibleName(self.tr("Measures status"))
        self.label_text = QLabel()
        self.label_text.setStyleSheet("color:#667; font-size:9pt;")
        top = self.visit_row(self.tr("Measured at visit:"), self.btn_save)

        self.nprs = NprsBox()
        self.odi = OdiBox(text)
        self.rmdq = RmdqBox()
        self.psfs = PsfsBox()
        self.startback = StartBackBox(text)
        self._messages: dict[str, tuple[QGroupBox, QLabel]] = {}
        body = QWidget()
        grid = QGridLayout(body)
        grid.addWidget(self._with_messages("nprs", self.nprs), 0, 0)
        grid.addWidget(self._with_messages("psfs", self.psfs), 1, 0)
        grid.addWidget(self._with_messages("startback", self.startback), 2, 0)
        grid.addWidget(self._with_messages("odi", self.odi), 0, 1, 2, 1)
        grid.addWidget(self._with_messages("rmdq", self.rmdq), 2, 1)
        grid.setRowStretch(3, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.label_status)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.label_text)
        self.set_text(text)

        for box in (self.nprs, self.odi, self.rmdq, self.psfs, self.startback):
            box.changed.connect(self._edited)
        self.psfs.edit_activities.connect(self.edit_activities)
        self.btn_save.clicked.connect(self.save)
        self.combo_visit.visit_chosen.connect(self.open_visit)
        self.show_record(None)

    def _with_messages(self, key: str, box: QGroupBox) -> QWidget:
        """The instrument's box with the place for its messages right under it."""
        holder, label = with_error_line(box, self.tr("{0} messages").format(box.title()))
        self._messages[key] = (box, label)
        return holder

    def show_errors(self, errors: dict[str, str]) -> dict[str, str]:
        """Show each message under its instrument, naming the field by its visible label.

        ``nprs.back_worst`` becomes "Back, Worst in 24 h: …" and that field is outlined.
        Returns the messages that belong to no instrument (for the status line).
        """
        self.clear_errors()
        lines: dict[str, list[str]] = {}
        rest: dict[str, str] = {}
        for key, message in errors.items():
            instrument, _, name = key.partition(".")
            if instrument not in self._messages:
                rest[key] = message
                continue
            edit = self.nprs.edits.get(name) if instrument == "nprs" else None
            if edit is not None:
                edit.setStyleSheet(INVALID_STYLE)
                set_field_message(edit, message)
            lines.setdefault(instrument, []).append(
                f"{edit.accessibleName()}: {message}" if edit is not None else message)
        for instrument, texts in lines.items():
            label = self._messages[instrument][1]
            label.setText("\n".join(texts))
            label.show()
            announce(label, label.text(), assertive=True)
        return rest

    def clear_errors(self) -> None:
        """Remove every message and outline."""
        for _box, label in self._messages.values():
            label.clear()
            label.hide()
        for edit in self.nprs.edits.values():
            edit.setStyleSheet("")
            set_field_message(edit, "")

    def set_text(self, text: InstrumentText) -> None:
        """Use short labels or a licensed text pack's wording."""
        self.odi.set_text(text)
        self.startback.set_text(text)
        self.label_text.setText(self.tr("ODI and STarT Back wording: {0}").format(text.source))

    # -- loading -------------------------------------------------------------------------

    def open_visit(self, visit_id: int) -> None:
        """Load a visit's measures."""
        self.combo_visit.select(visit_id)
        self.load_record(partial(self._ctx.services.measures.get, visit_id), self._show)

    def _show(self, view: MeasuresView) -> None:
        self.view = view
        self._loading = True
        m = view.measures
        self.nprs.set_values(m.nprs)
        self.odi.max_missing = view.odi_max_missing
        self.odi.set_sections(m.odi)
        self.rmdq.set_ticked(m.rmdq)
        series = view.psfs
        self.psfs.set_activities(series.id if series else None, series.activities if series else ())
        same_series = m.psfs is not None and series is not None and m.psfs.series_id == series.id
        self.psfs.set_ratings(m.psfs.ratings if same_series and m.psfs else None)
        self.startback.set_answers(m.startback)
        self.clear_errors()
        self._loading = False
        self._dirty = False
        self._loaded, self._conflict = self.measures()[0], None
        self.show_record(view)

    def show_record(self, view: MeasuresView | None) -> None:
        editable = view is not None and not view.locked
        for box in (self.nprs, self.odi, self.rmdq, self.psfs, self.startback):
            box.setEnabled(editable)
        self.btn_save.setEnabled(editable)
        if view is None:
            self.label_status.setText(self.tr("No visit yet: add one on the Notes tab."))
        elif view.locked:
            self.label_status.setText(self.tr("The visit note is signed: these measures are "
                                              "read-only."))
        elif view.exists:
            self.label_status.setText(self.tr("Measures saved for {0}.").format(
                view.measured_on.isoformat()))
        else:
            self.label_status.setText(self.tr("Nothing recorded for this visit yet."))

    def _edited(self) -> None:
        self.mark_dirty()

    # -- saving --------------------------------------------------------------------------

    def measures(self) -> tuple[VisitMeasures, dict[str, str]]:
        """The measures typed, and messages (by field) for what cannot be read."""
        problems = {f"nprs.{n}": self.tr("Type a whole number from 0 to 10.")
                    for n in self.nprs.unreadable()}
        ratings = self.psfs.ratings()
        if self.psfs.unreadable():
            problems["psfs"] = self.tr("Rate every activity from 0 to 10, or leave them all empty.")
        if self.startback.item9_missing():
            problems["startback"] = self.tr("Answer item 9, or untick “Completed today”.")
        psfs = (PsfsRatings(self.psfs.series_id, ratings)
                if ratings is not None and self.psfs.series_id is not None else None)
        return VisitMeasures(self.nprs.values(), self.odi.sections(), self.rmdq.ticked(), psfs,
                             self.startback.answers()), problems

    def save(self) -> None:
        """Validate in the service (scores from the domain core) and store."""
        view = self.view
        if view is None or view.locked:
            return
        measures, problems = self.measures()
        if problems:
            self._refused(problems)
            return
        self.clear_errors()
        self.btn_save.setEnabled(False)
        service, actor, today = self._ctx.services.measures, self._ctx.require_actor(), self._ctx.today()
        if self._conflict is not None:  # keep mine: show what differs, then save over theirs

            def fetch() -> tuple[VisitMeasures, int]:
                fresh = service.get(view.visit_id)
                return fresh.measures, fresh.version

            labels = {f"nprs.{key}": self.tr("NPRS {0}").format(edit.accessibleName())
                      for key, edit in self.nprs.edits.items()}
            labels.update({"odi": self.odi.title(), "rmdq": self.rmdq.title(),
                           "psfs": self.psfs.title(), "startback": self.startback.title()})
            self.write_over_theirs(KeepMine(
                entity=self._conflict.entity, base=self._loaded, mine=measures, fetch=fetch,
                save=lambda merged, version: service.save(actor, view.visit_id, merged, version, today),
                labels=labels), on_cancelled=lambda: self.btn_save.setEnabled(True))
            return
        self.write(partial(service.save, actor, view.visit_id, measures, view.version, today))

    def title(self) -> str:
        """The edited record, as a question names it."""
        return self.tr("The outcome measures")

    def apply_saved(self, result: tuple[Changes, int]) -> None:
        """Show the stored measures with the scores the service computed from them."""
        if self.view is not None:
            self.open_visit(self.view.visit_id)

    def show_validation(self, errors: dict[str, str]) -> None:
        """Messages under the measures they are about."""
        self._refused(errors)

    def save_ended(self) -> None:
        """The Save button again, unless the visit was signed meanwhile."""
        self.btn_save.setEnabled(self.view is not None and not self.view.locked)

    def _refused(self, errors: dict[str, str]) -> None:
        rest = self.show_errors(errors)
        text = self.tr("Not saved: correct what is marked under the measures.")
        if rest:
            text = self.tr("Not saved: ") + describe(ValidationError(rest))
        self.label_status.setText(text)

    def edit_activities(self) -> None:
        """Name (or rename) the PSFS activities: a new series."""
        view = self.view
        if view is None:
            return
        self._ask_activities(ActivitiesDialog(view.psfs.activities if view.psfs else (), self),
                             view.episode_id)

    def _ask_activities(self, dialog: ActivitiesDialog, episode_id: int) -> None:
        if not dialog.exec():
            return
        names = dialog.names()

        def started(changes: Changes) -> None:
            # Only the PSFS rows change: scores typed elsewhere on the form stay as they are.
            self.psfs.set_activities(changes.created_id, tuple(names))
            self._dirty = True

        def refused(exc: BaseException) -> None:
            if not isinstance(exc, ValidationError):
                self.show_status(describe(exc))
                return
            dialog.label_error.setText(" ".join(field_messages(exc).values()))
            dialog.label_error.show()
            self._ask_activities(dialog, episode_id)  # the names stay, with what is wrong

        write(self._ctx, partial(self._ctx.services.measures.start_psfs_series,
                                 self._ctx.require_actor(), episode_id, names),
              initiator=self, on_done=started, on_failed=refused)
