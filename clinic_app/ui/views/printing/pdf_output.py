"""Show PDF bytes in the app (QtPdf) and send them to a printer page by page."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

logger = logging.getLogger(__name__)


class PdfBytes(QObject):
    """A QPdfDocument reading from memory (the buffer lives as long as the document)."""

    def __init__(self, data: bytes, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bytes = QByteArray(data)
        self.buffer = QBuffer(self)
        self.buffer.setData(self._bytes)
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self.buffer)

    @property
    def page_count(self) -> int:
        """Pages in the document (0 when it failed to load)."""
        return int(self.document.pageCount())


def print_pdf(data: bytes, printer: QPrinter,
              cancelled: Callable[[], bool] = lambda: False) -> int:
    """Render every page onto ``printer`` at its resolution; returns the pages printed."""
    pdf = PdfBytes(data)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("The printer could not be opened.")
    printed = 0
    try:
        dpi = printer.resolution()
        for page in range(pdf.page_count):
            if cancelled():
                break
            if page:
                printer.newPage()
            points = pdf.document.pagePointSize(page)
            size = QSize(int(points.width() / 72 * dpi), int(points.height() / 72 * dpi))
            image = pdf.document.render(page, size)
            target = printer.pageLayout().paintRectPixels(dpi)
            scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(0, 0, scaled.width(), scaled.height()), image)
            printed += 1
    finally:
        painter.end()
    return printed
