"""A list whose items are a title and a line or two about it: the title bold, the words after it
quieter, a gap between items, so a list of documents reads as a list of documents."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QListWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)
from typing_extensions import override

_Index = QModelIndex | QPersistentModelIndex
_PAD = 4  # pixels around an item's text
_GAP = 2  # pixels between the title and the words below it
_FLAGS = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)


def _toward(colour: QColor, background: QColor, share: float = 0.35) -> QColor:
    """``colour`` moved ``share`` of the way to ``background``: quieter, still easy to read
    (black on white becomes #595959, about 7:1)."""
    def mix(a: int, b: int) -> int:
        return round(a + (b - a) * share)
    return QColor(mix(colour.red(), background.red()), mix(colour.green(), background.green()),
                  mix(colour.blue(), background.blue()))


def _parts(index: _Index) -> tuple[str, str]:
    """The item's title (its first line) and the rest."""
    text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
    title, _, about = text.partition("\n")
    return title, about


class TitledItemDelegate(QStyledItemDelegate):
    """Paints "title\\nabout" items: the title bold, the rest in a quieter shade of the text
    (the selection's text colour on a selected item), each wrapped to the item's width."""

    @staticmethod
    def _bold(font: QFont) -> QFont:
        bold = QFont(font)
        bold.setBold(True)
        return bold

    @staticmethod
    def _height(font: QFont, text: str, width: int) -> int:
        """The height of ``text`` wrapped to ``width`` (0 for no text)."""
        if not text:
            return 0
        bounds = QRect(0, 0, max(1, width), 100_000)
        return QFontMetrics(font).boundingRect(bounds, _FLAGS, text).height()

    @override
    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        widget = option.widget  # type: ignore[attr-defined]  # set by the view
        outer = (widget.viewport().width() - 2 * widget.spacing() if isinstance(widget, QListWidget)
                 else option.rect.width())  # type: ignore[attr-defined]
        title, about = _parts(index)
        width = outer - 2 * _PAD
        top = self._height(self._bold(option.font), title, width)  # type: ignore[attr-defined]
        rest = self._height(option.font, about, width)  # type: ignore[attr-defined]
        return QSize(max(1, outer), top + rest + 2 * _PAD + (_GAP if rest else 0))

    @override
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        panel = QStyleOptionViewItem(option)
        self.initStyleOption(panel, index)
        panel.text = ""  # type: ignore[attr-defined]  # the style draws the panel, focus and selection
        widget: QWidget | None = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, panel, painter, widget)
        rect = option.rect.adjusted(_PAD, _PAD, -_PAD, -_PAD)  # type: ignore[attr-defined]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        strong = palette.color(QPalette.ColorRole.HighlightedText if selected
                               else QPalette.ColorRole.Text)
        quiet = strong if selected else _toward(strong, palette.color(QPalette.ColorRole.Base))
        title, about = _parts(index)
        bold = self._bold(option.font)  # type: ignore[attr-defined]
        painter.save()
        painter.setFont(bold)
        painter.setPen(strong)
        painter.drawText(rect, _FLAGS, title)
        if about:
            top = self._height(bold, title, rect.width())
            painter.setFont(option.font)  # type: ignore[attr-defined]
            painter.setPen(quiet)
            painter.drawText(rect.adjusted(0, top + _GAP, 0, 0), _FLAGS, about)
        painter.restore()


def use_titled_items(view: QListWidget) -> None:
    """Show ``view``'s "title\\nabout" items as titled entries, laid out again when it resizes."""
    view.setItemDelegate(TitledItemDelegate(view))
    view.setResizeMode(QListWidget.ResizeMode.Adjust)
    view.setSpacing(2)
