"""Explain, before Qt aborts, why no window can open on this Linux desktop and how to fix it."""

from __future__ import annotations

import ctypes.util
import os
import sys
from pathlib import Path

XCB_LIBRARIES = {"xcb-cursor": "libxcb-cursor0", "xcb-icccm": "libxcb-icccm4",
                 "xcb-keysyms": "libxcb-keysyms1"}


def _bundled(name: str) -> bool:
    root = getattr(sys, "_MEIPASS", None)
    return root is not None and any(Path(str(root)).rglob(f"lib{name}.so*"))


def missing_xcb_packages() -> list[str]:
    """Debian packages Qt's X11 plugin needs that this machine lacks."""
    return [package for library, package in XCB_LIBRARIES.items()
            if ctypes.util.find_library(library) is None and not _bundled(library)]


def explain_missing_platform() -> str | None:
    """A message naming the one command that fixes a missing display library, or ``None``."""
    if not sys.platform.startswith("linux"):
        return None
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return None
    if not platform and not os.environ.get("DISPLAY") and os.environ.get("WAYLAND_DISPLAY"):
        return None
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        return ("No display was found, so Stride Clinic cannot open its window. Run it from a "
                "desktop session, or set QT_QPA_PLATFORM=offscreen for a headless check "
                "(stride-clinic --self-test does this itself).")
    missing = missing_xcb_packages()
    if not missing:
        return None
    return ("Qt cannot open a window on this desktop: the X11 libraries it needs are missing. "
            f"Install them with:\n    sudo apt-get install {' '.join(missing)}")
