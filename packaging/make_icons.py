"""Render the app icon (``resources/icons/app.svg``) into the files installers need.

``stride-clinic.png`` (256 px, Linux desktop entry and hicolor theme), ``stride-clinic.ico``
(Windows executable and installer) and ``stride-clinic.icns`` (macOS bundle). Each size is drawn
from the SVG by Qt's ``QSvgRenderer`` rather than scaled down from one bitmap, so small sizes
stay sharp; Pillow only packs the bitmaps into ``.ico``/``.icns`` containers.

Run with the project's Python: ``.venv/bin/python packaging/make_icons.py [--force]``. It does
nothing when the icons were made from the SVG as it is now: ``icons/source.sha256`` records the
SVG's digest when they are written (file times are no guide: a fresh clone gives every file the
time of the checkout, and rebuilding committed icons would leave the work tree changed). The
spec runs it before every build.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from spec_data import ICON_ICNS, ICON_ICO, ICON_PNG, ICON_SVG  # noqa: E402

PNG_SIZE = 256
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def _render(svg: Path, size: int) -> bytes:
    """PNG bytes of the SVG drawn at ``size`` x ``size`` on a transparent background."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not a valid SVG file")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # PySide6 wants str here
    buffer.close()
    return bytes(data.data())


def _digest(svg: Path) -> str:
    return hashlib.sha256(svg.read_bytes()).hexdigest()


def _up_to_date(svg: Path, outputs: tuple[Path, ...], record: Path) -> bool:
    """The icons exist and were made from this SVG's content."""
    return (all(out.is_file() for out in outputs) and record.is_file()
            and record.read_text(encoding="ascii").strip() == _digest(svg))


def make_icons(svg: Path = ICON_SVG, png: Path = ICON_PNG, ico: Path = ICON_ICO,
               icns: Path = ICON_ICNS, force: bool = False) -> bool:
    """Write the three icon files; return False when they were already up to date."""
    record = png.parent / "source.sha256"
    if not force and _up_to_date(svg, (png, ico, icns), record):
        return False
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # noqa: F841 - keeps Qt alive
    rendered = {size: _render(svg, size) for size in sorted({PNG_SIZE, *ICO_SIZES, *ICNS_SIZES})}
    images = {size: Image.open(io.BytesIO(data)).convert("RGBA") for size, data in rendered.items()}
    png.parent.mkdir(parents=True, exist_ok=True)
    png.write_bytes(rendered[PNG_SIZE])
    largest_ico = max(ICO_SIZES)
    images[largest_ico].save(ico, format="ICO", sizes=[(s, s) for s in ICO_SIZES],
                             append_images=[images[s] for s in ICO_SIZES if s != largest_ico])
    largest_icns = max(ICNS_SIZES)
    images[largest_icns].save(icns, format="ICNS",
                              append_images=[images[s] for s in ICNS_SIZES if s != largest_icns])
    record.write_text(_digest(svg) + "\n", encoding="ascii")
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rewrite even when up to date")
    args = parser.parse_args()
    written = make_icons(force=args.force)
    print(f"icons {'written to' if written else 'up to date in'} {ICON_PNG.parent}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
