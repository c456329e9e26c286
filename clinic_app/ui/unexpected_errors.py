"""The last line of defence: an error nobody caught is logged with its traceback and explained.

PySide6 hands an exception raised in a slot to ``sys.excepthook`` and then carries on with the
event loop, so the app keeps running; this hook makes sure the user hears about it in plain words
(what failed, where, and where the log is) instead of the error vanishing into a console that a
windowed build does not have.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from clinic_app import APP_NAME

logger = logging.getLogger(__name__)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def where_it_failed(tb: TracebackType | None) -> str:
    """The innermost frame of our own code, as "module.function, line N"."""
    frames = traceback.extract_tb(tb)
    ours = [f for f in frames if "clinic_app" in f.filename.replace("\\", "/")] or frames
    if not ours:
        return QCoreApplication.translate("UnexpectedError", "unknown place")
    frame = ours[-1]
    parts = Path(frame.filename).with_suffix("").parts
    module = ".".join(parts[parts.index("clinic_app"):]) if "clinic_app" in parts else parts[-1]
    return QCoreApplication.translate("UnexpectedError", "{module}.{function}, line {line}").format(
        module=module, function=frame.name, line=frame.lineno)


class UnexpectedErrorReporter:
    """``sys.excepthook`` for the GUI: log the traceback, show one dialog, keep the app running."""

    def __init__(self, log_path: Path | None,
                 parent: Callable[[], QWidget | None] = QApplication.activeWindow) -> None:
        self._log_path = log_path
        self._parent = parent
        self._showing = False
        self.previous: ExceptHook = sys.excepthook

    def install(self) -> None:
        """Become ``sys.excepthook``."""
        self.previous = sys.excepthook
        sys.excepthook = self

    def uninstall(self) -> None:
        """Put back the hook that was there before."""
        if sys.excepthook is self:
            sys.excepthook = self.previous

    def message(self, exc: BaseException, tb: TracebackType | None) -> str:
        """What the dialog says: what failed, where, that the app goes on, where the log is."""
        detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
        what = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
        log = (str(self._log_path) if self._log_path
               else QCoreApplication.translate("UnexpectedError", "(no log file could be written)"))
        return QCoreApplication.translate("UnexpectedError", 
            "{app} met an unexpected problem and stopped what it was doing.\n\n"
            "What failed: {what}\nWhere: {where}\n\n"
            "The app is still running. Records already saved are safe, and text you have not "
            "saved is still in its editor: save it again, and if the problem comes back, send "
            "this log file to whoever looks after the app:\n{log}").format(
            app=APP_NAME, what=what, where=where_it_failed(tb), log=log)

    def __call__(self, exc_type: type[BaseException], exc: BaseException,
                 tb: TracebackType | None) -> None:
        """Handle one uncaught exception."""
        if issubclass(exc_type, KeyboardInterrupt):
            self.previous(exc_type, exc, tb)
            return
        logger.critical("unexpected error at %s", where_it_failed(tb), exc_info=(exc_type, exc, tb))
        if self._showing or QApplication.instance() is None:
            return  # one dialog at a time; later errors are in the log
        self._showing = True
        try:
            QMessageBox.critical(self._parent(),
                                 QCoreApplication.translate("UnexpectedError", "Unexpected problem"),
                                 self.message(exc, tb))
        except Exception:  # noqa: BLE001 - the reporter itself must never raise
            logger.exception("could not show the unexpected-error dialog")
        finally:
            self._showing = False
