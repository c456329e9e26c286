"""Mutations publish what they changed; every view decides whether to refresh itself."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from clinic_app.services.context import Changes


class ChangeBus(QObject):
    """A single signal carrying ``Changes`` and the object that caused them."""

    changed = Signal(object, object)

    def publish(self, changes: Changes, initiator: object | None = None) -> None:
        """Tell every listening view what changed."""
        self.changed.emit(changes, initiator)
