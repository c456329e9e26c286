"""Form helpers: labelled inputs whose accessible name is the label, and errors beside fields."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from clinic_app.domain.patients import parse_date_query
from clinic_app.ui.widgets.announce import set_field_message

ERROR_STYLE = "color: #b00020;"


def plain_label(text: str) -> str:
    """A label's text without mnemonic ``&`` or trailing colon (the accessible name)."""
    return text.replace("&", "").rstrip(":").strip()


def with_error_line(widget: QWidget, accessible_name: str) -> tuple[QWidget, QLabel]:
    """``widget`` with a hidden red message line right under it: the holder and the line."""
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(widget)
    error = QLabel()
    error.setStyleSheet(ERROR_STYLE)
    error.setWordWrap(True)
    error.setTextFormat(Qt.TextFormat.PlainText)
    error.setAccessibleName(accessible_name)
    error.hide()
    column.addWidget(error)
    return holder, error


class FieldErrors:
    """Rows of a QFormLayout with a red message under each input; messages keyed by field."""

    def __init__(self, form: QFormLayout) -> None:
        self._form = form
        form.setHorizontalSpacing(max(form.horizontalSpacing(), 10))  # labels never touch fields
        self._labels: dict[str, QLabel] = {}
        self._inputs: dict[str, QWidget] = {}

    def add_row(self, field: str, label: str, widget: QWidget) -> QWidget:
        """Add ``label: widget`` with an (initially hidden) error line under the widget."""
        widget.setAccessibleName(plain_label(label))
        holder, error = with_error_line(widget, plain_label(label) + " error")
        holder.layout().addStretch(1)  # type: ignore[union-attr]
        # The row keeps its natural height, so a label stays level with a tall box (an address)
        # instead of floating above it when the dialog has room to spare.
        holder.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        row_label = QLabel(label)
        row_label.setBuddy(widget)
        self._form.addRow(row_label, holder)
        self._labels[field] = error
        self._inputs[field] = widget
        return widget

    def show(self, errors: dict[str, str]) -> list[str]:
        """Show the messages for known fields; return the fields that have no row here."""
        self.clear()
        unknown = []
        first: QWidget | None = None
        for field, message in errors.items():
            label = self._labels.get(field)
            if label is None:
                unknown.append(field)
                continue
            label.setText(message)
            label.show()
            set_field_message(self._inputs[field], message)
            first = first or self._inputs[field]
        if first is not None:
            first.setFocus()
        return unknown

    def message(self, field: str) -> str:
        """The message shown for a field, or ``""``."""
        label = self._labels.get(field)
        return label.text() if label is not None and not label.isHidden() else ""

    def labels(self) -> dict[str, str]:
        """Each field's visible label (without ``&`` or ``:``), by field key."""
        return {field: widget.accessibleName() for field, widget in self._inputs.items()}

    def clear(self) -> None:
        """Hide every message."""
        for label in self._labels.values():
            label.clear()
            label.hide()
        for widget in self._inputs.values():
            set_field_message(widget, "")


class DateLineEdit(QLineEdit):
    """A date typed as 2026-03-02 or 02/03/2026 — faster than spin boxes at a front desk."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(self.tr("YYYY-MM-DD or DD/MM/YYYY"))
        self.setMaxLength(10)

    def date_value(self) -> date | None:
        """The typed date, or ``None`` when empty or unreadable."""
        return parse_date_query(self.text())

    def is_unreadable(self) -> bool:
        """True when something was typed that is not a date."""
        return bool(self.text().strip()) and self.date_value() is None

    def set_date(self, value: date | None) -> None:
        """Show a date (ISO) or nothing."""
        self.setText(value.isoformat() if value else "")
