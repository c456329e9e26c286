"""The UI fixtures (real main window, drivable dialogs, recorded message boxes) for the diary."""

from __future__ import annotations

from tests.ui.conftest import dialogs, message_boxes, prepared_db, window

__all__ = ["dialogs", "message_boxes", "prepared_db", "window"]
