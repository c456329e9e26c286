"""An error nobody caught: logged with its traceback, explained in a dialog, the app keeps going."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from clinic_app.ui.unexpected_errors import UnexpectedErrorReporter
from tests.ui.conftest import MessageBoxes


def _explode() -> None:
    raise ZeroDivisionError("weekly distance divided by zero weeks")


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_shows_a_dialog_and_logs_the_traceback(
    qtbot: QtBot, message_boxes: MessageBoxes, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    log_path = tmp_path / "logs" / "stride-clinic.log"
    reporter = UnexpectedErrorReporter(log_path, parent=lambda: None)
    reporter.install()
    button = QPushButton("Recalculate")
    qtbot.addWidget(button)
    clicks: list[bool] = []
    button.clicked.connect(_explode)
    button.clicked.connect(lambda: clicks.append(True))
    try:
        with caplog.at_level(logging.CRITICAL):
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # still alive: a second click works
    finally:
        reporter.uninstall()
    assert clicks == [True, True]
    kind, title, text = message_boxes.shown[0]
    assert (kind, title) == ("critical", "Unexpected problem")
    assert "What failed: ZeroDivisionError: weekly distance divided by zero weeks" in text
    assert "Where: test_unexpected_errors._explode, line" in text
    assert str(log_path) in text and "still running" in text
    record = caplog.records[0]
    assert record.levelno == logging.CRITICAL and "_explode" in record.getMessage()
    assert record.exc_info is not None and record.exc_info[0] is ZeroDivisionError


def test_the_place_named_is_the_innermost_frame_of_the_app() -> None:
    from clinic_app.domain.measures.scoring import score_odi

    try:
        score_odi(None)  # type: ignore[arg-type]
    except Exception as exc:  # noqa: BLE001
        where = UnexpectedErrorReporter(None).message(exc, exc.__traceback__)
    assert "Where: clinic_app.domain.measures.scoring.score_odi, line" in where
    assert "no log file could be written" in where
