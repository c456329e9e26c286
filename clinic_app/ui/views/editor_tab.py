"""One lifecycle for the chart's editors (Notes, Intake, Exam, Measures, Plan).

An editor tab has a ``title()``, says whether it ``is_dirty()``, can ``save()`` and, when it edits
one visit's record, ``open_visit(visit_id)``. The main window's Save and its close guard iterate
``ChartView.editors()`` through this protocol instead of naming tabs.

``EditorTab`` holds what the five editors used to write each on their own:

- the dirty flag (``mark_dirty`` ignores edits made while the tab fills its own form; edits
  typed while a save runs stay unsaved after it);
- one status line (``label_status``) for what happened;
- one way to save: ``write(call)`` runs the service call through ``ui.operations.write`` with the
  tab as initiator (the change is published before ``apply_saved`` runs, so the tab skips its
  own change and applies the returned version instead of reloading; a second kind of save, such
  as signing, names its own ``apply``); after a conflict the same ``save()`` goes through the
  keep-mine flow of ``ui.conflicts`` (``write_over_theirs``);
- one failure path: a ``ValidationError`` goes to the tab's one validation display
  (``show_validation``: messages beside the fields), a ``ConflictError`` is remembered for
  keep-mine and explained (``show_conflict``), anything else is described (``show_failure``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, Protocol, runtime_checkable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from clinic_app.domain.errors import ConflictError, ValidationError
from clinic_app.services.dto import VisitRow
from clinic_app.ui.conflicts import KeepMine, keep_mine
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import describe, field_messages
from clinic_app.ui.operations import changes_in, write
from clinic_app.ui.widgets.visit_picker import VisitPicker


@runtime_checkable
class Editor(Protocol):
    """What the main window needs from an editor tab."""

    def title(self) -> str:
        """What the edited record is called in a question ("The exam")."""
        ...

    def is_dirty(self) -> bool:
        """True when the tab holds changes that are not saved."""
        ...

    def save(self) -> None:
        """Store what the tab shows (in the background)."""
        ...


class EditorTab(QWidget):
    """Base of the chart's editors: dirty state, status line, one saved/failed path."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._dirty = False
        self._loading = False
        self._conflict: ConflictError | None = None
        self._record_job: int | None = None  # the read of the record shown (load_record)
        self._edits = 0  # edits counted by mark_dirty; _edits_sent: as many when a save started
        self._edits_sent = 0
        self.label_status = QLabel()
        self.label_status.setWordWrap(True)  # the subclass names it ("Exam status")

    # -- the protocol --------------------------------------------------------------------

    def title(self) -> str:
        """What the edited record is called in a question ("The exam")."""
        raise NotImplementedError

    def is_dirty(self) -> bool:
        """True when the tab holds changes that are not saved."""
        return self._dirty

    def save(self) -> None:
        """Store what the tab shows (in the background)."""
        raise NotImplementedError

    # -- state ---------------------------------------------------------------------------

    def mark_dirty(self) -> bool:
        """An edit by the user (not the tab filling its form): True when it counts."""
        if self._loading:
            return False
        self._dirty = True
        self._edits += 1
        return True

    def mark_clean(self) -> None:
        """The form shows what is stored."""
        self._dirty = False
        self._conflict = None

    def show_status(self, text: str) -> None:
        """Say what happened in the tab's status line."""
        self.label_status.setText(text)

    # -- saving --------------------------------------------------------------------------

    def write(self, call: Callable[[], Any], apply: Callable[[Any], None] | None = None) -> None:
        """Save: run ``call`` on the writer, publish its change as this tab's, then apply it
        (with ``apply``, else ``apply_saved``)."""
        self._edits_sent = self._edits
        write(self._ctx, call, initiator=self, on_done=partial(self._saved, apply=apply),
              on_failed=self._save_failed)

    def write_over_theirs(self, case: KeepMine[Any], on_cancelled: Callable[[], None]) -> bool:
        """After a conflict: show what differs and save the merged record. False: no conflict."""
        if self._conflict is None:
            return False
        self._edits_sent = self._edits
        keep_mine(self, self._ctx, self._conflict, case, on_saved=self._saved_over_theirs,
                  on_failed=self._save_failed, on_cancelled=on_cancelled)
        return True

    def _saved_over_theirs(self, result: Any) -> None:
        changes = changes_in(result)
        if changes is not None:
            self._ctx.bus.publish(changes, self)
        self._saved(result)

    def _saved(self, result: Any, apply: Callable[[Any], None] | None = None) -> None:
        if self._edits == self._edits_sent:
            self.mark_clean()
        else:  # typed while it saved: that is not saved yet
            self._conflict = None
        (apply or self.apply_saved)(result)

    def _save_failed(self, exc: BaseException) -> None:
        self.save_ended()
        if isinstance(exc, ValidationError):
            self.show_validation(field_messages(exc))
        elif isinstance(exc, ConflictError):
            self._conflict = exc
            self.show_conflict(exc)
        else:
            self.show_failure(exc)

    def load_record(self, fetch: Callable[[], Any], show: Callable[[Any], None]) -> None:
        """Read the record to show in the background; a newer read replaces an older one still
        running, so a slower, older load never wins."""
        self._ctx.reads.cancel(self._record_job)

        def shown(result: Any) -> None:
            self._record_job = None
            show(result)

        self._record_job = self._ctx.reads.submit(fetch, shown, self._failed)

    def _failed(self, exc: BaseException) -> None:
        """A read failed: say so in the status line."""
        self.show_status(describe(exc))

    # -- what each editor fills in -------------------------------------------------------

    def apply_saved(self, result: Any) -> None:
        """Show the saved record (the service's result), without reading it again."""
        raise NotImplementedError

    def show_validation(self, errors: dict[str, str]) -> None:
        """The tab's one validation display: messages beside their fields."""
        raise NotImplementedError

    def save_ended(self) -> None:
        """A save failed: let the user edit and save again."""

    def show_conflict(self, exc: ConflictError) -> None:
        """Someone else saved first: say so (the next save can keep mine)."""
        self.show_status(describe(exc) + " " + self.conflict_hint())

    def show_failure(self, exc: BaseException) -> None:
        """A save failed for another reason: describe it."""
        self.show_status(describe(exc))

    def conflict_hint(self) -> str:
        """What to do after someone else saved first."""
        return self.tr("Save again to see what differs and keep yours.")


