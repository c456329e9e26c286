"""The UI fixtures (a signed-in main window, drivable dialogs) for the import dialog's tests."""

from __future__ import annotations

from tests.ui.conftest import dialogs, message_boxes, prepared_db, window

__all__ = ["dialogs", "message_boxes", "prepared_db", "window"]
