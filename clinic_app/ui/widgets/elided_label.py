"""A one-line value that never widens its column and never looks whole when it is cut."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget
from typing_extensions import override

from clinic_app.ui.widgets.value_label import ValueLabel


class ElidedLabel(ValueLabel):
    """Plain text on one line, ended with "…" where the column is too narrow for it.

    A long unbroken value (an e-mail address) would otherwise make the column as wide as the
    value, past the edge of the screen, or be cut with nothing to show it. The whole value is
    in the tooltip; it can be selected and copied only while it is shown whole, so a cut value
    is never copied as if it were complete.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._whole = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_value(self, text: str) -> None:
        """Show ``text`` (one line), cut to the label's width."""
        self._whole = " ".join(text.split())
        self._fit()

    def value(self) -> str:
        """The whole value, as given."""
        return self._whole

    def is_cut(self) -> bool:
        """Whether the value is shown shortened."""
        return self.text() != self._whole

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        shown = self.fontMetrics().elidedText(self._whole, Qt.TextElideMode.ElideRight,
                                              max(self.contentsRect().width(), 1))
        if shown != self.text():
            self.setText(shown)
        cut = shown != self._whole
        tip = self._whole if cut else ""
        if self.toolTip() != tip:  # setting it, even unchanged, sends the label an event
            self.setToolTip(tip)
        self.set_may_select(not cut)