class VisitRecordTab(EditorTab):
    """An editor of one visit's record, picked in ``combo_visit`` (Exam, Measures)."""

    combo_visit: VisitPicker
    view: Any  # the record shown (with ``visit_id``), or None

    def visit_row(self, label: str, *buttons: QWidget) -> QHBoxLayout:
        """The row above the form: ``label`` naming the visit picker, then the tab's buttons."""
        row = QHBoxLayout()
        label_visit = QLabel(label)
        label_visit.setBuddy(self.combo_visit)
        row.addWidget(label_visit)
        row.addWidget(self.combo_visit)
        row.addStretch(1)
        for button in buttons:
            row.addWidget(button)
        return row

    def set_visits(self, rows: list[VisitRow]) -> None:
        """The patient's visits (newest first); keeps the current one selected if listed."""
        current = self.view.visit_id if self.view else None
        target = self.combo_visit.set_visits(rows, current)
        if target is None:
            self.view = None
            self.show_record(None)
        elif target != current or not self._dirty:
            self.open_visit(target)  # also after signing: the visit is shown read-only

    def open_visit(self, visit_id: int) -> None:
        """Show ``visit_id``'s record."""
        raise NotImplementedError

    def show_record(self, view: Any) -> None:
        """Fill the form from ``view`` (None: no visit to show)."""
        raise NotImplementedError
