"""Small typed inputs shared by the intake and exam forms."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from clinic_app.domain.load.training import km_to_miles, miles_to_km


class NumberEdit(QLineEdit):
    """A number typed freely; out-of-range values reach the service, which explains the range."""

    def __init__(self, integer: bool = True, distance: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._integer = integer
        self._distance = distance
        self.unit = "km"
        self.setMaximumWidth(110)
        self.textChanged.connect(lambda _t: None)

    def value(self) -> float | int | None:
        """The number typed (distances in km), or ``None`` when empty or unreadable."""
        text = self.text().strip().replace(",", ".")
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            return None
        if math.isnan(number) or math.isinf(number):
            return None
        if self._distance and self.unit == "mi":
            number = miles_to_km(number)
        if self._integer:
            return int(number) if number == int(number) else None
        return number

    def int_value(self) -> int | None:
        """The typed whole number, or ``None``."""
        value = self.value()
        return int(value) if value is not None else None

    def is_unreadable(self) -> bool:
        """True when something was typed that is not a (whole) number."""
        return bool(self.text().strip()) and self.value() is None

    def set_value(self, value: float | None) -> None:
        """Show a value (km converted to the unit for distances)."""
        if value is None:
            self.clear()
            return
        shown = km_to_miles(value) if self._distance and self.unit == "mi" else value
        self.setText(f"{shown:.1f}".rstrip("0").rstrip(".") if isinstance(shown, float)
                     else str(shown))


def enum_combo(choices: Sequence[tuple[str, str]], none_label: str = "—") -> QComboBox:
    """A combo box of (value, label) pairs with an empty first entry."""
    combo = QComboBox()
    combo.addItem(none_label, None)
    for value, label in choices:
        combo.addItem(label, value)
    return combo


def set_combo(combo: QComboBox, value: Any) -> None:
    """Select the entry whose data equals ``value`` (or the empty entry)."""
    index = combo.findData(value.value if hasattr(value, "value") else value)
    combo.setCurrentIndex(index if index >= 0 else 0)


def labels_for(enum_type: Any, overrides: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(value, Capitalised label) pairs for an enum."""
    overrides = overrides or {}
    return [(m.value, overrides.get(m.value, m.value.replace("_", " ").capitalize()))
            for m in enum_type]
