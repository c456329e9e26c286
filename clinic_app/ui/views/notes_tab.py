"""Notes: the visit list and a SOAP editor with draft autosave, signing and amendments.

The note is an ``EditorTab``: a draft save, signing and an amendment all go through its one save
and failure path. What is the note's own: the autosave timer, the conflict banner with Reload
theirs / Keep mine, and read-only signed notes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.errors import ConflictError, RecordLocked
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP
from clinic_app.services.care import SoapText
from clinic_app.services.context import Changes
from clinic_app.services.dto import VisitNote
from clinic_app.ui.conflicts import KeepMine
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import describe
from clinic_app.ui.models.visit_list_model import KIND_LABELS, VisitListModel
from clinic_app.ui.views.editor_tab import EditorTab
from clinic_app.ui.widgets.tables import configure_table

logger = logging.getLogger(__name__)

SECTIONS = (
    ("subjective", QT_TRANSLATE_NOOP("NotesTab", "Subjective")),
    ("objective", QT_TRANSLATE_NOOP("NotesTab", "Objective")),
    ("assessment", QT_TRANSLATE_NOOP("NotesTab", "Assessment")),
    ("plan", QT_TRANSLATE_NOOP("NotesTab", "Plan")),
)

DraftSaved = tuple[Changes, int, int, SoapText]
"""A stored draft: the change, the note's new version, the note's id and the text stored."""


class NotesTab(EditorTab):
    """Pick a visit on the left; write, save, sign or amend its note on the right."""

    new_visit_requested = Signal()

    def __init__(self, ctx: UiContext, visits: VisitListModel,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._visits = visits
        self._note: VisitNote | None = None
        self._version = 0
        self._base = SoapText()  # the text as last loaded or saved here: what "mine" changed from
        self._saving = False  # a draft save or signing is under way: no second draft save

        self.table_visits = QTableView()
        self.table_visits.setAccessibleName(self.tr("Visits"))
        self.table_visits.setModel(visits)
        configure_table(self.table_visits, {0: 122, 3: 60}, stretch=1)
        for column in (2, 4):
            self.table_visits.hideColumn(column)
        visits.follow(self.table_visits)
        self.btn_new_visit = QPushButton(self.tr("New visit…"))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table_visits, 1)
        left_layout.addWidget(self.btn_new_visit)

        self.label_title = QLabel(self.tr("Select a visit, or add one with New visit."))
        self.label_title.setAccessibleName(self.tr("Note"))
        self.label_title.setTextFormat(Qt.TextFormat.PlainText)
        self.label_title.setStyleSheet("font-weight:600;")
        self.label_banner = QLabel()
        self.label_banner.setWordWrap(True)
        self.label_banner.setAccessibleName(self.tr("Note message"))
        self.label_banner.setStyleSheet(
            "background:#fff4ce; border:1px solid #e0b100; padding:6px;")
        self.label_banner.hide()
        self.btn_reload = QPushButton(self.tr("Reload theirs"))
        self.btn_keep = QPushButton(self.tr("Keep mine"))
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.label_banner, 1)
        banner_row.addWidget(self.btn_reload)
        banner_row.addWidget(self.btn_keep)

        form = QFormLayout()
        self.editors: dict[str, QPlainTextEdit] = {}
        for key, label in SECTIONS:
            editor = QPlainTextEdit()
            label_text = QCoreApplication.translate("NotesTab", label)
            editor.setAccessibleName(label_text)
            editor.setTabChangesFocus(True)
            editor.textChanged.connect(self._edited)
            form.addRow(label_text + ":", editor)
            self.editors[key] = editor

        self.label_status.setAccessibleName(self.tr("Save status"))
        self.btn_save = QPushButton(self.tr("Save draft"))
        self.btn_sign = QPushButton(self.tr("Sign note…"))
        actions = QHBoxLayout()
        actions.addWidget(self.label_status, 1)
        actions.addWidget(self.btn_save)
        actions.addWidget(self.btn_sign)

        self.label_amendments = QLabel()
        self.label_amendments.setWordWrap(True)
        self.label_amendments.setTextFormat(Qt.TextFormat.PlainText)
        self.label_amendments.setAccessibleName(self.tr("Amendments"))
        self.edit_amendment = QPlainTextEdit()
        self.edit_amendment.setAccessibleName(self.tr("New amendment"))
        self.edit_amendment.setPlaceholderText(self.tr("Type an amendment to the signed note"))
        self.edit_amendment.setFixedHeight(60)
        self.edit_amendment.setTabChangesFocus(True)
        self.btn_amend = QPushButton(self.tr("Add amendment"))
        self.amend_box = QWidget()
        amend_layout = QVBoxLayout(self.amend_box)
        amend_layout.setContentsMargins(0, 0, 0, 0)
        amend_layout.addWidget(self.label_amendments)
        amend_row = QHBoxLayout()
        amend_row.addWidget(self.edit_amendment, 1)
        amend_row.addWidget(self.btn_amend, 0, Qt.AlignmentFlag.AlignBottom)
        amend_layout.addLayout(amend_row)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.label_title)
        right_layout.addLayout(banner_row)
        right_layout.addLayout(form, 1)
        right_layout.addLayout(actions)
        right_layout.addWidget(self.amend_box)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("notesSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([300, 700])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.timeout.connect(self.save_draft)
        self.btn_save.clicked.connect(self.save_draft)
        self.btn_sign.clicked.connect(self.sign)
        self.btn_amend.clicked.connect(self.add_amendment)
        self.btn_reload.clicked.connect(self._reload_theirs)
        self.btn_keep.clicked.connect(self._keep_mine)
        self.btn_new_visit.clicked.connect(self.new_visit_requested)
        self.table_visits.selectionModel().currentRowChanged.connect(self._visit_selected)
        self._show_banner(None)
        self._set_editable(False)
        self.amend_box.hide()

    # -- state ---------------------------------------------------------------------------

    @property
    def note(self) -> VisitNote | None:
        """The note being shown."""
        return self._note

    def title(self) -> str:
        """The edited record, as a question names it."""
        return self.tr("The note you are writing")

    def save(self) -> None:
        """Ctrl+S on the note: keep the draft now."""
        self.save_draft()

    def soap(self) -> SoapText:
        """The text in the four editors."""
        return SoapText(**{key: self.editors[key].toPlainText() for key, _ in SECTIONS})

    def open_visit(self, visit_id: int) -> None:
        """Select a visit in the list and load its note."""
        row = self._visits.row_of(visit_id)
        if row >= 0:
            self.table_visits.selectRow(row)
        self._load(visit_id)

    def _visit_selected(self, current: object, _previous: object) -> None:
        from PySide6.QtCore import QModelIndex

        if isinstance(current, QModelIndex) and current.isValid():
            visit_id = self._visits.row_at(current.row()).id
            if self._note is None or self._note.id != visit_id:
                self._load(visit_id)

    def _load(self, visit_id: int) -> None:
        if self._dirty and self._note is not None:
            self.save_draft()
        self.load_record(partial(self._ctx.services.care.get_note, visit_id), self._show_note)

    def _show_note(self, note: VisitNote) -> None:
        self._note = note
        self._version = note.version
        self._base = _soap_of(note)
        self._show_banner(None)
        self._put_text(self._base)
        self.mark_clean()
        when = note.starts_at.astimezone().strftime("%Y-%m-%d %H:%M")
        kind = QCoreApplication.translate("VisitListModel", KIND_LABELS[note.kind])
        title = f"{when} · {kind} · {note.clinician}"
        if note.signed and note.signed_at:
            title += " · " + self.tr("signed by {0} {1}").format(
                note.signed_by, note.signed_at.astimezone().strftime("%Y-%m-%d %H:%M"))
        else:
            title += " · " + self.tr("draft")
        self.label_title.setText(title)
        self.show_status("")
        self._set_editable(not note.signed)
        self.amend_box.setVisible(note.signed)
        amended = self.tr("Amendment by {0}, {1}:")
        self.label_amendments.setText("\n\n".join(
            f"{amended.format(a.author, _local(a.created_at))}\n{a.text}"
            for a in note.amendments) or self.tr("No amendments."))

    def _set_editable(self, editable: bool) -> None:
        for editor in self.editors.values():
            editor.setReadOnly(not editable)
        self.btn_save.setEnabled(editable)
        self.btn_sign.setEnabled(editable)

    def _edited(self) -> None:
        if self._note is None or self._note.signed or not self.mark_dirty():
            return
        self.show_status(self.tr("Unsaved changes"))
        self._autosave.start(self._ctx.settings.autosave_ms)

    # -- saving --------------------------------------------------------------------------

    def save_draft(self) -> None:
        """Save the draft now (also run by the autosave timer)."""
        self._autosave.stop()
        note = self._note
        if note is None or note.signed or not self._dirty or self._saving:
            return
        self._saving = True
        self.show_status(self.tr("Saving…"))
        self.write(partial(self._draft_saver(note.id), self.soap(), self._version))

    def _draft_saver(self, visit_id: int) -> Callable[[SoapText, int], DraftSaved]:
        """Saves the note's draft over a version, on the writer (a save or keep mine)."""
        care, actor = self._ctx.services.care, self._ctx.require_actor()

        def save(soap: SoapText, version: int) -> DraftSaved:
            changes, stored = care.save_draft(actor, visit_id, soap, version)
            return changes, stored, visit_id, soap

        return save

    def apply_saved(self, result: DraftSaved) -> None:
        """Show the stored draft's version; after keep mine, the merged text."""
        self._saving = False
        _changes, version, visit_id, soap = result
        if self._note is None or self._note.id != visit_id:
            return  # another note is shown now
        self._version, self._base = version, soap
        self._show_banner(None)
        if self._dirty:  # typed while it saved: that is saved next
            self._autosave.start(self._ctx.settings.autosave_ms)
            return
        if soap != self.soap():
            self._put_text(soap)  # the merged text: their untouched sections are kept
        self.show_status(self.tr("Draft saved {0}").format(
            self._ctx.clock.now().astimezone().strftime("%H:%M:%S")))

    def show_validation(self, errors: dict[str, str]) -> None:
        """The note has no place beside its sections: the messages go in the status line."""
        self.show_status("\n".join(errors.values()))

    def save_ended(self) -> None:
        """A save failed: the draft can be typed and saved again (unless it is signed)."""
        self._saving = False
        self._set_editable(self._note is not None and not self._note.signed)

    def show_conflict(self, exc: ConflictError) -> None:
        """Someone else saved the note first: the banner offers Reload theirs and Keep mine."""
        self._show_banner(exc)
        self.show_status(self.tr("Unsaved changes"))

    def show_failure(self, exc: BaseException) -> None:
        """Keeping mine found the note signed meanwhile: show it signed. Else describe it."""
        note = self._note
        if isinstance(exc, RecordLocked) and note is not None and self._conflict is not None:
            self._ctx.reads.submit(partial(self._ctx.services.care.get_note, note.id),
                                   self._signed_meanwhile, self._failed)
            return
        super().show_failure(exc)

    def _show_banner(self, exc: ConflictError | None) -> None:
        visible = exc is not None
        if exc is not None:
            self.label_banner.setText(describe(exc))
        self.label_banner.setVisible(visible)
        self.btn_reload.setVisible(visible)
        self.btn_keep.setVisible(visible)

    def _reload_theirs(self) -> None:
        if self._note is not None:
            self.mark_clean()
            self._load(self._note.id)

    def _keep_mine(self) -> None:
        """Show what differs from the other version, then save the typed text over it."""
        note, conflict = self._note, self._conflict
        if note is None or conflict is None:
            return
        self._autosave.stop()
        care = self._ctx.services.care

        def fetch() -> tuple[SoapText, int]:
            fresh = care.get_note(note.id)
            if fresh.signed:
                raise RecordLocked("signed")
            return _soap_of(fresh), fresh.version

        self.write_over_theirs(KeepMine(
            entity=conflict.entity, base=self._base, mine=self.soap(), fetch=fetch,
            save=self._draft_saver(note.id), labels=dict(SECTIONS)), on_cancelled=self.save_ended)

    def _put_text(self, soap: SoapText) -> None:
        self._loading = True  # the tab fills its editors: not an edit
        for key, _ in SECTIONS:
            self.editors[key].setPlainText(getattr(soap, key))
        self._loading = False

    def _signed_meanwhile(self, fresh: VisitNote) -> None:
        self._show_note(fresh)
        self.show_status(self.tr("The note was signed meanwhile; add an amendment instead."))

    def sign(self) -> None:
        """Sign after confirmation: the note can then only be amended."""
        note = self._note
        if note is None or note.signed:
            return
        answer = QMessageBox.question(
            self, self.tr("Sign note?"),
            self.tr("A signed note can no longer be edited; later changes become amendments. "
                    "Sign this note now?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        actor = self._ctx.require_actor()
        care = self._ctx.services.care
        soap, version, dirty = self.soap(), self._version, self._dirty

        def save_then_sign() -> Changes:
            current = version
            if dirty:
                _, current = care.save_draft(actor, note.id, soap, version)
            return care.sign(actor, note.id, current)

        self._autosave.stop()
        self._saving = True
        self._set_editable(False)  # nothing typed while it signs is lost
        self.write(save_then_sign, apply=partial(self._after_write, note.id))

    def add_amendment(self) -> None:
        """Append the typed amendment to the signed note."""
        note = self._note
        if note is None:
            return
        self.write(partial(self._ctx.services.care.amend, self._ctx.require_actor(), note.id,
                           self.edit_amendment.toPlainText()),
                   apply=partial(self._after_write, note.id))

    def _after_write(self, visit_id: int, _changes: Changes) -> None:
        """Signed or amended (the change was published as this tab's): show the stored note."""
        self._saving = False
        self.edit_amendment.clear()
        self._load(visit_id)

    def clear(self) -> None:
        """Show no note (another patient was opened)."""
        self._autosave.stop()
        self._note = None
        self._put_text(SoapText())
        self.mark_clean()
        self._set_editable(False)
        self.amend_box.hide()
        self._show_banner(None)
        self.label_title.setText(self.tr("Select a visit, or add one with New visit."))
        self.show_status("")


def _local(value: datetime) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


def _soap_of(note: VisitNote) -> SoapText:
    return SoapText(**{key: getattr(note, key) for key, _ in SECTIONS})
