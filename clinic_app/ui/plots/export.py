"""Write the whole graphics layout to PNG or SVG by rendering its scene with QPainter.

pyqtgraph 0.14's SVGExporter fails under Qt 6.11 (it cannot parse the path data Qt now writes:
pyqtgraph issue #3485), and its ImageExporter shrinks legends when asked for more pixels than the
screen shows. Rendering the scene ourselves gives a 2x PNG (device pixel ratio 2, so text, pens and
legends scale together) and a vector SVG through QSvgGenerator; day-based x values keep
coordinates small, so SVG precision is not an issue.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator

from clinic_app.ui.plots.graphs import ProgressGraphs

logger = logging.getLogger(__name__)

PNG_SCALE = 2  # crisp enough to paste into a referral letter


def export_graphs(graphs: ProgressGraphs, path: Path) -> None:
    """Write the plots to ``path``; the format follows the suffix (.png or .svg)."""
    suffix = path.suffix.lower()
    if suffix == ".png":
        _png(graphs, path)
    elif suffix == ".svg":
        _svg(graphs, path)
    else:
        raise ValueError(f"unsupported export format: {path.suffix!r}")
    if not path.is_file() or path.stat().st_size == 0:
        raise OSError(f"nothing was written to {path}")
    logger.info("exported progress graphs to %s", path)


def _source(graphs: ProgressGraphs) -> QRectF:
    return graphs.mapToScene(graphs.viewport().rect()).boundingRect()


def _paint(graphs: ProgressGraphs, painter: QPainter, source: QRectF) -> None:
    target = QRectF(0, 0, source.width(), source.height())
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.fillRect(target, QColor("white"))
    graphs.export_scene().render(painter, target, source)


def _png(graphs: ProgressGraphs, path: Path) -> None:
    source = _source(graphs)
    image = QImage(int(source.width() * PNG_SCALE), int(source.height() * PNG_SCALE),
                   QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(PNG_SCALE)
    image.setDotsPerMeterX(int(graphs.logicalDpiX() * PNG_SCALE / 0.0254))
    image.setDotsPerMeterY(int(graphs.logicalDpiY() * PNG_SCALE / 0.0254))
    painter = QPainter(image)
    try:
        _paint(graphs, painter, source)
    finally:
        painter.end()
    if not image.save(str(path)):
        raise OSError(f"could not write {path}")


def _svg(graphs: ProgressGraphs, path: Path) -> None:
    source = _source(graphs)
    size = QSize(int(source.width()), int(source.height()))
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(size)
    generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
    generator.setResolution(graphs.logicalDpiX())  # axes replay QPictures: DPI must match the screen's
    generator.setTitle("Stride Clinic progress graphs")
    painter = QPainter(generator)
    try:
        _paint(graphs, painter, source)
    finally:
        painter.end()
