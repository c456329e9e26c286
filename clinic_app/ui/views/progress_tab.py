"""The Progress tab: graphs of an episode, built only when first shown (pyqtgraph is heavy)."""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from typing_extensions import override

from clinic_app.services.progress_dto import ProgressData
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import describe

if TYPE_CHECKING:
    from clinic_app.ui.plots.progress_view import ProgressView

logger = logging.getLogger(__name__)


class ProgressTab(QWidget):
    """Loads the episode's progress read model in the background and hands it to the graphs."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.view: ProgressView | None = None
        self.data: ProgressData | None = None
        self._target: tuple[int, int] | None = None
        self._job: int | None = None
        self._stale = True
        self.label_status = QLabel(self.tr("Open a patient with an episode of care to see progress."))
        self.label_status.setWordWrap(True)
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.label_status)

    def show_episode(self, patient_id: int, episode_id: int | None) -> None:
        """Follow the chart's episode; data is fetched when the tab is visible."""
        target = (patient_id, episode_id) if episode_id is not None else None
        if target != self._target:
            self._target = target
            self.data = None
        self._stale = True
        if self.isVisible():
            self.refresh()

    def mark_stale(self) -> None:
        """Something the graphs show changed; refresh now if visible, else when next shown."""
        self._stale = True
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Fetch the progress read model off the GUI thread."""
        if self._target is None:
            self._apply(None)
            return
        self._stale = False
        patient_id, episode_id = self._target
        self._ctx.reads.cancel(self._job)
        self._job = self._ctx.reads.submit(
            partial(self._ctx.services.progress.progress, patient_id, episode_id), self._apply,
            self._failed)

    def _ensure_view(self) -> ProgressView:
        if self.view is None:
            from clinic_app.ui.plots.progress_view import ProgressView

            self.view = ProgressView()
            self._layout.addWidget(self.view, 1)
        return self.view

    def _apply(self, data: ProgressData | None) -> None:
        self._job = None
        self.data = data
        if data is None:
            self.label_status.setText(self.tr("No episode of care to show."))
            self.label_status.show()
            if self.view is not None:
                self.view.set_data(None)
            return
        self.label_status.hide()
        view = self._ensure_view()
        view.set_data_async(data, self._ctx.reads)

    def _failed(self, exc: BaseException) -> None:
        self.label_status.setText(describe(exc))
        self.label_status.show()

    @override
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()
