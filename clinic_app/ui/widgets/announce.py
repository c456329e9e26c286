"""Tell screen-reader users what sighted users see appear: messages beside fields, status lines.

A message shown beside a field becomes the field's accessible description (read with the field
when it gets focus) and is announced once when it appears.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget

logger = logging.getLogger(__name__)


def announce(widget: QWidget, message: str, *, assertive: bool = False) -> None:
    """Ask assistive technology to read ``message`` now (nothing when it is empty)."""
    if not message.strip():
        return
    event = QAccessibleAnnouncementEvent(widget, message)
    if assertive:
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
    QAccessible.updateAccessibility(event)


def set_field_message(widget: QWidget, message: str) -> None:
    """Attach (or with ``""`` remove) the message shown beside a field, and announce it."""
    if widget.accessibleDescription() == message:
        return
    widget.setAccessibleDescription(message)
    announce(widget, message, assertive=True)
