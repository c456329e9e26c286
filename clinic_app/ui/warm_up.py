"""Work done once, in a worker, after the first patients are listed: the chart opens without
waiting for imports, and later documents do not freeze the window with long GC passes."""

from __future__ import annotations

import gc
import logging
import threading

from clinic_app.services.registry import Services

logger = logging.getLogger(__name__)

_settled = threading.Lock()
_settled_once = False
YOUNG_OBJECTS = 10_000
"""Objects made (and not yet freed) before the collector looks at the youngest ones (Python's
default is 700)."""


def settle_long_lived_objects() -> None:
    """Load the report fonts, then take every object alive now out of the collector's sight (once).

    A full garbage collection holds the GIL whichever thread runs it, and it scans every tracked
    object: reportlab's font tables (DejaVu and WenQuanYi, some 57,000 objects, loaded by the
    first document) and the application's own long-lived objects made each one take 75-190 ms,
    so a document rendered in a worker froze the window that long each time. Loading the fonts
    with the collector paused and freezing the heap afterwards (``gc.freeze``) leaves later
    collections only the objects made since (a few ms). Frozen objects are never collected: fine
    for fonts, modules, services and the main window, which live as long as the process; the
    rest alive at this moment is a one-off, small cost.

    The youngest generation is then looked at after 10,000 new objects instead of 700: a busy
    diary week or a long history is read as thousands of short-lived rows, which reference
    counting frees as soon as the next read replaces them, and at 700 each read set off three
    passes over what it had just built (about 1 ms) and, every few reads, a full one (80 ms).
    """
    global _settled_once
    with _settled:
        if _settled_once:
            return
        from clinic_app.reports.fonts import register_fonts

        was_enabled = gc.isenabled()
        gc.disable()
        try:
            register_fonts()
            gc.freeze()
            gc.set_threshold(YOUNG_OBJECTS, *gc.get_threshold()[1:])
        finally:
            if was_enabled:
                gc.enable()
        _settled_once = True
        logger.debug("froze %d long-lived objects", gc.get_freeze_count())


def prepare_chart_code(services: Services) -> None:
    """Import the chart's modules, build every service (reportlab included) and settle the
    long-lived objects, off the GUI thread, so opening the first patient or printing the first
    document does not wait or stall."""
    services.warm_up()
    import clinic_app.ui.views.chart_view  # noqa: F401

    settle_long_lived_objects()
